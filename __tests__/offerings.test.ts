/**
 * Checks against what AWS, EKS, Kubernetes, Atlas and the chart repositories offer
 * (lib/offerings, data/aws): every bad input of the table is refused by validateEnvironments with
 * exactly the problems listed (so none is reported twice, and no other check fires); the shipped
 * environments pass; the data files are well-formed; the refresh script turns a botocore-shaped
 * model into the expected files.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { EnvironmentConfig, NodeGroupConfig } from "../lib/config";
import { validateEnvironments } from "../lib/validate";
import { Problems } from "../lib/problems";
import { validateOfferings } from "../lib/offerings";
import { ALL_DATA_FILES, EC2_INSTANCE_TYPES, ELASTICACHE_NODE_TYPES, RDS_POSTGRES_INSTANCE_CLASSES } from "../lib/offerings/data";
import { compareTypes } from "../lib/offerings/sizes";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { botocoreVersion, buildGeneratedFiles, GENERATED_BY, LoadedModel, ModelError, Models, readModel, refresh } from "../tools/refresh-aws-data";
import { configErrorOf, testEnv } from "./helpers";

type Patch<T> = { -readonly [K in keyof T]?: unknown };
/** One expected problem: its first line (path, value, problem), what is allowed, the fix. */
type Expected = readonly [what: string, allowed: string, fix: string];

const base = testEnv();
const platform = base.platform!;
const data = base.data!;
const env = (patch: Partial<EnvironmentConfig> = {}): EnvironmentConfig => testEnv(patch);
const withPlatform = (patch: Patch<NonNullable<EnvironmentConfig["platform"]>>): EnvironmentConfig => env({ platform: { ...platform, ...patch } as never });
const withGroup = (name: "general" | "ml", patch: Patch<NodeGroupConfig>): EnvironmentConfig =>
  withPlatform({ nodeGroups: { ...platform.nodeGroups, [name]: { ...platform.nodeGroups[name], ...patch } } });
const withData = (section: "postgres" | "redis" | "atlas", patch: Record<string, unknown>): EnvironmentConfig =>
  env({ data: { ...data, [section]: { ...(data[section] as object), ...patch } } as never });
const withAddons = (patch: Record<string, string>): EnvironmentConfig => withPlatform({ addons: { ...platform.addons, ...patch } });
const withChart = (key: string, patch: Record<string, unknown>): EnvironmentConfig => {
  const charts = platform.apps.charts as unknown as Record<string, object>;
  return withPlatform({ apps: { ...platform.apps, charts: { ...charts, [key]: { ...charts[key], ...patch } } } });
};
const withDefaults = (i: number, patch: Record<string, string>): EnvironmentConfig =>
  withPlatform({ apps: { ...platform.apps, namespaces: platform.apps.namespaces.map((ns, j) => (j === i ? { ...ns, containerDefaults: { ...ns.containerDefaults, ...patch } } : ns)) } });
const withNetwork = (patch: Record<string, unknown>): EnvironmentConfig => env({ network: { ...base.network, ...patch } as never });
const mlTaint = { key: "workload", value: "ml", effect: "NO_SCHEDULE" };
const manyTags = Object.fromEntries(Array.from({ length: 44 }, (_, i) => [`Tag${i + 1}`, "x"]));

/** The whole message validateEnvironments throws for one environment with exactly these problems. */
function message(expected: readonly Expected[]): string {
  const n = expected.length;
  return [
    `Invalid configuration (${n} problem${n === 1 ? "" : "s"}); nothing was synthesized:`,
    ...expected.map(([what, allowed, fix]) => `  - ${what}\n    allowed: ${allowed}\n    fix: ${fix}`),
  ].join("\n");
}

