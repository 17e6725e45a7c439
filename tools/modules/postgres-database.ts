/**
 * Module `postgres-database`: constructs/postgres (one RDS for PostgreSQL instance in private
 * subnets, reachable on 5432 from the given security groups only; storage, Performance Insights,
 * logs and the RDS-managed master secret encrypted with its own key; TLS forced).
 */
import { PostgresDatabase, PostgresDatabaseProps, POSTGRES_LOG_EXPORTS, validatePostgresDatabaseProps } from "../../constructs/postgres";
import { LOG_RETENTION_DAYS } from "../../lib/config";
import { Problems } from "../../lib/problems";
import { hclIntIn, hclList } from "./hcl";
import { TAGS_VARIABLE, type ModuleDefinition, type Probe, type ValidationBlock } from "./definition";
import { variableRule } from "./messages";

export const POSTGRES_DATABASE_BASE: PostgresDatabaseProps = {
  namePrefix: "team-a-dev",
  accountId: "123456789012",
  region: "ap-southeast-2",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupIds: ["sg-app"],
  engineVersion: "16",
  instanceClass: "db.t3.micro",
  deployment: "singleAz",
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  databaseName: "reports",
  masterUsername: "dbadmin",
  backupRetentionDays: 7,
  backupWindow: "16:00-16:30",
  maintenanceWindow: "sun:17:00-sun:17:30",
  deletionProtection: "enabled",
  finalSnapshot: "keep",
  performanceInsightsRetentionDays: 7,
  logRetentionDays: 365,
};

export const probePostgresDatabase: Probe = (mistake) => {
  const problems = new Problems();
  validatePostgresDatabaseProps({ ...POSTGRES_DATABASE_BASE, ...mistake } as PostgresDatabaseProps, problems, "");
  return problems.list;
};

/** camelCase props that appear in the messages (written snake_case in the module). */
export const POSTGRES_DATABASE_PROPS = [
  "namePrefix", "subnetIds", "clientSecurityGroupIds", "engineVersion", "instanceClass", "deployment", "allocatedStorageGb",
  "maxAllocatedStorageGb", "databaseName", "masterUsername", "backupRetentionDays", "backupWindow", "maintenanceWindow",
  "deletionProtection", "finalSnapshot", "monitoringIntervalSeconds", "performanceInsightsRetentionDays", "statementTimeoutMs",
  "logMinDurationStatementMs", "logRetentionDays",
];

const probe = probePostgresDatabase;
const props = POSTGRES_DATABASE_PROPS;
/** A rule on a whole variable whose only problem is one message (`path` is the prop). */
const rule = (variable: string, path: string, mistake: Record<string, unknown>, condition: string, extra: Partial<Parameters<typeof variableRule>[3]> = {}): ValidationBlock =>
  variableRule(probe, variable, props, { mistake, path, condition, ...extra });

// Storage (gp3 sizes; the ceiling at least 10% above the initial size).
const ALLOC_OK = hclIntIn("var.allocated_storage_gb", 20, 65536);
const MIN_MAX = "ceil(var.allocated_storage_gb * 11 / 10)";
const MAX_OK = `(${hclIntIn("var.max_allocated_storage_gb", 20, 65536)} && var.max_allocated_storage_gb >= (${ALLOC_OK} ? ${MIN_MAX} : 20))`;

