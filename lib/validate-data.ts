/**
 * Validation of an environment's `data` section: what each environment's criticality demands of
 * the databases and caches (Multi-AZ, backups, deletion protection), and every rule of the
 * constructs the data stack builds from it (PostgresDatabase, RedisCache, AtlasDatabase, JobQueues,
 * DataBuckets), run here through their exported validators at the config's paths, so that a
 * mistake in any of them is reported with every other one, for every environment, before any
 * construct exists.
 *
 * The constructs' validators also see what the stack adds to the config (names, placement, role
 * ARNs). Those props are derived, not configured: they are left out of the report (their sources,
 * the environment's name, account, region and AZs, are checked by lib/validate.ts), except where
 * the config decides them, checked here in config terms (a data tier with no client at all).
 */
import { validateAtlasDatabaseProps } from "../constructs/atlas";
import { validateDataBucketsProps } from "../constructs/data-buckets";
import { validateJobQueuesProps } from "../constructs/job-queues";
import { validatePostgresDatabaseProps } from "../constructs/postgres";
import { validateRedisCacheProps } from "../constructs/redis";
import { AtlasConfig, DataConfig, EnvironmentConfig, PostgresConfig, RedisConfig } from "./config";
import { namePrefix, PROJECT } from "./naming";
import { Problems, isInt, isRecord, listAt, section } from "./problems";
import { isSupportedRegion } from "./regions";

/** Burstable classes too small for production databases (reference 004: db.t3.medium or larger). */
const TOO_SMALL_FOR_PRODUCTION = /^db\.t\d+g?\.(nano|micro|small)$/;
const DB_INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;

/** Props the data stack sets from what lib/validate.ts checks elsewhere: never reported at a data path. */
const DERIVED_PLACEMENT = { namePrefix: null, accountId: null, region: null, vpcId: null, subnetIds: null, clientSecurityGroupIds: null } as const;