/** Bad inputs AWS, EKS, Kubernetes or Atlas would refuse at apply, and the problems they get. */
const BAD_INPUTS: ReadonlyArray<readonly [name: string, env: EnvironmentConfig, expected: readonly Expected[]]> = [
  [
    "a t3 size that does not exist",
    withGroup("general", { instanceTypes: ["t3.huge"] }),
    [
      [
        'test.platform.nodeGroups.general.instanceTypes[0]: "t3.huge" is not an EC2 instance type: the t3 family has no size "huge"',
        'a size EC2 offers in the t3 family: "t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.general.instanceTypes[0] to e.g. "t3.2xlarge"',
      ],
    ],
  ],
  [
    "an m7i size below its smallest",
    withGroup("general", { instanceTypes: ["m7i.medium"] }),
    [
      [
        'test.platform.nodeGroups.general.instanceTypes[0]: "m7i.medium" is not an EC2 instance type: the m7i family has no size "medium"',
        'a size EC2 offers in the m7i family: "m7i.large", "m7i.xlarge", "m7i.2xlarge", "m7i.4xlarge", "m7i.8xlarge", "m7i.12xlarge", "m7i.16xlarge", "m7i.24xlarge", "m7i.48xlarge", "m7i.metal-24xl", "m7i.metal-48xl" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.general.instanceTypes[0] to e.g. "m7i.large"',
      ],
    ],
  ],
  [
    "an m5 size that does not exist",
    withGroup("general", { instanceTypes: ["m5.medium"] }),
    [
      [
        'test.platform.nodeGroups.general.instanceTypes[0]: "m5.medium" is not an EC2 instance type: the m5 family has no size "medium"',
        'a size EC2 offers in the m5 family: "m5.large", "m5.xlarge", "m5.2xlarge", "m5.4xlarge", "m5.8xlarge", "m5.12xlarge", "m5.16xlarge", "m5.24xlarge", "m5.metal" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.general.instanceTypes[0] to e.g. "m5.large"',
      ],
    ],
  ],
  [
    "the second instance type of a group",
    withGroup("general", { instanceTypes: ["t3.medium", "t3.jumbo"] }),
    [
      [
        'test.platform.nodeGroups.general.instanceTypes[1]: "t3.jumbo" is not an EC2 instance type: the t3 family has no size "jumbo"',
        'a size EC2 offers in the t3 family: "t3.nano", "t3.micro", "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.general.instanceTypes[1] to e.g. "t3.2xlarge"',
      ],
    ],
  ],
  [
    "a c5 size that does not exist",
    withGroup("ml", { instanceTypes: ["c5.medium"] }),
    [
      [
        'test.platform.nodeGroups.ml.instanceTypes[0]: "c5.medium" is not an EC2 instance type: the c5 family has no size "medium"',
        'a size EC2 offers in the c5 family: "c5.large", "c5.xlarge", "c5.2xlarge", "c5.4xlarge", "c5.9xlarge", "c5.12xlarge", "c5.18xlarge", "c5.24xlarge", "c5.metal" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.ml.instanceTypes[0] to e.g. "c5.large"',
      ],
    ],
  ],
  [
    "a g5 size below its smallest",
    withGroup("ml", { instanceTypes: ["g5.large"] }),
    [
      [
        'test.platform.nodeGroups.ml.instanceTypes[0]: "g5.large" is not an EC2 instance type: the g5 family has no size "large"',
        'a size EC2 offers in the g5 family: "g5.xlarge", "g5.2xlarge", "g5.4xlarge", "g5.8xlarge", "g5.12xlarge", "g5.16xlarge", "g5.24xlarge", "g5.48xlarge" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.ml.instanceTypes[0] to e.g. "g5.xlarge"',
      ],
    ],
  ],
  [
    "a g4dn size below its smallest",
    withGroup("ml", { instanceTypes: ["g4dn.large"] }),
    [
      [
        'test.platform.nodeGroups.ml.instanceTypes[0]: "g4dn.large" is not an EC2 instance type: the g4dn family has no size "large"',
        'a size EC2 offers in the g4dn family: "g4dn.xlarge", "g4dn.2xlarge", "g4dn.4xlarge", "g4dn.8xlarge", "g4dn.12xlarge", "g4dn.16xlarge", "g4dn.metal" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.ml.instanceTypes[0] to e.g. "g4dn.xlarge"',
      ],
    ],
  ],
  [
    "a c6i size above its largest",
    withGroup("ml", { instanceTypes: ["c6i.64xlarge"] }),
    [
      [
        'test.platform.nodeGroups.ml.instanceTypes[0]: "c6i.64xlarge" is not an EC2 instance type: the c6i family has no size "64xlarge"',
        'a size EC2 offers in the c6i family: "c6i.large", "c6i.xlarge", "c6i.2xlarge", "c6i.4xlarge", "c6i.8xlarge", "c6i.12xlarge", "c6i.16xlarge", "c6i.24xlarge", "c6i.32xlarge", "c6i.metal" (data/aws/ec2-instance-types.json)',
        'set test.platform.nodeGroups.ml.instanceTypes[0] to e.g. "c6i.32xlarge"',
      ],
    ],
  ],
  [
    "an RDS t3 size RDS does not offer",
    withData("postgres", { instanceClass: "db.t3.nano" }),
    [
      [
        'test.data.postgres.instanceClass: "db.t3.nano" is not a DB instance class RDS offers for PostgreSQL',
        'a size RDS for PostgreSQL offers in the db.t3 family: "db.t3.micro", "db.t3.small", "db.t3.medium", "db.t3.large", "db.t3.xlarge", "db.t3.2xlarge" (data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.t3.micro"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.t3.nano), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "an RDS m5 size that does not exist",
    withData("postgres", { instanceClass: "db.m5.medium" }),
    [
      [
        'test.data.postgres.instanceClass: "db.m5.medium" is not a DB instance class RDS offers for PostgreSQL',
        'a size RDS for PostgreSQL offers in the db.m5 family: "db.m5.large", "db.m5.xlarge", "db.m5.2xlarge", "db.m5.4xlarge", "db.m5.8xlarge", "db.m5.12xlarge", "db.m5.16xlarge", "db.m5.24xlarge" (data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.m5.large"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.m5.medium), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "an RDS r7g size above its largest",
    withData("postgres", { instanceClass: "db.r7g.24xlarge" }),
    [
      [
        'test.data.postgres.instanceClass: "db.r7g.24xlarge" is not a DB instance class RDS offers for PostgreSQL',
        'a size RDS for PostgreSQL offers in the db.r7g family: "db.r7g.large", "db.r7g.xlarge", "db.r7g.2xlarge", "db.r7g.4xlarge", "db.r7g.8xlarge", "db.r7g.12xlarge", "db.r7g.16xlarge" (data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.r7g.16xlarge"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.r7g.24xlarge), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "a previous-generation RDS class",
    withData("postgres", { instanceClass: "db.t2.micro" }),
    [
      [
        'test.data.postgres.instanceClass: "db.t2.micro" is not a DB instance class RDS offers for PostgreSQL',
        'a type RDS for PostgreSQL offers, e.g. "db.t3.micro", "db.t4g.micro", "db.t3.small" (the full list: data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.t3.micro"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.t2.micro), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "an RDS m4 class",
    withData("postgres", { instanceClass: "db.m4.large" }),
    [
      [
        'test.data.postgres.instanceClass: "db.m4.large" is not a DB instance class RDS offers for PostgreSQL',
        'a type RDS for PostgreSQL offers, e.g. "db.m5.large", "db.m5.xlarge", "db.m5d.large" (the full list: data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.m5.large"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.m4.large), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "an RDS class offered for other engines only",
    withData("postgres", { instanceClass: "db.x1e.xlarge" }),
    [
      [
        'test.data.postgres.instanceClass: "db.x1e.xlarge" is not a DB instance class RDS offers for PostgreSQL',
        'a type RDS for PostgreSQL offers, e.g. "db.x2g.xlarge", "db.m5.xlarge", "db.m5d.xlarge" (the full list: data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.x2g.xlarge"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.x1e.xlarge), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "an RDS class for Multi-AZ DB clusters only",
    withData("postgres", { instanceClass: "db.c6gd.large" }),
    [
      [
        'test.data.postgres.instanceClass: "db.c6gd.large" is not a DB instance class RDS offers for PostgreSQL',
        'a type RDS for PostgreSQL offers, e.g. "db.m6gd.large", "db.r6gd.large", "db.m6g.large" (the full list: data/aws/rds-postgres-instance-classes.json)',
        'set test.data.postgres.instanceClass to e.g. "db.m6gd.large"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.c6gd.large), add it to data/aws/rds-postgres-instance-classes.json',
      ],
    ],
  ],
  [
    "a PostgreSQL minor RDS stopped offering",
    withData("postgres", { engineVersion: "16.3" }),
    [
      [
        'test.data.postgres.engineVersion: "16.3" is not a PostgreSQL 16 version RDS creates new instances with',
        '"16" (RDS picks the newest 16.x and applies minor upgrades) or one of "16.9", "16.10", "16.11", "16.12", "16.13", "16.14" (data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "16" or a listed 16.x; if RDS offers 16.3 (aws rds describe-db-engine-versions --engine postgres --engine-version 16.3), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a PostgreSQL minor that does not exist",
    withData("postgres", { engineVersion: "16.99" }),
    [
      [
        'test.data.postgres.engineVersion: "16.99" is not a PostgreSQL 16 version RDS creates new instances with',
        '"16" (RDS picks the newest 16.x and applies minor upgrades) or one of "16.9", "16.10", "16.11", "16.12", "16.13", "16.14" (data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "16" or a listed 16.x; if RDS offers 16.99 (aws rds describe-db-engine-versions --engine postgres --engine-version 16.99), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a PostgreSQL 17 minor RDS stopped offering",
    withData("postgres", { engineVersion: "17.1" }),
    [
      [
        'test.data.postgres.engineVersion: "17.1" is not a PostgreSQL 17 version RDS creates new instances with',
        '"17" (RDS picks the newest 17.x and applies minor upgrades) or one of "17.5", "17.6", "17.7", "17.8", "17.9", "17.10" (data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "17" or a listed 17.x; if RDS offers 17.1 (aws rds describe-db-engine-versions --engine postgres --engine-version 17.1), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a PostgreSQL 15 minor RDS stopped offering",
    withData("postgres", { engineVersion: "15.8" }),
    [
      [
        'test.data.postgres.engineVersion: "15.8" is not a PostgreSQL 15 version RDS creates new instances with',
        '"15" (RDS picks the newest 15.x and applies minor upgrades) or one of "15.13", "15.14", "15.15", "15.16", "15.17", "15.18" (data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "15" or a listed 15.x; if RDS offers 15.8 (aws rds describe-db-engine-versions --engine postgres --engine-version 15.8), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a PostgreSQL major that does not exist",
    withData("postgres", { engineVersion: "19" }),
    [
      [
        'test.data.postgres.engineVersion: "19" is not a PostgreSQL major version RDS offers, so the parameter group family it implies (postgres19) does not exist either',
        'a major version RDS offers: "11", "12", "13", "14", "15", "16", "17", "18", each with its family (postgres11, postgres12, postgres13, postgres14, postgres15, postgres16, postgres17, postgres18; data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "18" (or an older listed major); if RDS offers 19 (aws rds describe-db-engine-versions --engine postgres --engine-version 19), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a PostgreSQL major RDS no longer offers",
    withData("postgres", { engineVersion: "10" }),
    [
      [
        'test.data.postgres.engineVersion: "10" is not a PostgreSQL major version RDS offers, so the parameter group family it implies (postgres10) does not exist either',
        'a major version RDS offers: "11", "12", "13", "14", "15", "16", "17", "18", each with its family (postgres11, postgres12, postgres13, postgres14, postgres15, postgres16, postgres17, postgres18; data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "18" (or an older listed major); if RDS offers 10 (aws rds describe-db-engine-versions --engine postgres --engine-version 10), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a PostgreSQL minor of a major RDS no longer offers",
    withData("postgres", { engineVersion: "10.23" }),
    [
      [
        'test.data.postgres.engineVersion: "10.23" is not a PostgreSQL major version RDS offers, so the parameter group family it implies (postgres10) does not exist either',
        'a major version RDS offers: "11", "12", "13", "14", "15", "16", "17", "18", each with its family (postgres11, postgres12, postgres13, postgres14, postgres15, postgres16, postgres17, postgres18; data/aws/rds-postgres-engine-versions.json)',
        'set test.data.postgres.engineVersion to "18" (or an older listed major); if RDS offers 10.23 (aws rds describe-db-engine-versions --engine postgres --engine-version 10.23), add it to data/aws/rds-postgres-engine-versions.json',
      ],
    ],
  ],
  [
    "a t4g cache size that does not exist",
    withData("redis", { nodeType: "cache.t4g.large" }),
    [
      [
        'test.data.redis.nodeType: "cache.t4g.large" is not a node type ElastiCache offers for replication groups',
        'a size ElastiCache offers in the cache.t4g family: "cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium" (data/aws/elasticache-node-types.json)',
        'set test.data.redis.nodeType to e.g. "cache.t4g.medium"',
      ],
    ],
  ],
  [
    "an r7g cache size below its smallest",
    withData("redis", { nodeType: "cache.r7g.medium" }),
    [
      [
        'test.data.redis.nodeType: "cache.r7g.medium" is not a node type ElastiCache offers for replication groups',
        'a size ElastiCache offers in the cache.r7g family: "cache.r7g.large", "cache.r7g.xlarge", "cache.r7g.2xlarge", "cache.r7g.4xlarge", "cache.r7g.8xlarge", "cache.r7g.12xlarge", "cache.r7g.16xlarge" (data/aws/elasticache-node-types.json)',
        'set test.data.redis.nodeType to e.g. "cache.r7g.large"',
      ],
    ],
  ],
  [
    "an m7g cache size above its largest",
    withData("redis", { nodeType: "cache.m7g.24xlarge" }),
    [
      [
        'test.data.redis.nodeType: "cache.m7g.24xlarge" is not a node type ElastiCache offers for replication groups',
        'a size ElastiCache offers in the cache.m7g family: "cache.m7g.large", "cache.m7g.xlarge", "cache.m7g.2xlarge", "cache.m7g.4xlarge", "cache.m7g.8xlarge", "cache.m7g.12xlarge", "cache.m7g.16xlarge" (data/aws/elasticache-node-types.json)',
        'set test.data.redis.nodeType to e.g. "cache.m7g.16xlarge"',
      ],
    ],
  ],
  [
    "a previous-generation m3 node type",
    withData("redis", { nodeType: "cache.m3.large" }),
    [
      [
        'test.data.redis.nodeType: "cache.m3.large" is a previous-generation node type: ElastiCache keeps existing clusters of it running but creates no new one',
        'a type ElastiCache offers, e.g. "cache.m4.large", "cache.m5.large", "cache.m4.xlarge" (the full list: data/aws/elasticache-node-types.json)',
        'set test.data.redis.nodeType to e.g. "cache.m4.large"',
      ],
    ],
  ],
  [
    "a previous-generation t1 node type",
    withData("redis", { nodeType: "cache.t1.micro" }),
    [
      [
        'test.data.redis.nodeType: "cache.t1.micro" is a previous-generation node type: ElastiCache keeps existing clusters of it running but creates no new one',
        'a type ElastiCache offers, e.g. "cache.t2.micro", "cache.t3.micro", "cache.t4g.micro" (the full list: data/aws/elasticache-node-types.json)',
        'set test.data.redis.nodeType to e.g. "cache.t2.micro"',
      ],
    ],
  ],
  [
    "a cache family ElastiCache does not have",
    withData("redis", { nodeType: "cache.x9.large" }),
    [
      [
        'test.data.redis.nodeType: "cache.x9.large" is not a node type ElastiCache offers for replication groups',
        'a type ElastiCache offers, e.g. "cache.m4.large", "cache.m5.large", "cache.r4.large" (the full list: data/aws/elasticache-node-types.json)',
        'set test.data.redis.nodeType to e.g. "cache.m4.large"',
      ],
    ],
  ],
  [
    "a Valkey version on the redis engine",
    withData("redis", { engineVersion: "7.2" }),
    [
      [
        'test.data.redis.engineVersion: "7.2" is a Valkey version, not a Redis OSS one: constructs/redis creates the "redis" engine, whose versions stop at 7.1',
        'a Redis OSS version from 7.0 on that ElastiCache offers: "7.0" (family redis7), "7.1" (family redis7) (data/aws/elasticache-engine-versions.json)',
        'set test.data.redis.engineVersion to "7.1"',
      ],
    ],
  ],
  [
    "a Valkey 8 version on the redis engine",
    withData("redis", { engineVersion: "8.0" }),
    [
      [
        'test.data.redis.engineVersion: "8.0" is a Valkey version, not a Redis OSS one: constructs/redis creates the "redis" engine, whose versions stop at 7.1',
        'a Redis OSS version from 7.0 on that ElastiCache offers: "7.0" (family redis7), "7.1" (family redis7) (data/aws/elasticache-engine-versions.json)',
        'set test.data.redis.engineVersion to "7.1"',
      ],
    ],
  ],
  [
    "a Redis 7 minor that does not exist",
    withData("redis", { engineVersion: "7.3" }),
    [
      [
        'test.data.redis.engineVersion: "7.3" is not a Redis OSS version ElastiCache offers',
        'a Redis OSS version from 7.0 on that ElastiCache offers: "7.0" (family redis7), "7.1" (family redis7) (data/aws/elasticache-engine-versions.json)',
        'set test.data.redis.engineVersion to "7.1"',
      ],
    ],
  ],
  [
    "a Redis major with no parameter group family",
    withData("redis", { engineVersion: "9.1" }),
    [
      [
        'test.data.redis.engineVersion: "9.1" is not a Redis OSS version ElastiCache offers, and the parameter group family it implies (redis9) does not exist either',
        'a Redis OSS version from 7.0 on that ElastiCache offers: "7.0" (family redis7), "7.1" (family redis7) (data/aws/elasticache-engine-versions.json)',
        'set test.data.redis.engineVersion to "7.1"',
      ],
    ],
  ],
  [
    "an Atlas tier AWS offers only as Low-CPU (M400)",
    withData("atlas", { instanceSize: "M400" }),
    [
      [
        'test.data.atlas.autoScaling.maxInstanceSize: "M40" is below instanceSize "M400"',
        'a tier from instanceSize "M400" up',
        'raise test.data.atlas.autoScaling.maxInstanceSize to "M400" or above, or lower test.data.atlas.instanceSize',
      ],
      [
        'test.data.atlas.instanceSize: "M400" is not an Atlas tier on AWS: it is offered on AWS only as Low-CPU R400 or M400_NVME',
        'a general-class tier Atlas offers on AWS in ap-southeast-2: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.instanceSize to "M200" or a smaller listed tier',
      ],
    ],
  ],
  [
    "an Atlas tier AWS offers only as Low-CPU (M700)",
    withData("atlas", { instanceSize: "M700" }),
    [
      [
        'test.data.atlas.autoScaling.maxInstanceSize: "M40" is below instanceSize "M700"',
        'a tier from instanceSize "M700" up',
        'raise test.data.atlas.autoScaling.maxInstanceSize to "M700" or above, or lower test.data.atlas.instanceSize',
      ],
      [
        'test.data.atlas.instanceSize: "M700" is not an Atlas tier on AWS: it is offered on AWS only as Low-CPU R700',
        'a general-class tier Atlas offers on AWS in ap-southeast-2: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.instanceSize to "M200" or a smaller listed tier',
      ],
    ],
  ],
  [
    "an Atlas tier not offered in ap-southeast-2 (M140)",
    withData("atlas", { instanceSize: "M140", autoScaling: undefined, diskSizeGb: 40 }),
    [
      [
        'test.data.atlas.instanceSize: "M140" is not offered by Atlas in ap-southeast-2',
        'a general-class tier Atlas offers on AWS in ap-southeast-2: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.instanceSize to "M200", or deploy the environment to a region that offers M140',
      ],
    ],
  ],
  [
    "an Atlas tier not offered in ap-southeast-2 (M300)",
    withData("atlas", { instanceSize: "M300", autoScaling: undefined }),
    [
      [
        'test.data.atlas.instanceSize: "M300" is not offered by Atlas in ap-southeast-2',
        'a general-class tier Atlas offers on AWS in ap-southeast-2: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.instanceSize to "M200", or deploy the environment to a region that offers M300',
      ],
    ],
  ],
  [
    "an auto-scaling ceiling AWS does not offer",
    withData("atlas", { autoScaling: { minInstanceSize: "M20", maxInstanceSize: "M400", diskGbEnabled: true } }),
    [
      [
        'test.data.atlas.autoScaling.maxInstanceSize: "M400" is not an Atlas tier on AWS: it is offered on AWS only as Low-CPU R400 or M400_NVME',
        'a general-class tier Atlas offers on AWS in ap-southeast-2: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.autoScaling.maxInstanceSize to "M200" or a smaller listed tier',
      ],
    ],
  ],
  [
    "an auto-scaling ceiling not offered in the region",
    withData("atlas", { autoScaling: { minInstanceSize: "M20", maxInstanceSize: "M300", diskGbEnabled: true } }),
    [
      [
        'test.data.atlas.autoScaling.maxInstanceSize: "M300" is not offered by Atlas in ap-southeast-2',
        'a general-class tier Atlas offers on AWS in ap-southeast-2: "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.autoScaling.maxInstanceSize to "M200", or deploy the environment to a region that offers M300',
      ],
    ],
  ],
  [
    "a disk larger than M10 takes",
    withData("atlas", { instanceSize: "M10", autoScaling: undefined, diskSizeGb: 200 }),
    [
      [
        "test.data.atlas.diskSizeGb: 200 is more than the 128 GB an M10 cluster on AWS takes",
        '10 to 128 GB on M10; 200 GB needs "M20", "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'lower test.data.atlas.diskSizeGb to 128 or less, or raise test.data.atlas.instanceSize to "M20"',
      ],
    ],
  ],
  [
    "a disk larger than M20 takes",
    withData("atlas", { diskSizeGb: 300 }),
    [
      [
        "test.data.atlas.diskSizeGb: 300 is more than the 255 GB an M20 cluster on AWS takes",
        '10 to 255 GB on M20; 300 GB needs "M30", "M40", "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'lower test.data.atlas.diskSizeGb to 255 or less, or raise test.data.atlas.instanceSize to "M30"',
      ],
    ],
  ],
  [
    "a disk larger than M40 takes",
    withData("atlas", { instanceSize: "M40", autoScaling: undefined, diskSizeGb: 2048 }),
    [
      [
        "test.data.atlas.diskSizeGb: 2048 is more than the 1024 GB an M40 cluster on AWS takes",
        '10 to 1024 GB on M40; 2048 GB needs "M50", "M60", "M80", "M200" (data/aws/atlas-tiers.json)',
        'lower test.data.atlas.diskSizeGb to 1024 or less, or raise test.data.atlas.instanceSize to "M50"',
      ],
    ],
  ],
  [
    "a MongoDB major past its end of life",
    withData("atlas", { mongoDbMajorVersion: "6.0" }),
    [
      [
        'test.data.atlas.mongoDbMajorVersion: "6.0" is not a MongoDB major version Atlas creates clusters with',
        'one of "7.0", "8.0" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.mongoDbMajorVersion to "8.0"',
      ],
    ],
  ],
  [
    "a MongoDB major that does not exist",
    withData("atlas", { mongoDbMajorVersion: "9.0" }),
    [
      [
        'test.data.atlas.mongoDbMajorVersion: "9.0" is not a MongoDB major version Atlas creates clusters with',
        'one of "7.0", "8.0" (data/aws/atlas-tiers.json)',
        'set test.data.atlas.mongoDbMajorVersion to "8.0"',
      ],
    ],
  ],
  [
    "a tag key with a character AWS refuses",
    env({ tags: { Owner: "tests", "Cost#Center": "x" } }),
    [
      [
        'test.tags: "Cost#Center" is not a tag key AWS accepts: it contains "#"',
        "1 to 128 letters, digits, spaces and _ . : / = + - @ (the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)",
        'rename the tag key, e.g. "CostCenter"',
      ],
    ],
  ],
  [
    "a tag key with an exclamation mark",
    env({ tags: { "Owner!": "tests" } }),
    [
      [
        'test.tags: "Owner!" is not a tag key AWS accepts: it contains "!"',
        "1 to 128 letters, digits, spaces and _ . : / = + - @ (the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)",
        'rename the tag key, e.g. "Owner"',
      ],
    ],
  ],
  [
    "a tag value with angle brackets",
    env({ tags: { Owner: "team<a>" } }),
    [
      [
        'test.tags.Owner: "team<a>" is not a tag value AWS accepts: it contains "<", ">"',
        "0 to 256 letters, digits, spaces and _ . : / = + - @ (the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)",
        "remove the other characters from the value of tag Owner",
      ],
    ],
  ],
  [
    "a tag value with a semicolon",
    env({ tags: { Owner: "ops;dev" } }),
    [
      [
        'test.tags.Owner: "ops;dev" is not a tag value AWS accepts: it contains ";"',
        "0 to 256 letters, digits, spaces and _ . : / = + - @ (the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)",
        "remove the other characters from the value of tag Owner",
      ],
    ],
  ],
  [
    "a tag key equal but for case to Project",
    env({ tags: { project: "chatbot" } }),
    [
      [
        'test.tags: "project" differs only in case from the key "Project" the app adds itself: IAM treats tag keys that differ only in case as the same key and refuses the pair',
        'tag keys that differ in more than case, from each other and from the keys the app adds ("Environment", "ManagedBy", "Project", "Stack", "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb")',
        "remove tag project from test.tags (the app sets Project), or rename it",
      ],
    ],
  ],
  [
    "a tag key equal but for case to Environment",
    env({ tags: { ENVIRONMENT: "test" } }),
    [
      [
        'test.tags: "ENVIRONMENT" differs only in case from the key "Environment" the app adds itself: IAM treats tag keys that differ only in case as the same key and refuses the pair',
        'tag keys that differ in more than case, from each other and from the keys the app adds ("Environment", "ManagedBy", "Project", "Stack", "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb")',
        "remove tag ENVIRONMENT from test.tags (the app sets Environment), or rename it",
      ],
    ],
  ],
  [
    "a tag key equal but for case to ManagedBy",
    env({ tags: { managedby: "me" } }),
    [
      [
        'test.tags: "managedby" differs only in case from the key "ManagedBy" the app adds itself: IAM treats tag keys that differ only in case as the same key and refuses the pair',
        'tag keys that differ in more than case, from each other and from the keys the app adds ("Environment", "ManagedBy", "Project", "Stack", "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb")',
        "remove tag managedby from test.tags (the app sets ManagedBy), or rename it",
      ],
    ],
  ],
  [
    "a tag key equal but for case to Name",
    env({ tags: { name: "x" } }),
    [
      [
        'test.tags: "name" differs only in case from the key "Name" the app adds itself: IAM treats tag keys that differ only in case as the same key and refuses the pair',
        'tag keys that differ in more than case, from each other and from the keys the app adds ("Environment", "ManagedBy", "Project", "Stack", "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb")',
        "remove tag name from test.tags (the app sets Name), or rename it",
      ],
    ],
  ],
  [
    "two tag keys equal but for case",
    env({ tags: { Owner: "a", owner: "b" } }),
    [
      [
        'test.tags: "owner" differs only in case from the tag "Owner": IAM treats tag keys that differ only in case as the same key and refuses the pair',
        'tag keys that differ in more than case, from each other and from the keys the app adds ("Environment", "ManagedBy", "Project", "Stack", "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb")',
        'keep one of "Owner" and "owner" in test.tags',
      ],
    ],
  ],
  [
    "a tag key the app sets itself",
    env({ tags: { Owner: "tests", Stack: "mine" } }),
    [
      [
        'test.tags: "Stack" is a key the app sets itself (lib/tagging.ts, on every resource), so this value would be overwritten',
        'keys other than "Environment", "ManagedBy", "Project", "Stack", "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb"',
        "remove tag Stack from test.tags, or rename it",
      ],
    ],
  ],
  [
    "more tags than a resource takes with the app's own",
    env({ tags: manyTags }),
    [
      [
        "test.tags: 44 tags, with the 7 the app adds (Environment, ManagedBy, Project, Stack, Name, Tier, kubernetes.io/role/elb), would put 51 on a subnet: more than the 50 AWS allows per resource",
        "at most 43 tags in test.tags (50 per resource, the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)",
        "remove 1 tag from test.tags",
      ],
    ],
  ],
  [
    "a label value over 63 characters",
    withGroup("general", { labels: { workload: "g".repeat(64) } }),
    [
      [
        'test.platform.nodeGroups.general.labels["workload"]: "gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg" is 64 characters long: EKS takes label values of 1 to 63',
        "1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (Kubernetes; lengths: EKS, data/aws/aws-api-rules.json)",
        "correct the value of label workload in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a label value with a space",
    withGroup("general", { labels: { workload: "ml gpu" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["workload"]: "ml gpu" is not a Kubernetes label value',
        "1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (Kubernetes; lengths: EKS, data/aws/aws-api-rules.json)",
        "correct the value of label workload in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "an empty label value",
    withGroup("general", { labels: { workload: "" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["workload"]: "" is 0 characters long: EKS takes label values of 1 to 63',
        "1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (Kubernetes; lengths: EKS, data/aws/aws-api-rules.json)",
        "correct the value of label workload in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a label value starting with a dash",
    withGroup("general", { labels: { workload: "-general" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["workload"]: "-general" is not a Kubernetes label value',
        "1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (Kubernetes; lengths: EKS, data/aws/aws-api-rules.json)",
        "correct the value of label workload in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a label key over 63 characters",
    withGroup("general", { labels: { ["k".repeat(64)]: "general" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"]: "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk" is 64 characters long: EKS takes label keys of 1 to 63',
        "[prefix/]name: an optional DNS subdomain prefix, then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit; at most 63 characters in all (EKS, data/aws/aws-api-rules.json)",
        "rename the label key in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a label key the kubelet refuses",
    withGroup("general", { labels: { "kubernetes.io/role": "general" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["kubernetes.io/role"]: "kubernetes.io/role" is in the kubernetes.io namespace, where the kubelet refuses labels it does not set itself: the nodes would never start',
        'keys outside kubernetes.io and k8s.io (e.g. "example.com/role" or "role"), or under kubelet.kubernetes.io or node.kubernetes.io',
        "rename the label key in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a node-role label",
    withGroup("general", { labels: { "node-role.kubernetes.io/general": "true" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["node-role.kubernetes.io/general"]: "node-role.kubernetes.io/general" is in the kubernetes.io namespace, where the kubelet refuses labels it does not set itself: the nodes would never start',
        'keys outside kubernetes.io and k8s.io (e.g. "example.com/general" or "general"), or under kubelet.kubernetes.io or node.kubernetes.io',
        "rename the label key in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a label key with a space",
    withGroup("general", { labels: { "work load": "general" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["work load"]: "work load" is not a Kubernetes label key',
        "[prefix/]name: an optional DNS subdomain prefix, then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
        "rename the label key in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a label key with an empty name",
    withGroup("general", { labels: { "example.com/": "general" } }),
    [
      [
        'test.platform.nodeGroups.general.labels["example.com/"]: "example.com/" is not a Kubernetes label key',
        "[prefix/]name: an optional DNS subdomain prefix, then a name of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit",
        "rename the label key in test.platform.nodeGroups.general.labels",
      ],
    ],
  ],
  [
    "a taint value over 63 characters",
    withGroup("ml", { taints: [{ ...mlTaint, value: "m".repeat(64) }] }),
    [
      [
        'test.platform.nodeGroups.ml.taints[0].value: "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm" is not a taint value',
        "a string of up to 63 letters, digits, '-', '_', '.'",
        'set test.platform.nodeGroups.ml.taints[0].value, e.g. "ml"',
      ],
    ],
  ],
  [
    "a taint value with a slash",
    withGroup("ml", { taints: [{ ...mlTaint, value: "gpu/a100" }] }),
    [
      [
        'test.platform.nodeGroups.ml.taints[0].value: "gpu/a100" is not a taint value',
        "a string of up to 63 letters, digits, '-', '_', '.'",
        'set test.platform.nodeGroups.ml.taints[0].value, e.g. "ml"',
      ],
    ],
  ],
  [
    "a taint key over 63 characters",
    withGroup("ml", { taints: [{ ...mlTaint, key: "w".repeat(64) }] }),
    [
      [
        'test.platform.nodeGroups.ml.taints[0].key: "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww" is not a taint key',
        "a Kubernetes label key: up to 63 letters, digits, '-', '_', '.', optionally prefixed by a DNS name and '/'",
        'set test.platform.nodeGroups.ml.taints[0].key, e.g. "workload"',
      ],
    ],
  ],
  [
    "a taint key with an exclamation mark",
    withGroup("ml", { taints: [{ ...mlTaint, key: "workload!" }] }),
    [
      [
        'test.platform.nodeGroups.ml.taints[0].key: "workload!" is not a taint key',
        "a Kubernetes label key: up to 63 letters, digits, '-', '_', '.', optionally prefixed by a DNS name and '/'",
        'set test.platform.nodeGroups.ml.taints[0].key, e.g. "workload"',
      ],
    ],
  ],
  [
    "a taint repeated with the same key and effect",
    withGroup("ml", { taints: [mlTaint, { ...mlTaint, value: "gpu" }] }),
    [
      [
        'test.platform.nodeGroups.ml.taints[1]: {"key":"workload","value":"gpu","effect":"NO_SCHEDULE"} repeats the key and effect of test.platform.nodeGroups.ml.taints[0]: Kubernetes allows one taint per key and effect',
        "each key and effect pair once",
        "remove test.platform.nodeGroups.ml.taints[1], or merge it with test.platform.nodeGroups.ml.taints[0]",
      ],
    ],
  ],
  [
    "a default CPU request above the limit",
    withDefaults(0, { requestCpu: "2" }),
    [
      [
        'test.platform.apps.namespaces[0].containerDefaults.requestCpu: "2" is more than limitCpu ("1"): Kubernetes refuses a LimitRange whose default CPU request exceeds its default limit',
        "at most limitCpu (1 CPU = 1000m)",
        'lower test.platform.apps.namespaces[0].containerDefaults.requestCpu to "1" or less, or raise test.platform.apps.namespaces[0].containerDefaults.limitCpu',
      ],
    ],
  ],
  [
    "a default CPU request in millicores above the limit",
    withDefaults(0, { requestCpu: "1500m" }),
    [
      [
        'test.platform.apps.namespaces[0].containerDefaults.requestCpu: "1500m" is more than limitCpu ("1"): Kubernetes refuses a LimitRange whose default CPU request exceeds its default limit',
        "at most limitCpu (1 CPU = 1000m)",
        'lower test.platform.apps.namespaces[0].containerDefaults.requestCpu to "1" or less, or raise test.platform.apps.namespaces[0].containerDefaults.limitCpu',
      ],
    ],
  ],
  [
    "a default memory request above the limit",
    withDefaults(1, { requestMemory: "8Gi" }),
    [
      [
        'test.platform.apps.namespaces[1].containerDefaults.requestMemory: "8Gi" is more than limitMemory ("4Gi"): Kubernetes refuses a LimitRange whose default memory request exceeds its default limit',
        "at most limitMemory (1Gi = 1024Mi)",
        'lower test.platform.apps.namespaces[1].containerDefaults.requestMemory to "4Gi" or less, or raise test.platform.apps.namespaces[1].containerDefaults.limitMemory',
      ],
    ],
  ],
  [
    "a default memory request just above the limit",
    withDefaults(0, { requestMemory: "1025Mi" }),
    [
      [
        'test.platform.apps.namespaces[0].containerDefaults.requestMemory: "1025Mi" is more than limitMemory ("1Gi"): Kubernetes refuses a LimitRange whose default memory request exceeds its default limit',
        "at most limitMemory (1Gi = 1024Mi)",
        'lower test.platform.apps.namespaces[0].containerDefaults.requestMemory to "1Gi" or less, or raise test.platform.apps.namespaces[0].containerDefaults.limitMemory',
      ],
    ],
  ],
  [
    "a vpc-cni build EKS does not offer",
    withAddons({ vpcCni: "v1.20.9-eksbuild.1" }),
    [
      [
        'test.platform.addons.vpcCni: "v1.20.9-eksbuild.1" is not a version of the vpc-cni add-on EKS offers for Kubernetes 1.34',
        'one of "v1.20.4-eksbuild.1", "v1.20.4-eksbuild.2" (data/aws/eks-addon-versions.json)',
        'set test.platform.addons.vpcCni to "v1.20.4-eksbuild.2"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name vpc-cni` lists v1.20.9-eksbuild.1, add it to data/aws/eks-addon-versions.json',
      ],
    ],
  ],
  [
    "a coredns build for an older Kubernetes",
    withAddons({ coredns: "v1.11.1-eksbuild.4" }),
    [
      [
        'test.platform.addons.coredns: "v1.11.1-eksbuild.4" is not a version of the coredns add-on EKS offers for Kubernetes 1.34',
        'one of "v1.12.3-eksbuild.1", "v1.12.4-eksbuild.1" (data/aws/eks-addon-versions.json)',
        'set test.platform.addons.coredns to "v1.12.4-eksbuild.1"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name coredns` lists v1.11.1-eksbuild.4, add it to data/aws/eks-addon-versions.json',
      ],
    ],
  ],
  [
    "a kube-proxy build that does not exist",
    withAddons({ kubeProxy: "v1.34.9-eksbuild.1" }),
    [
      [
        'test.platform.addons.kubeProxy: "v1.34.9-eksbuild.1" is not a version of the kube-proxy add-on EKS offers for Kubernetes 1.34',
        'one of "v1.34.0-eksbuild.1", "v1.34.0-eksbuild.2", "v1.34.0-eksbuild.4", "v1.34.0-eksbuild.5" (data/aws/eks-addon-versions.json)',
        'set test.platform.addons.kubeProxy to "v1.34.0-eksbuild.5"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name kube-proxy` lists v1.34.9-eksbuild.1, add it to data/aws/eks-addon-versions.json',
      ],
    ],
  ],
  [
    "an EBS CSI driver build that does not exist",
    withAddons({ ebsCsiDriver: "v1.99.0-eksbuild.1" }),
    [
      [
        'test.platform.addons.ebsCsiDriver: "v1.99.0-eksbuild.1" is not a version of the aws-ebs-csi-driver add-on EKS offers for Kubernetes 1.34',
        'one of "v1.48.0-eksbuild.2", "v1.49.0-eksbuild.1" (data/aws/eks-addon-versions.json)',
        'set test.platform.addons.ebsCsiDriver to "v1.49.0-eksbuild.1"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name aws-ebs-csi-driver` lists v1.99.0-eksbuild.1, add it to data/aws/eks-addon-versions.json',
      ],
    ],
  ],
  [
    "a Kubernetes minor with no add-on builds recorded",
    withPlatform({ kubernetesVersion: "1.35", addons: { ...platform.addons, kubeProxy: "v1.35.0-eksbuild.1" }, apps: { ...platform.apps, charts: { ...platform.apps.charts, clusterAutoscaler: { version: "9.50.1", imageTag: "v1.35.0" } } } }),
    [
      [
        'test.platform.addons.vpcCni: "v1.20.4-eksbuild.1" cannot be checked: no version of the vpc-cni add-on is recorded for Kubernetes 1.35',
        "a version of the vpc-cni add-on recorded for Kubernetes 1.35 in data/aws/eks-addon-versions.json (none yet)",
        'add the builds `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name vpc-cni` lists to data/aws/eks-addon-versions.json under "1.35"',
      ],
      [
        'test.platform.addons.coredns: "v1.12.4-eksbuild.1" cannot be checked: no version of the coredns add-on is recorded for Kubernetes 1.35',
        "a version of the coredns add-on recorded for Kubernetes 1.35 in data/aws/eks-addon-versions.json (none yet)",
        'add the builds `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name coredns` lists to data/aws/eks-addon-versions.json under "1.35"',
      ],
      [
        'test.platform.addons.kubeProxy: "v1.35.0-eksbuild.1" cannot be checked: no version of the kube-proxy add-on is recorded for Kubernetes 1.35',
        "a version of the kube-proxy add-on recorded for Kubernetes 1.35 in data/aws/eks-addon-versions.json (none yet)",
        'add the builds `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name kube-proxy` lists to data/aws/eks-addon-versions.json under "1.35"',
      ],
      [
        'test.platform.addons.ebsCsiDriver: "v1.48.0-eksbuild.2" cannot be checked: no version of the aws-ebs-csi-driver add-on is recorded for Kubernetes 1.35',
        "a version of the aws-ebs-csi-driver add-on recorded for Kubernetes 1.35 in data/aws/eks-addon-versions.json (none yet)",
        'add the builds `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name aws-ebs-csi-driver` lists to data/aws/eks-addon-versions.json under "1.35"',
      ],
    ],
  ],
  [
    "an AWS Load Balancer Controller chart that does not exist",
    withChart("awsLoadBalancerController", { version: "1.14.9" }),
    [
      [
        'test.platform.apps.charts.awsLoadBalancerController.version: "1.14.9" is not a published version of the aws-load-balancer-controller chart (https://aws.github.io/eks-charts)',
        'one of "1.13.0", "1.13.4", "1.14.0" (data/aws/helm-chart-versions.json)',
        'set test.platform.apps.charts.awsLoadBalancerController.version to "1.14.0"; if `helm search repo aws-load-balancer-controller --versions` (repository https://aws.github.io/eks-charts) lists 1.14.9, add it to data/aws/helm-chart-versions.json',
      ],
    ],
  ],
  [
    "a metrics-server chart that does not exist",
    withChart("metricsServer", { version: "3.99.0" }),
    [
      [
        'test.platform.apps.charts.metricsServer.version: "3.99.0" is not a published version of the metrics-server chart (https://kubernetes-sigs.github.io/metrics-server/)',
        'one of "3.12.1", "3.12.2", "3.13.0" (data/aws/helm-chart-versions.json)',
        'set test.platform.apps.charts.metricsServer.version to "3.13.0"; if `helm search repo metrics-server --versions` (repository https://kubernetes-sigs.github.io/metrics-server/) lists 3.99.0, add it to data/aws/helm-chart-versions.json',
      ],
    ],
  ],
  [
    "an Argo CD chart that does not exist",
    withChart("argoCd", { version: "8.5.99" }),
    [
      [
        'test.platform.apps.charts.argoCd.version: "8.5.99" is not a published version of the argo-cd chart (https://argoproj.github.io/argo-helm)',
        'one of "8.5.8" (data/aws/helm-chart-versions.json)',
        'set test.platform.apps.charts.argoCd.version to "8.5.8"; if `helm search repo argo-cd --versions` (repository https://argoproj.github.io/argo-helm) lists 8.5.99, add it to data/aws/helm-chart-versions.json',
      ],
    ],
  ],
  [
    "a Cluster Autoscaler chart that does not exist",
    withChart("clusterAutoscaler", { version: "9.50.2" }),
    [
      [
        'test.platform.apps.charts.clusterAutoscaler.version: "9.50.2" is not a published version of the cluster-autoscaler chart (https://kubernetes.github.io/autoscaler)',
        'one of "9.43.1", "9.44.0", "9.50.1" (data/aws/helm-chart-versions.json)',
        'set test.platform.apps.charts.clusterAutoscaler.version to "9.50.1"; if `helm search repo cluster-autoscaler --versions` (repository https://kubernetes.github.io/autoscaler) lists 9.50.2, add it to data/aws/helm-chart-versions.json',
      ],
    ],
  ],
  [
    "a client CIDR listed twice",
    withPlatform({ privateEndpointClientCidrs: ["10.50.0.0/16", "10.60.0.0/16", "10.50.0.0/16"] }),
    [
      [
        'test.platform.privateEndpointClientCidrs[2]: "10.50.0.0/16" repeats test.platform.privateEndpointClientCidrs[0]: the list becomes one security group rule, and EC2 refuses a rule that names a CIDR twice',
        "each CIDR once",
        "remove test.platform.privateEndpointClientCidrs[2]",
      ],
    ],
  ],
  [
    "NAT none without the ECR endpoints",
    withNetwork({ nat: "none", interfaceEndpoints: ["secretsmanager", "logs", "sts", "ssm"] }),
    [
      [
        'test.network.interfaceEndpoints: ["secretsmanager","logs","sts","ssm"] leaves out "ecr.api", "ecr.dkr", which the EKS nodes need while test.network.nat is "none": without them they cannot pull their images (ecr.api, ecr.dkr) or get credentials (sts), and never join the cluster',
        '"ecr.api", "ecr.dkr", "sts" among the interface endpoints of an environment with a platform and nat "none" (S3, for image layers, is a gateway endpoint the network always has)',
        'add "ecr.api", "ecr.dkr" to test.network.interfaceEndpoints, or remove test.network.interfaceEndpoints for all of them',
      ],
    ],
  ],
  [
    "NAT none without the STS endpoint",
    withNetwork({ nat: "none", interfaceEndpoints: ["secretsmanager", "logs", "ecr.api", "ecr.dkr", "ssm"] }),
    [
      [
        'test.network.interfaceEndpoints: ["secretsmanager","logs","ecr.api","ecr.dkr","ssm"] leaves out "sts", which the EKS nodes need while test.network.nat is "none": without them they cannot pull their images (ecr.api, ecr.dkr) or get credentials (sts), and never join the cluster',
        '"ecr.api", "ecr.dkr", "sts" among the interface endpoints of an environment with a platform and nat "none" (S3, for image layers, is a gateway endpoint the network always has)',
        'add "sts" to test.network.interfaceEndpoints, or remove test.network.interfaceEndpoints for all of them',
      ],
    ],
  ],
];

describe("offerings", () => {
  test("the table holds at least 60 bad inputs", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(60);
  });

  describe("errors", () => {
    test.each(BAD_INPUTS)("%s is refused", (_name, bad, expected) => {
      expect(configErrorOf(() => validateEnvironments([bad])).message).toBe(message(expected));
    });
  });

  test("every shipped environment passes, and the offerings checks find nothing in it", () => {
    expect(() => validateEnvironments(ENVIRONMENTS, SHARED, STATE)).not.toThrow();
    for (const e of ENVIRONMENTS) {
      const problems = new Problems();
      validateOfferings(problems, e);
      expect(problems.list).toEqual([]);
    }
  });

  test.each<readonly [string, EnvironmentConfig]>([
    ["a tier Atlas offers in the region but not in ap-southeast-2", { ...withData("atlas", { instanceSize: "M140", autoScaling: undefined }), region: "us-east-1" }],
    ["a PostgreSQL major alone", withData("postgres", { engineVersion: "17" })],
    ["a PostgreSQL minor RDS offers", withData("postgres", { engineVersion: "16.11" })],
    ["a Graviton DB class", withData("postgres", { instanceClass: "db.r7g.large" })],
    ["Redis OSS 7.0", withData("redis", { engineVersion: "7.0" })],
    ["the largest disk M20 takes", withData("atlas", { diskSizeGb: 255 })],
    ["labels under node.kubernetes.io and a prefixed key", withGroup("general", { labels: { "node.kubernetes.io/pool": "general", "example.com/team": "chatbot" } })],
    ["an empty taint value", withGroup("ml", { taints: [{ ...mlTaint, value: "" }] })],
    ["one taint key with two effects", withGroup("ml", { taints: [mlTaint, { ...mlTaint, effect: "NO_EXECUTE" }] })],
    ["a default request equal to its limit", withDefaults(0, { requestCpu: "1000m", requestMemory: "1024Mi" })],
    ["43 tags of the environment's own", env({ tags: Object.fromEntries(Array.from({ length: 43 }, (_, i) => [`Tag${i + 1}`, "a b_c.d:e/f=g+h-i@j"])) })],
    ["NAT none with every interface endpoint", withNetwork({ nat: "none" })],
    // No cluster and no data tier: nothing in the VPC needs ECR or STS (a Lambda in the VPC would need NAT).
    ["NAT none without a platform", { ...withNetwork({ nat: "none", interfaceEndpoints: ["logs"] }), platform: undefined, data: undefined, criticality: "test" }],
  ])("%s is accepted", (_name, good) => {
    expect(() => validateEnvironments([good])).not.toThrow();
  });

  test("a section missing from a JavaScript config never makes a check throw", () => {
    const broken: unknown[] = [
      { name: "x" },
      { name: "x", tags: null, network: null, platform: null, data: null },
      { name: "x", tags: "Owner", network: { nat: "none" }, platform: {} },
      { name: "x", platform: { nodeGroups: { general: { labels: null, taints: [null, "x", { key: 5 }] }, ml: { instanceTypes: [null, 7] } } } },
      { name: "x", platform: { kubernetesVersion: "1.34", addons: null, apps: { charts: { argoCd: null }, namespaces: [null, { containerDefaults: null }] } } },
      { name: "x", platform: { privateEndpointClientCidrs: [null, 5, "10.0.0.0/8"] }, data: { postgres: null, redis: 5, atlas: [] } },
      { name: "x", data: { postgres: { engineVersion: 16, instanceClass: null }, redis: { nodeType: {}, engineVersion: 7 }, atlas: { autoScaling: null, diskSizeGb: "10" } } },
    ];
    for (const config of broken) {
      expect(() => validateOfferings(new Problems(), config as EnvironmentConfig)).not.toThrow();
    }
    expect(() => validateOfferings(new Problems(), undefined as never)).not.toThrow();
  });

  describe("data files", () => {
    test.each(Object.entries(ALL_DATA_FILES))("%s has a source, an as_of date and values", (_file, content) => {
      const sources = typeof content.source === "string" ? [content.source] : content.source;
      expect(Array.isArray(sources) && sources.length > 0).toBe(true);
      for (const source of sources) {
        expect(source).toMatch(/^(https:\/\/\S+|[a-z0-9-]+@\d[\w.-]* \S+)/);
      }
      expect(content.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(content.as_of))).toBe(false);
      const values = content.values as unknown;
      const size = Array.isArray(values) ? values.length : typeof values === "object" && values !== null ? Object.keys(values).length : 0;
      expect(size).toBeGreaterThan(0);
    });

    test("every file of data/aws is one the checks read", () => {
      const onDisk = fs.readdirSync(path.join(__dirname, "..", "data", "aws")).map((f) => `data/aws/${f}`).sort();
      expect(onDisk).toEqual(Object.keys(ALL_DATA_FILES).sort());
    });

    test("the generated files name the script that writes them", () => {
      for (const file of ["data/aws/ec2-instance-types.json", "data/aws/elasticache-node-types.json", "data/aws/aws-api-rules.json"]) {
        expect(ALL_DATA_FILES[file].generated_by).toBe(GENERATED_BY);
      }
    });

    test("type lists are sorted by family and size, each type once", () => {
      for (const list of [EC2_INSTANCE_TYPES.values, RDS_POSTGRES_INSTANCE_CLASSES.values, ELASTICACHE_NODE_TYPES.values.currentGeneration]) {
        expect([...new Set(list)].sort(compareTypes)).toEqual(list);
      }
    });
  });

  describe("refresh script", () => {
    const model = (file: string, shapes: Record<string, unknown>): LoadedModel => ({ file, model: { shapes } as never });
    const str = { type: "string" };
    const fixture: Models = {
      ec2: model("data/ec2/2016-11-15/service-2.json", { InstanceType: { type: "string", enum: ["t3.large", "t3.micro", "a1.medium", "t3.micro", "t3.2xlarge"] } }),
      elasticache: model("data/elasticache/2015-02-02/service-2.json", {
        String: str,
        CreateReplicationGroupMessage: {
          type: "structure",
          members: {
            CacheNodeType: {
              shape: "String",
              documentation:
                "<p>The node types:</p> <ul> <li> <p>General purpose:</p> <ul> <li> <p>Current generation:</p> <p> <b>M7g node types</b>: <code>cache.m7g.xlarge</code>, <code>cache.m7g.large</code> </p> <p> <b>T4g node types</b>: <code>cache.t4g.micro</code> </p> </li> <li> <p>Previous generation: (not recommended)</p> <p> <b>T1 node types:</b> <code>cache.t1.micro</code> </p> </li> </ul> </li> </ul>",
            },
            Engine: { shape: "String", documentation: "<p>The value must be set to <code>valkey</code> or <code>redis</code>.</p>" },
          },
        },
        CreateCacheParameterGroupMessage: {
          type: "structure",
          members: { CacheParameterGroupFamily: { shape: "String", documentation: "<p>Valid values are: <code>valkey8</code> | <code>redis7</code> | <code>redis6.x</code> </p>" } },
        },
      }),
      eks: model("data/eks/2017-11-01/service-2.json", {
        labelKey: { type: "string", min: 1, max: 63 },
        labelValue: { type: "string", min: 1, max: 63 },
        taintKey: { type: "string", min: 1, max: 63 },
        taintValue: { type: "string", min: 0, max: 63 },
        TaintEffect: { type: "string", enum: ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] },
        CapacityTypes: { type: "string", enum: ["ON_DEMAND", "SPOT"] },
      }),
      iam: model("data/iam/2010-05-08/service-2.json", {
        tagKeyType: { type: "string", min: 1, max: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" },
        tagValueType: { type: "string", min: 0, max: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" },
        tagListType: { type: "list", max: 50 },
      }),
      rds: model("data/rds/2014-10-31/service-2.json", {
        String: str,
        CreateDBInstanceMessage: {
          type: "structure",
          members: { Engine: { shape: "String", documentation: "<p>The engine.</p> <p>Valid Values:</p> <ul> <li> <p> <code>postgres</code> </p> </li> <li> <p> <code>mysql</code> </p> </li> </ul>" } },
        },
      }),
    };
    const info = { botocoreVersion: "1.2.3", asOf: "2026-01-02" };

    test("builds the generated files from botocore-shaped models", () => {
      const header = (source: string | string[], about: string[]) => ({ source, as_of: "2026-01-02", generated_by: GENERATED_BY, about });
      const files = buildGeneratedFiles(fixture, info) as Record<string, { about: string[] }>;
      expect(files).toEqual({
        "ec2-instance-types.json": {
          ...header("botocore@1.2.3 data/ec2/2016-11-15/service-2.json (shape InstanceType)", files["ec2-instance-types.json"].about),
          values: ["a1.medium", "t3.micro", "t3.large", "t3.2xlarge"],
        },
        "elasticache-node-types.json": {
          ...header(
            "botocore@1.2.3 data/elasticache/2015-02-02/service-2.json (CreateReplicationGroupMessage: CacheNodeType, Engine; CreateCacheParameterGroupMessage: CacheParameterGroupFamily)",
            files["elasticache-node-types.json"].about,
          ),
          values: {
            currentGeneration: ["cache.m7g.large", "cache.m7g.xlarge", "cache.t4g.micro"],
            previousGeneration: ["cache.t1.micro"],
            engines: ["redis", "valkey"],
            parameterGroupFamilies: ["redis6.x", "redis7", "valkey8"],
          },
        },
        "aws-api-rules.json": {
          ...header(
            [
              "botocore@1.2.3 data/iam/2010-05-08/service-2.json (shapes tagKeyType, tagValueType, tagListType)",
              "botocore@1.2.3 data/eks/2017-11-01/service-2.json (shapes labelKey, labelValue, taintKey, taintValue, TaintEffect, CapacityTypes)",
              "botocore@1.2.3 data/rds/2014-10-31/service-2.json (CreateDBInstanceMessage.Engine)",
            ],
            files["aws-api-rules.json"].about,
          ),
          values: {
            iamTags: {
              key: { min: 1, max: 128, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+" },
              value: { min: 0, max: 256, pattern: "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*" },
              maxPerResource: 50,
            },
            eksNodeGroups: {
              labelKey: { min: 1, max: 63 },
              labelValue: { min: 1, max: 63 },
              taintKey: { min: 1, max: 63 },
              taintValue: { min: 0, max: 63 },
              taintEffects: ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"],
              capacityTypes: ["ON_DEMAND", "SPOT"],
            },
            rdsEngines: ["mysql", "postgres"],
          },
        },
      });
    });

    test("says which shape is missing when a model changed", () => {
      const changed: Models = { ...fixture, ec2: model("data/ec2/2016-11-15/service-2.json", {}) };
      expect(() => buildGeneratedFiles(changed, info)).toThrow(new ModelError("data/ec2/2016-11-15/service-2.json has no shape InstanceType; this botocore's model differs from the one the script was written for"));
    });

    test("reads the newest API version, gzipped or not, and writes the files", () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "botocore-"));
      try {
        fs.writeFileSync(path.join(dir, "__init__.py"), "import logging\n__version__ = '1.2.3'\n");
        for (const [service, loaded] of Object.entries(fixture)) {
          const [, , version] = loaded.file.split("/");
          fs.mkdirSync(path.join(dir, "data", service, "2000-01-01"), { recursive: true });
          fs.writeFileSync(path.join(dir, "data", service, "2000-01-01", "service-2.json"), "{}");
          fs.mkdirSync(path.join(dir, "data", service, version), { recursive: true });
          const text = JSON.stringify(loaded.model);
          if (service === "ec2") {
            fs.writeFileSync(path.join(dir, "data", service, version, "service-2.json.gz"), zlib.gzipSync(text));
          } else {
            fs.writeFileSync(path.join(dir, "data", service, version, "service-2.json"), text);
          }
        }
        expect(botocoreVersion(dir)).toBe("1.2.3");
        expect(readModel(dir, "ec2")).toEqual(fixture.ec2);
        const out = path.join(dir, "out");
        expect(refresh(dir, out, "2026-01-02")).toEqual(["ec2-instance-types.json", "elasticache-node-types.json", "aws-api-rules.json"]);
        expect(JSON.parse(fs.readFileSync(path.join(out, "ec2-instance-types.json"), "utf8"))).toEqual(buildGeneratedFiles(fixture, info)["ec2-instance-types.json"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
