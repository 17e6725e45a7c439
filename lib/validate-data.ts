/**
 * Validation of an environment's `data` section: what each environment's criticality demands of
 * the databases and caches (Multi-AZ, backups, deletion protection), reported through the same
 * collector as every other section. Shapes the constructs check themselves (window formats, name
 * lengths, queue settings) are left to them: they fail the synth with their own messages.
 */
import { EnvironmentConfig, LOG_RETENTION_DAYS } from "./config";
import { Problems, isInt, oneOf } from "./problems";
import { ATLAS_INSTANCE_SIZES } from "./types/atlas";

/** Burstable classes too small for production databases (reference 004: db.t3.medium or larger). */
const TOO_SMALL_FOR_PRODUCTION = /^db\.t\d+g?\.(nano|micro|small)$/;
const DB_INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;

export function validateData(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.data`;
  const d = env.data;
  const test = env.criticality === "test";
  const production = env.criticality === "production";
  const shaped = production || env.criticality === "preProduction";
  if (d === undefined) {
    if (!test) {
      problems.add(base, d, "is missing", `a DataConfig for every ${env.criticality} environment`, `add a data section to environments/${env.name}.ts (copy the one of dev.ts)`);
    }
    return;
  }

  const pg = d.postgres;
  const pgBase = `${base}.postgres`;
  if (!DB_INSTANCE_CLASS.test(String(pg.instanceClass))) {
    problems.add(`${pgBase}.instanceClass`, pg.instanceClass, "is not an RDS instance class", "db.<family>.<size>, e.g. db.t3.micro", `correct ${pgBase}.instanceClass`);
  } else if (production && TOO_SMALL_FOR_PRODUCTION.test(pg.instanceClass)) {
    problems.add(`${pgBase}.instanceClass`, pg.instanceClass, "is an instance class not allowed for production databases", "db.t3.medium or larger (reference 004)", `set ${pgBase}.instanceClass to "db.t3.medium" or a db.m/db.r class`);
  }
  if (production && pg.deployment !== "multiAz") {
    problems.add(`${pgBase}.deployment`, pg.deployment, "leaves the production database in one AZ", '"multiAz" in production', `set ${pgBase}.deployment to "multiAz"`);
  }
  if (!isInt(pg.backupRetentionDays, 1, 35)) {
    problems.add(`${pgBase}.backupRetentionDays`, pg.backupRetentionDays, "is not a backup retention RDS accepts with point-in-time recovery", "an integer from 1 to 35", `set ${pgBase}.backupRetentionDays to 7`);
  } else if (production && pg.backupRetentionDays < 7) {
    problems.add(`${pgBase}.backupRetentionDays`, pg.backupRetentionDays, "keeps production backups for less than a week", "7 to 35 in production", `set ${pgBase}.backupRetentionDays to 7 or more`);
  }
  if (production && pg.deletionProtection !== "enabled") {
    problems.add(`${pgBase}.deletionProtection`, pg.deletionProtection, "lets a production database be deleted by one apply", '"enabled" in production', `set ${pgBase}.deletionProtection to "enabled"`);
  }
  if (shaped && pg.finalSnapshot !== "keep") {
    problems.add(`${pgBase}.finalSnapshot`, pg.finalSnapshot, `destroys a ${env.criticality} database without a final snapshot`, '"keep" in staging and production', `set ${pgBase}.finalSnapshot to "keep"`);
  }
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(pg.logRetentionDays)) {
    problems.add(`${pgBase}.logRetentionDays`, pg.logRetentionDays, "is not a retention CloudWatch Logs accepts", oneOf(LOG_RETENTION_DAYS), `set ${pgBase}.logRetentionDays to e.g. 365`);
  }

  const r = d.redis;
  const rBase = `${base}.redis`;
  if (r === undefined) {
    if (!test) {
      problems.add(rBase, r, "is missing", 'a RedisConfig (only "test" environments, applied to a fake cloud without ElastiCache, run without one)', `add a redis section to ${base} (copy the one of dev.ts)`);
    }
  } else {
    if (!CACHE_NODE_TYPE.test(String(r.nodeType))) {
      problems.add(`${rBase}.nodeType`, r.nodeType, "is not an ElastiCache node type", "cache.<family>.<size>, e.g. cache.t4g.micro", `correct ${rBase}.nodeType`);
    }
    if (production && (r.failover !== "multiAz" || !(r.replicas >= 1))) {
      problems.add(`${rBase}.failover`, { failover: r.failover, replicas: r.replicas }, "leaves production sessions on one node or one AZ", 'failover "multiAz" with at least 1 replica (2 nodes) in production', `set ${rBase}.failover to "multiAz" and ${rBase}.replicas to 1 or more`);
    }
    if (shaped && !(r.snapshotRetentionDays >= 1)) {
      problems.add(`${rBase}.snapshotRetentionDays`, r.snapshotRetentionDays, `keeps no snapshot of a ${env.criticality} cache`, "1 to 35 in staging and production", `set ${rBase}.snapshotRetentionDays to e.g. 7`);
    }
  }

  const a = d.atlas;
  const aBase = `${base}.atlas`;
  if (a === undefined) {
    if (!test) {
      problems.add(aBase, a, "is missing", 'an AtlasConfig (only "test" environments, applied to a fake cloud without Atlas, run without one)', `add an atlas section to ${base} (copy the one of dev.ts)`);
    }
  } else {
    if (!(ATLAS_INSTANCE_SIZES as readonly string[]).includes(a.instanceSize)) {
      problems.add(`${aBase}.instanceSize`, a.instanceSize, "is not an Atlas tier with private endpoints and cloud backup", `M10 or larger: ${oneOf(ATLAS_INSTANCE_SIZES)}`, `set ${aBase}.instanceSize to "M10" (dev, staging) or "M20" (prod, reference 001)`);
    }
    if (production && a.pointInTimeRecovery !== "enabled") {
      problems.add(`${aBase}.pointInTimeRecovery`, a.pointInTimeRecovery, "leaves production documents without point-in-time recovery", '"enabled" in production', `set ${aBase}.pointInTimeRecovery to "enabled"`);
    }
    if (production && a.terminationProtection !== "enabled") {
      problems.add(`${aBase}.terminationProtection`, a.terminationProtection, "lets a production cluster be deleted by one apply", '"enabled" in production', `set ${aBase}.terminationProtection to "enabled"`);
    }
  }

  if (!Array.isArray(d.queues) || d.queues.length === 0) {
    problems.add(`${base}.queues`, d.queues, "is empty", "the job queues of reference 001", `set ${base}.queues to JOB_QUEUES (environments/data-shapes.ts)`);
  }
  if (!Array.isArray(d.buckets) || d.buckets.length === 0) {
    problems.add(`${base}.buckets`, d.buckets, "is empty", "the buckets of reference 001", `set ${base}.buckets to DATA_BUCKETS (environments/data-shapes.ts)`);
  }
  for (const [i, arn] of (d.alarmActions ?? []).entries()) {
    if (!new RegExp(`^arn:aws:sns:${env.region}:${env.accountId}:[A-Za-z0-9_-]{1,256}$`).test(String(arn))) {
      problems.add(`${base}.alarmActions[${i}]`, arn, "is not an SNS topic of the environment", `arn:aws:sns:${env.region}:${env.accountId}:<topic>`, `use the ARN of a topic in the environment's account and region`);
    }
  }
}