export function validateData(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.data`;
  const test = env.criticality === "test";
  const production = env.criticality === "production";
  const shaped = production || env.criticality === "preProduction";
  const d = section<DataConfig>(problems, base, env.data, {
    allowed: `a DataConfig for every ${env.criticality} environment`,
    fix: `add a data section to environments/${env.name}.ts (copy the one of dev.ts)`,
    replace: `make ${base} an object like the data section of dev.ts`,
    optional: test,
  });
  if (d === undefined) {
    return;
  }

  // What the data stack gives every store: names from the environment, ids known only at apply
  // time, and as clients the cluster's nodes and the Lambda when it runs in the VPC.
  const inVpc = isRecord(env.serverless) && env.serverless.inVpc === true;
  const placement = {
    namePrefix: namePrefix(env.name),
    accountId: env.accountId,
    region: env.region,
    vpcId: "<vpc id>",
    subnetIds: ["<data subnet 1>", "<data subnet 2>"],
    clientSecurityGroupIds: [...(env.platform ? ["<cluster security group>"] : []), ...(inVpc ? ["<lambda security group>"] : [])],
  };
  // Only where leaving the cluster out is allowed: elsewhere its absence is the problem reported.
  if (placement.clientSecurityGroupIds.length === 0 && test) {
    const inVpcPath = `${env.name}.serverless.inVpc`;
    problems.add(
      inVpcPath,
      isRecord(env.serverless) ? env.serverless.inVpc : undefined,
      `leaves ${base} without any client: the Lambda runs outside the VPC and there is no cluster (no platform section), so nothing could reach the databases`,
      `true when the environment has a data section and no platform section`,
      `set ${inVpcPath} to true, add a platform section, or remove ${base}`,
    );
  }

  const pgBase = `${base}.postgres`;
  const pg = section<PostgresConfig>(problems, pgBase, d.postgres, {
    allowed: "a PostgresConfig object",
    fix: `add a postgres section to ${base} (copy the one of dev.ts)`,
    replace: `make ${pgBase} an object like the one of dev.ts`,
  });
  if (pg) {
    if (production && typeof pg.instanceClass === "string" && DB_INSTANCE_CLASS.test(pg.instanceClass) && TOO_SMALL_FOR_PRODUCTION.test(pg.instanceClass)) {
      problems.add(`${pgBase}.instanceClass`, pg.instanceClass, "is an instance class not allowed for production databases", "db.t3.medium or larger (reference 004)", `set ${pgBase}.instanceClass to "db.t3.medium" or a db.m/db.r class`);
    }
    if (production && pg.deployment === "singleAz") {
      problems.add(`${pgBase}.deployment`, pg.deployment, "leaves the production database in one AZ", '"multiAz" in production', `set ${pgBase}.deployment to "multiAz"`);
    }
    if (production && isInt(pg.backupRetentionDays, 1, 35) && pg.backupRetentionDays < 7) {
      problems.add(`${pgBase}.backupRetentionDays`, pg.backupRetentionDays, "keeps production backups for less than a week", "7 to 35 in production", `set ${pgBase}.backupRetentionDays to 7 or more`);
    }
    if (production && pg.deletionProtection === "disabled") {
      problems.add(`${pgBase}.deletionProtection`, pg.deletionProtection, "lets a production database be deleted by one apply", '"enabled" in production', `set ${pgBase}.deletionProtection to "enabled"`);
    }
    if (shaped && pg.finalSnapshot === "skip") {
      problems.add(`${pgBase}.finalSnapshot`, pg.finalSnapshot, `destroys a ${env.criticality} database without a final snapshot`, '"keep" in staging and production', `set ${pgBase}.finalSnapshot to "keep"`);
    }
    validatePostgresDatabaseProps({ ...placement, ...pg, databaseName: PROJECT, masterUsername: `${PROJECT}_admin` }, problems, {
      base: pgBase,
      props: { ...DERIVED_PLACEMENT, databaseName: null, masterUsername: null },
    });
  }

  const rBase = `${base}.redis`;
  const r = section<RedisConfig>(problems, rBase, d.redis, {
    allowed: 'a RedisConfig (only "test" environments, applied to a fake cloud without ElastiCache, run without one)',
    fix: `add a redis section to ${base} (copy the one of dev.ts)`,
    replace: `make ${rBase} an object like the one of dev.ts`,
    optional: test,
  });
  if (r) {
    const failoverKnown = r.failover === "none" || r.failover === "automatic" || r.failover === "multiAz";
    if (production && failoverKnown && (r.failover !== "multiAz" || !(typeof r.replicas === "number" && r.replicas >= 1))) {
      problems.add(`${rBase}.failover`, { failover: r.failover, replicas: r.replicas }, "leaves production sessions on one node or one AZ", 'failover "multiAz" with at least 1 replica (2 nodes) in production', `set ${rBase}.failover to "multiAz" and ${rBase}.replicas to 1 or more`);
    }
    if (shaped && r.snapshotRetentionDays === 0) {
      problems.add(`${rBase}.snapshotRetentionDays`, r.snapshotRetentionDays, `keeps no snapshot of a ${env.criticality} cache`, "1 to 35 in staging and production", `set ${rBase}.snapshotRetentionDays to e.g. 7`);
    }
    validateRedisCacheProps({ ...placement, ...r, appKeyPrefix: `${PROJECT}:` }, problems, { base: rBase, props: { ...DERIVED_PLACEMENT, appKeyPrefix: null } });
  }

  const aBase = `${base}.atlas`;
  const a = section<AtlasConfig>(problems, aBase, d.atlas, {
    allowed: 'an AtlasConfig (only "test" environments, applied to a fake cloud without Atlas, run without one)',
    fix: `add an atlas section to ${base} (copy the one of dev.ts)`,
    replace: `make ${aBase} an object like the one of dev.ts`,
    optional: test,
  });
  if (a) {
    if (production && a.pointInTimeRecovery === "disabled") {
      problems.add(`${aBase}.pointInTimeRecovery`, a.pointInTimeRecovery, "leaves production documents without point-in-time recovery", '"enabled" in production', `set ${aBase}.pointInTimeRecovery to "enabled"`);
    }
    if (production && a.terminationProtection === "disabled") {
      problems.add(`${aBase}.terminationProtection`, a.terminationProtection, "lets a production cluster be deleted by one apply", '"enabled" in production', `set ${aBase}.terminationProtection to "enabled"`);
    }
    // The users are the backend's roles, named by lib/naming: derived, like the placement. Every
    // supported region is one Atlas deploys to; should one not be, it is reported at the region.
    validateAtlasDatabaseProps({ ...placement, ...a, databaseName: PROJECT, iamRoleArns: [], tags: {} }, problems, {
      base: aBase,
      props: { ...DERIVED_PLACEMENT, region: isSupportedRegion(env.region) ? `${env.name}.region` : null, databaseName: null, iamRoleArns: null, tags: null },
    });
  }

  const queues = listAt(problems, `${base}.queues`, d.queues, { allowed: "the job queues of reference 001", fix: `set ${base}.queues to JOB_QUEUES (environments/data-shapes.ts)` });
  if (queues?.length === 0) {
    problems.add(`${base}.queues`, queues, "is empty", "the job queues of reference 001", `set ${base}.queues to JOB_QUEUES (environments/data-shapes.ts)`);
  } else if (queues) {
    validateJobQueuesProps({ namePrefix: placement.namePrefix, accountId: env.accountId, region: env.region, queues }, problems, {
      base,
      props: { namePrefix: null, accountId: null, region: null },
    });
  }
  const buckets = listAt(problems, `${base}.buckets`, d.buckets, { allowed: "the buckets of reference 001", fix: `set ${base}.buckets to DATA_BUCKETS (environments/data-shapes.ts)` });
  if (buckets?.length === 0) {
    problems.add(`${base}.buckets`, buckets, "is empty", "the buckets of reference 001", `set ${base}.buckets to DATA_BUCKETS (environments/data-shapes.ts)`);
  } else if (buckets) {
    validateDataBucketsProps({ namePrefix: placement.namePrefix, accountId: env.accountId, region: env.region, buckets, logRetentionDays: d.bucketLogRetentionDays }, problems, {
      base,
      props: { namePrefix: null, accountId: null, region: null, logRetentionDays: `${base}.bucketLogRetentionDays` },
    });
  }
  const alarmActions = listAt<unknown>(problems, `${base}.alarmActions`, d.alarmActions, { allowed: "a list of SNS topic ARNs", fix: `remove ${base}.alarmActions`, optional: true });
  for (const [i, arn] of (alarmActions ?? []).entries()) {
    if (typeof arn !== "string" || !new RegExp(`^arn:aws:sns:${env.region}:${env.accountId}:[A-Za-z0-9_-]{1,256}$`).test(arn)) {
      problems.add(`${base}.alarmActions[${i}]`, arn, "is not an SNS topic of the environment", `arn:aws:sns:${env.region}:${env.accountId}:<topic>`, `use the ARN of a topic in the environment's account and region`);
    }
  }
}