// Windows: `hh24:mi-hh24:mi` daily, `ddd:hh24:mi-ddd:hh24:mi` weekly, both UTC and 30 minutes or more.
const TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";
const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAILY_FORM = `can(regex("^${TIME}-${TIME}$", var.backup_window))`;
const WEEKLY_FORM = `can(regex("(?i)^(${DAYS.join("|")}):${TIME}-(${DAYS.join("|")}):${TIME}$", var.maintenance_window))`;
const minutesOf = (text: string, at: number): string => `(tonumber(substr(${text}, ${at}, 2)) * 60 + tonumber(substr(${text}, ${at + 3}, 2)))`;
const DAILY_START = minutesOf("var.backup_window", 0);
const DAILY_MINUTES = `((${minutesOf("var.backup_window", 6)} - ${DAILY_START} + 1440) % 1440)`;
const dayOf = (at: number): string => `(index(${hclList(DAYS)}, lower(substr(var.maintenance_window, ${at}, 3))) * 1440)`;
const WEEKLY_START = `(${dayOf(0)} + ${minutesOf("var.maintenance_window", 4)})`;
const WEEKLY_MINUTES = `((${dayOf(10)} + ${minutesOf("var.maintenance_window", 14)} - ${WEEKLY_START} + 10080) % 10080)`;
const DAILY_OK = `(${DAILY_FORM} ? ${DAILY_MINUTES} >= 30 : false)`;
const WEEKLY_OK = `(${WEEKLY_FORM} ? ${WEEKLY_MINUTES} >= 30 : false)`;
const weekMod = (n: string): string => `(((${n}) % 10080 + 10080) % 10080)`;
const OVERLAP = `anytrue([for d in range(7) : ${weekMod(`${WEEKLY_START} - (d * 1440 + ${DAILY_START})`)} < ${DAILY_MINUTES} || ${weekMod(`(d * 1440 + ${DAILY_START}) - ${WEEKLY_START}`)} < ${WEEKLY_MINUTES}])`;
const NAME = "^[A-Za-z][A-Za-z0-9_]{0,62}$";
const RESERVED_USER = 'contains(["rdsadmin", "rdsrepladmin"], lower(var.master_username)) || startswith(lower(var.master_username), "pg_") || startswith(lower(var.master_username), "rds_")';

