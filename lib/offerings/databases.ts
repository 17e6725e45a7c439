/**
 * RDS for PostgreSQL and ElastiCache settings against what the services offer: DB instance classes
 * for the postgres engine, PostgreSQL versions (and the parameter group family postgres<major> that
 * constructs/postgres derives from them), cache node types, and Redis OSS versions (and the family
 * redis<major> that constructs/redis derives). Values the constructs cannot parse at all are left
 * to their own checks; lib/validate-data.ts keeps the rules each criticality adds.
 */
import { EnvironmentConfig } from "../config";
import { Problems } from "../problems";
import {
  DATA_FILES,
  ELASTICACHE_ENGINE_VERSIONS,
  ELASTICACHE_NODE_TYPES,
  RDS_POSTGRES_ENGINE_VERSIONS,
  RDS_POSTGRES_INSTANCE_CLASSES,
} from "./data";
import { allowedTypes, quoted } from "./suggest";
import { asRecord } from "./values";

/** The shapes constructs/postgres and constructs/redis accept (the same patterns as their prop checks). */
const DB_INSTANCE_CLASS = /^db\.[a-z0-9]+\.[a-z0-9]+$/;
const POSTGRES_VERSION = /^(\d+)(?:\.(\d+))?$/;
const CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const REDIS_VERSION = /^(\d+)\.(\d+)$/;
/** constructs/redis needs Redis OSS 7 or later (IAM authentication). */
const MIN_REDIS_MAJOR = 7;

const RDS_CLASSES = new Set(RDS_POSTGRES_INSTANCE_CLASSES.values);
const CACHE_CURRENT = new Set(ELASTICACHE_NODE_TYPES.values.currentGeneration);
const CACHE_PREVIOUS = new Set(ELASTICACHE_NODE_TYPES.values.previousGeneration);

export function checkPostgres(problems: Problems, env: EnvironmentConfig): void {
  const pg = asRecord(asRecord(env.data).postgres);
  const base = `${env.name}.data.postgres`;

  const instanceClass = pg.instanceClass;
  if (typeof instanceClass === "string" && DB_INSTANCE_CLASS.test(instanceClass) && !RDS_CLASSES.has(instanceClass)) {
    const path = `${base}.instanceClass`;
    const { allowed, suggestion } = allowedTypes(instanceClass, RDS_POSTGRES_INSTANCE_CLASSES.values, "RDS for PostgreSQL", DATA_FILES.rdsInstanceClasses);
    problems.add(
      path,
      instanceClass,
      "is not a DB instance class RDS offers for PostgreSQL",
      allowed,
      `set ${path} to e.g. "${suggestion}"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class ${instanceClass}), add it to ${DATA_FILES.rdsInstanceClasses}`,
    );
  }

  const version = pg.engineVersion;
  const match = typeof version === "string" ? POSTGRES_VERSION.exec(version) : null;
  if (!match || Number(match[1]) < 10) {
    return; // constructs/postgres reports a version it cannot map to a parameter group family
  }
  const path = `${base}.engineVersion`;
  const majors = RDS_POSTGRES_ENGINE_VERSIONS.values;
  const major = majors[match[1]];
  const check = `aws rds describe-db-engine-versions --engine postgres --engine-version ${version}`;
  if (major === undefined) {
    problems.add(
      path,
      version,
      `is not a PostgreSQL major version RDS offers, so the parameter group family it implies (postgres${match[1]}) does not exist either`,
      `a major version RDS offers: ${quoted(Object.keys(majors))}, each with its family (${Object.values(majors).map((m) => m.family).join(", ")}; ${DATA_FILES.rdsEngineVersions})`,
      `set ${path} to "${Object.keys(majors)[Object.keys(majors).length - 1]}" (or an older listed major); if RDS offers ${version} (${check}), add it to ${DATA_FILES.rdsEngineVersions}`,
    );
  } else if (match[2] !== undefined && !major.minors.includes(version as string)) {
    problems.add(
      path,
      version,
      `is not a PostgreSQL ${match[1]} version RDS creates new instances with`,
      `"${match[1]}" (RDS picks the newest ${match[1]}.x and applies minor upgrades) or one of ${quoted(major.minors)} (${DATA_FILES.rdsEngineVersions})`,
      `set ${path} to "${match[1]}" or a listed ${match[1]}.x; if RDS offers ${version} (${check}), add it to ${DATA_FILES.rdsEngineVersions}`,
    );
  }
}

export function checkRedis(problems: Problems, env: EnvironmentConfig): void {
  const redis = asRecord(asRecord(env.data).redis);
  const base = `${env.name}.data.redis`;

  const nodeType = redis.nodeType;
  if (typeof nodeType === "string" && CACHE_NODE_TYPE.test(nodeType) && !CACHE_CURRENT.has(nodeType)) {
    const path = `${base}.nodeType`;
    const { allowed, suggestion } = allowedTypes(nodeType, ELASTICACHE_NODE_TYPES.values.currentGeneration, "ElastiCache", DATA_FILES.elastiCacheNodeTypes);
    problems.add(
      path,
      nodeType,
      CACHE_PREVIOUS.has(nodeType)
        ? "is a previous-generation node type: ElastiCache keeps existing clusters of it running but creates no new one"
        : "is not a node type ElastiCache offers for replication groups",
      allowed,
      `set ${path} to e.g. "${suggestion}"`,
    );
  }

  const version = redis.engineVersion;
  const match = typeof version === "string" ? REDIS_VERSION.exec(version) : null;
  if (!match || Number(match[1]) < MIN_REDIS_MAJOR) {
    return; // constructs/redis reports versions it does not accept
  }
  const offered = ELASTICACHE_ENGINE_VERSIONS.values.redis ?? [];
  if (offered.some((v) => v.version === version)) {
    return;
  }
  const path = `${base}.engineVersion`;
  const usable = offered.filter((v) => Number(v.version.split(".")[0]) >= MIN_REDIS_MAJOR);
  const family = `redis${match[1]}`;
  const valkey = (ELASTICACHE_ENGINE_VERSIONS.values.valkey ?? []).some((v) => v.version === version);
  const problem = valkey
    ? `is a Valkey version, not a Redis OSS one: constructs/redis creates the "redis" engine, whose versions stop at ${usable[usable.length - 1]?.version}`
    : ELASTICACHE_NODE_TYPES.values.parameterGroupFamilies.includes(family)
      ? "is not a Redis OSS version ElastiCache offers"
      : `is not a Redis OSS version ElastiCache offers, and the parameter group family it implies (${family}) does not exist either`;
  problems.add(
    path,
    version,
    problem,
    `a Redis OSS version from ${MIN_REDIS_MAJOR}.0 on that ElastiCache offers: ${usable.map((v) => `"${v.version}" (family ${v.family})`).join(", ")} (${DATA_FILES.elastiCacheEngineVersions})`,
    `set ${path} to "${usable[usable.length - 1]?.version}"`,
  );
}