export const postgresDatabase: ModuleDefinition = {
  name: "postgres-database",
  version: "1.0.0",
  construct: "constructs/postgres",
  summary: "One RDS for PostgreSQL instance in private subnets, reachable on 5432 from the given security groups only: encrypted with its own KMS key, TLS forced, password managed by RDS in Secrets Manager.",
  details: [
    "The instance `<name_prefix>-postgres` (gp3 with storage autoscaling, IAM database authentication, automatic minor upgrades, never publicly accessible) gets its own security group with one ingress rule on 5432 per entry of `client_security_group_ids` (`for_each`) and no egress, a subnet group over `subnet_ids` (two or more AZs), and a parameter group `<name_prefix>-postgres<major>` that forces TLS and sets `statement_timeout`, `log_min_duration_statement` and connection logging.",
    "The master password is created and rotated by RDS in Secrets Manager (`manage_master_user_password`): it never appears in the module's inputs, plan or state. Applications should rather log in with IAM database authentication: a role with `rds-db:connect` on `<connect_arn_prefix><db user>` logs in as that user once it is granted `rds_iam`. Break-glass readers get the `read_master_secret_policy_json` output.",
    "The `postgresql` and `upgrade` logs are exported to log groups the module creates first (retention, the key), Performance Insights is on (7 days are free), Enhanced Monitoring runs through a role only `monitoring.rds.amazonaws.com` may assume (none with `monitoring_interval_seconds = 0`). A final snapshot named with the instance's creation time is taken on destroy unless `final_snapshot = \"skip\"`; `deletion_protection = \"enabled\"` refuses the destroy altogether.",
    "Whether RDS offers `instance_class` and `engine_version` in the region is checked by RDS at apply (the app checks its own environments against a dated copy of the offerings at synth); the inputs' shapes are checked here.",
  ].join("\n\n"),
  e2e: true,
  template: {
    local: "client_security_groups",
    value: "{ for i, id in var.client_security_group_ids : tostring(i) => id }",
    constructs: { IngressFromClient0: "IngressFromClient" },
  },
  optional: [
    { when: "var.monitoring_interval_seconds > 0", constructs: ["MonitoringRole", "MonitoringPolicy", "MonitoringTrust"] },
  ],
  variables: [
    {
      name: "name_prefix",
      type: "string",
      description: "Prefix of physical names: the instance is `<name_prefix>-postgres` (at most 54 characters, lower-case letters, digits and single hyphens).",
      example: "team-a-dev",
      validation: [rule("name_prefix", "namePrefix", { namePrefix: "Team_A" }, 'length("${var.name_prefix}-postgres") <= 63 && can(regex("^[a-z]([a-z0-9]|-[a-z0-9])*$", "${var.name_prefix}-postgres"))', {
        substitutions: [['"Team_A-postgres"', 'jsonencode("${var.name_prefix}-postgres")']],
      })],
    },
    { name: "vpc_id", type: "string", description: "VPC of the subnets; the instance's security group is created in it.", example: "vpc-0123456789abcdef0" },
    {
      name: "subnet_ids",
      type: "list(string)",
      description: "Private (data) subnets, at least two in different AZs (an RDS subnet group spans two AZs).",
      example: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
      validation: [
        rule("subnet_ids", "subnetIds", { subnetIds: ["subnet-a"] }, "length(var.subnet_ids) >= 2", {
          substitutions: [["has 1 subnet(s)", 'format("has %d subnet(s)", length(var.subnet_ids))']],
        }),
      ],
    },
    {
      name: "client_security_group_ids",
      type: "list(string)",
      description: "Security groups of the clients; only they may connect, on 5432 (one ingress rule each, keyed by position).",
      example: ["sg-0123456789abcdef0"],
      validation: [rule("client_security_group_ids", "clientSecurityGroupIds", { clientSecurityGroupIds: [] }, "length(var.client_security_group_ids) > 0")],
    },
    {
      name: "engine_version",
      type: "string",
      description: "PostgreSQL version, `\"<major>\"` (minor upgrades applied by AWS) or `\"<major>.<minor>\"`, major 10 or later; the parameter group family is `postgres<major>`.",
      default: "16",
      example: "16",
      validation: [rule("engine_version", "engineVersion", { engineVersion: "9.6" }, 'can(regex("^[0-9]+(\\\\.[0-9]+)?$", var.engine_version)) ? tonumber(split(".", var.engine_version)[0]) >= 10 : false')],
    },
    {
      name: "instance_class",
      type: "string",
      description: "Instance class, e.g. `db.t3.micro`.",
      example: "db.t3.micro",
      validation: [rule("instance_class", "instanceClass", { instanceClass: "t3.micro" }, 'can(regex("^db\\\\.[a-z0-9]+\\\\.[a-z0-9]+$", var.instance_class))')],
    },
    {
      name: "deployment",
      type: "string",
      description: "`singleAz`, or `multiAz` for a synchronous standby in another AZ.",
      default: "multiAz",
      example: "multiAz",
      validation: [rule("deployment", "deployment", { deployment: "multi" }, 'contains(["singleAz", "multiAz"], var.deployment)')],
    },
    {
      name: "allocated_storage_gb",
      type: "number",
      description: "Initial gp3 storage in GiB, 20 to 65536.",
      default: 20,
      example: 20,
      validation: [rule("allocated_storage_gb", "allocatedStorageGb", { allocatedStorageGb: 10 }, ALLOC_OK)],
    },
    {
      name: "max_allocated_storage_gb",
      type: "number",
      description: "Ceiling of storage autoscaling in GiB, at least 10% above `allocated_storage_gb` (AWS recommends 26%).",
      default: 100,
      example: 100,
      validation: [
        rule("max_allocated_storage_gb", "maxAllocatedStorageGb", { allocatedStorageGb: 100, maxAllocatedStorageGb: 105 }, `!(${ALLOC_OK} && var.max_allocated_storage_gb <= 65536) || ${MAX_OK}`, {
          substitutions: [
            ["(100)", 'format("(%d)", var.allocated_storage_gb)'],
            ["from 110", `format("from %d", ${MIN_MAX})`],
            ["least 110", `format("least %d", ${MIN_MAX})`],
            ["above, 126", 'format("above, %d", ceil(var.allocated_storage_gb * 126 / 100))'],
          ],
        }),
        rule("max_allocated_storage_gb", "maxAllocatedStorageGb", { allocatedStorageGb: 100, maxAllocatedStorageGb: 70000 }, `!(${ALLOC_OK} && var.max_allocated_storage_gb > 65536) || ${MAX_OK}`, {
          substitutions: [
            ["from 110", `format("from %d", ${MIN_MAX})`],
            ["least 110", `format("least %d", ${MIN_MAX})`],
            ["above, 126", 'format("above, %d", ceil(var.allocated_storage_gb * 126 / 100))'],
          ],
        }),
        { ...rule("max_allocated_storage_gb", "maxAllocatedStorageGb", { allocatedStorageGb: 10, maxAllocatedStorageGb: 10 }, `${ALLOC_OK} || ${MAX_OK}`), acrossInputs: true },
      ],
    },
    {
      name: "database_name",
      type: "string",
      description: "Database created with the instance: 1 to 63 letters, digits and `_`, a letter first.",
      example: "reports",
      validation: [rule("database_name", "databaseName", { databaseName: "1reports" }, `can(regex("${NAME}", var.database_name))`)],
    },
    {
      name: "master_username",
      type: "string",
      description: "Master user name (its password lives only in Secrets Manager): 1 to 63 letters, digits and `_`, a letter first, not reserved by RDS.",
      default: "dbadmin",
      example: "dbadmin",
      validation: [rule("master_username", "masterUsername", { masterUsername: "rdsadmin" }, `can(regex("${NAME}", var.master_username)) && !(${RESERVED_USER})`)],
    },
    {
      name: "backup_retention_days",
      type: "number",
      description: "Days automated backups (and point-in-time recovery) reach back, 1 to 35.",
      default: 7,
      example: 7,
      validation: [rule("backup_retention_days", "backupRetentionDays", { backupRetentionDays: 0 }, hclIntIn("var.backup_retention_days", 1, 35))],
    },
    {
      name: "backup_window",
      type: "string",
      description: "Daily backup window, `hh24:mi-hh24:mi` UTC, at least 30 minutes, outside the maintenance window (compared at plan time).",
      default: "16:00-16:30",
      example: "16:00-16:30",
      validation: [
        rule("backup_window", "backupWindow", { backupWindow: "16:00-16:10" }, DAILY_OK),
        { ...rule("backup_window", "backupWindow", { backupWindow: "17:10-17:40" }, `!(${DAILY_OK} && ${WEEKLY_OK}) || !${OVERLAP}`, {
          substitutions: [['"sun:17:00-sun:17:30"', "jsonencode(var.maintenance_window)"]],
        }), acrossInputs: true },
      ],
    },
    {
      name: "maintenance_window",
      type: "string",
      description: "Weekly maintenance window, `ddd:hh24:mi-ddd:hh24:mi` UTC, at least 30 minutes.",
      default: "sun:17:00-sun:17:30",
      example: "sun:17:00-sun:17:30",
      validation: [rule("maintenance_window", "maintenanceWindow", { maintenanceWindow: "sunday 17:00" }, WEEKLY_OK)],
    },
    {
      name: "deletion_protection",
      type: "string",
      description: "`enabled` (a destroy is refused: production) or `disabled`.",
      default: "enabled",
      example: "enabled",
      validation: [rule("deletion_protection", "deletionProtection", { deletionProtection: "on" }, 'contains(["enabled", "disabled"], var.deletion_protection)')],
    },
    {
      name: "final_snapshot",
      type: "string",
      description: "`keep` (a final snapshot on destroy) or `skip` (throw-away data).",
      default: "keep",
      example: "keep",
      validation: [rule("final_snapshot", "finalSnapshot", { finalSnapshot: "yes" }, 'contains(["keep", "skip"], var.final_snapshot)')],
    },
    {
      name: "performance_insights_retention_days",
      type: "number",
      description: "Days Performance Insights keeps its data: 7 (free), a multiple of 31 up to 713, or 731.",
      default: 7,
      example: 7,
      validation: [
        rule(
          "performance_insights_retention_days",
          "performanceInsightsRetentionDays",
          { performanceInsightsRetentionDays: 30 },
          "var.performance_insights_retention_days == 7 || var.performance_insights_retention_days == 731 || (var.performance_insights_retention_days % 31 == 0 && var.performance_insights_retention_days >= 31 && var.performance_insights_retention_days <= 713)",
        ),
      ],
    },
    {
      name: "monitoring_interval_seconds",
      type: "number",
      description: "Seconds between Enhanced Monitoring samples: 1, 5, 10, 15, 30 or 60; 0 turns it off (and its role).",
      default: 60,
      example: 60,
      validation: [rule("monitoring_interval_seconds", "monitoringIntervalSeconds", { monitoringIntervalSeconds: 20 }, "contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)")],
    },
    {
      name: "statement_timeout_ms",
      type: "number",
      description: "`statement_timeout` in milliseconds; statements running longer are cancelled (0 = never).",
      default: 60000,
      example: 60000,
      validation: [rule("statement_timeout_ms", "statementTimeoutMs", { statementTimeoutMs: -5 }, hclIntIn("var.statement_timeout_ms", 0, 2147483647))],
    },
    {
      name: "log_min_duration_statement_ms",
      type: "number",
      description: "`log_min_duration_statement` in milliseconds; slower statements are logged (-1 = none).",
      default: 1000,
      example: 1000,
      validation: [rule("log_min_duration_statement_ms", "logMinDurationStatementMs", { logMinDurationStatementMs: -2 }, hclIntIn("var.log_min_duration_statement_ms", -1, 2147483647))],
    },
    {
      name: "log_retention_days",
      type: "number",
      description: "Days the exported logs are kept (a CloudWatch Logs retention period, e.g. 365).",
      default: 365,
      example: 365,
      validation: [rule("log_retention_days", "logRetentionDays", { logRetentionDays: 10 }, `contains(${hclList(LOG_RETENTION_DAYS)}, var.log_retention_days)`)],
    },
    TAGS_VARIABLE,
  ],
  outputs: [
    { name: "instance_identifier", description: "Identifier of the instance (`<name_prefix>-postgres`).", value: "aws_db_instance.instance.identifier" },
    { name: "instance_arn", description: "ARN of the instance.", value: "aws_db_instance.instance.arn" },
    { name: "instance_address", description: "Host name clients connect to (TLS required).", value: "aws_db_instance.instance.address" },
    { name: "instance_port", description: "Port of the instance (5432).", value: "aws_db_instance.instance.port" },
    { name: "instance_resource_id", description: "Resource ID of the instance (IAM database authentication ARNs name it).", value: "aws_db_instance.instance.resource_id" },
    {
      name: "connect_arn_prefix",
      description: "Append a database user to get the resource of `rds-db:connect` for IAM database authentication as that user.",
      value: '"arn:aws:rds-db:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:dbuser:${aws_db_instance.instance.resource_id}/"',
    },
    { name: "master_user_secret_arn", description: "ARN of the Secrets Manager secret RDS keeps the master credentials in.", value: "aws_db_instance.instance.master_user_secret[0].secret_arn" },
    {
      name: "read_master_secret_policy_json",
      description: "IAM policy document (JSON) that lets a role read the master credentials (break-glass, migrations): the secret and its key through Secrets Manager only.",
      value: "data.aws_iam_policy_document.read_master_secret.json",
    },
    { name: "security_group_id", description: "ID of the instance's security group.", value: "aws_security_group.security_group.id" },
    { name: "key_arn", description: "ARN of the KMS key of the storage, Performance Insights, logs and master secret.", value: "aws_kms_key.key.arn" },
    { name: "log_group_names", description: "Names of the exported log groups, by log.", value: `{ ${POSTGRES_LOG_EXPORTS.map((l) => `${l} = aws_cloudwatch_log_group.log_group_${l}.name`).join(", ")} }` },
  ],
  build(scope, ctx) {
    const db = new PostgresDatabase(scope, "Database", {
      namePrefix: ctx.str("name_prefix"),
      accountId: ctx.accountId(),
      region: ctx.region(),
      vpcId: ctx.str("vpc_id"),
      subnetIds: ctx.list("subnet_ids"),
      clientSecurityGroupIds: [ctx.eachValue()],
      engineVersion: ctx.str("engine_version"),
      instanceClass: ctx.str("instance_class"),
      deployment: ctx.str("deployment") as PostgresDatabaseProps["deployment"],
      allocatedStorageGb: ctx.num("allocated_storage_gb"),
      maxAllocatedStorageGb: ctx.num("max_allocated_storage_gb"),
      databaseName: ctx.str("database_name"),
      masterUsername: ctx.str("master_username"),
      backupRetentionDays: ctx.num("backup_retention_days"),
      backupWindow: ctx.str("backup_window"),
      maintenanceWindow: ctx.str("maintenance_window"),
      deletionProtection: ctx.str("deletion_protection") as PostgresDatabaseProps["deletionProtection"],
      finalSnapshot: ctx.str("final_snapshot") as PostgresDatabaseProps["finalSnapshot"],
      performanceInsightsRetentionDays: ctx.num("performance_insights_retention_days"),
      monitoringIntervalSeconds: ctx.num("monitoring_interval_seconds"),
      statementTimeoutMs: ctx.num("statement_timeout_ms"),
      logMinDurationStatementMs: ctx.num("log_min_duration_statement_ms"),
      logRetentionDays: ctx.num("log_retention_days"),
    });
    db.readMasterSecretDocument(scope, "ReadMasterSecret");
    return db;
  },
};
