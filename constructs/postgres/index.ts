/**
 * PostgresDatabase: one RDS for PostgreSQL instance in the isolated data subnets, reachable only
 * from the app tier's security groups on 5432.
 *
 * - Storage (gp3, autoscaling up to a ceiling), Performance Insights, the exported logs and the
 *   master user secret are all encrypted with one customer-managed key of the database's own.
 * - The master password is created and rotated by RDS in Secrets Manager
 *   (`manage_master_user_password`): it never appears in code, config, plan or state. Applications
 *   should rather log in with IAM database authentication (`grantConnect`).
 * - The parameter group forces TLS and sets a statement timeout, slow-statement logging and
 *   connection logging; the logs go to CloudWatch log groups this construct creates (so they get
 *   a retention and the key instead of the never-expiring, unencrypted groups RDS would create).
 * - Production rules (Multi-AZ, longer backups, deletion protection) are the config validator's
 *   business; this construct only rejects what AWS or PostgreSQL would reject or what cannot work.
 */
import { Construct } from "constructs";
import { Fn } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { DataPlacementProps } from "../data-placement";
import { EncryptionKey } from "../encryption-key";
import { LOG_RETENTION_DAYS } from "../../lib/config";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, oneOf } from "../../lib/problems";
import type { PostgresDeletionProtection, PostgresDeployment, PostgresFinalSnapshot, PostgresSettings } from "../../lib/types/postgres";
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from "../../lib/windows";
import { isPostgresName, isRdsIdentifier } from "./private/validation";
import { equals, known, numberText } from "../../lib/token-values";

/** The port PostgreSQL listens on (the data tier's NACLs and security groups open it). */
export const POSTGRES_PORT = 5432;

/** Logs RDS for PostgreSQL can export to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
export type PostgresLogExport = (typeof POSTGRES_LOG_EXPORTS)[number];

export type { PostgresDeletionProtection, PostgresDeployment, PostgresFinalSnapshot, PostgresSettings } from "../../lib/types/postgres";

/** Smallest gp3 volume RDS for PostgreSQL accepts, in GiB. */
export const POSTGRES_MIN_STORAGE_GB = 20;
/** Largest gp3 volume RDS accepts, in GiB. */
export const POSTGRES_MAX_STORAGE_GB = 65536;

/**
 * The instance's settings (PostgresSettings in lib/types/postgres.ts: engine, size, backups,
 * windows, protections), its placement, and what the stack decides. The instance is
 * `<namePrefix>-postgres`; `subnetIds` needs at least two subnets in different AZs (an RDS subnet
 * group spans two AZs); clients connect on 5432.
 */
export interface PostgresDatabaseProps extends DataPlacementProps, PostgresSettings {
  /** Database created with the instance (letters, digits, `_`; a letter first). */
  readonly databaseName: string;
  /** Master user name (letters, digits, `_`; a letter first); its password lives only in Secrets Manager. */
  readonly masterUsername: string;
  /**
   * `statement_timeout` in milliseconds; statements running longer are cancelled (0 = never).
   * @default 60000
   */
  readonly statementTimeoutMs?: number;
  /**
   * `log_min_duration_statement` in milliseconds; slower statements are logged (-1 = none).
   * @default 1000
   */
  readonly logMinDurationStatementMs?: number;
  /**
   * Logs exported to CloudWatch Logs.
   * @default ["postgresql", "upgrade"]
   */
  readonly cloudwatchLogExports?: readonly PostgresLogExport[];
  /**
   * Seconds between Enhanced Monitoring samples (OS metrics: memory, swap, per-process CPU): 1, 5,
   * 10, 15, 30 or 60; 0 turns it off.
   * @default 60
   */
  readonly monitoringIntervalSeconds?: number;
}

/** Enhanced Monitoring intervals RDS accepts. */
const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60];

/** Performance Insights retention periods AWS accepts: 7, 31 * n for n in 1..23, 731. */
function isPerformanceInsightsRetention(days: number): boolean {
  return days === 7 || days === 731 || (Number.isInteger(days) && days % 31 === 0 && days >= 31 && days <= 713);
}

/** PostgreSQL's largest integer setting (statement_timeout and log_min_duration_statement are int). */
const PG_INT_MAX = 2147483647;

/** Role names PostgreSQL or RDS reserve. */
function isReservedRoleName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "rdsadmin" || lower === "rdsrepladmin" || lower.startsWith("pg_") || lower.startsWith("rds_");
}

const DEPLOYMENTS: readonly PostgresDeployment[] = ["singleAz", "multiAz"];
const DELETION_PROTECTIONS: readonly PostgresDeletionProtection[] = ["enabled", "disabled"];
const FINAL_SNAPSHOTS: readonly PostgresFinalSnapshot[] = ["keep", "skip"];

/**
 * Reports every problem of PostgresDatabaseProps through `problems`: what AWS or PostgreSQL would
 * reject, or what cannot work. The construct runs it on its own props; the config validation
 * (lib/validate-data.ts) runs it on each environment's `data.postgres` before any construct exists.
 */
export function validatePostgresDatabaseProps(props: PostgresDatabaseProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const identifier = `${props.namePrefix}-postgres`;
  if (known(props.namePrefix) && !isRdsIdentifier(identifier, 63)) {
    p.add("namePrefix", props.namePrefix, `makes the instance identifier "${identifier}", which RDS rejects`, "lower-case letters, digits and single hyphens, a letter first, no hyphen at the end, at most 54 characters", 'use a prefix like "chatbot-dev"');
  }
  if (p.list("subnetIds", props.subnetIds, "at least 2 subnets in different AZs", "pass the data subnets of every AZ") && known(props.subnetIds) && props.subnetIds.length < 2) {
    p.add("subnetIds", props.subnetIds, `has ${props.subnetIds.length} subnet(s); an RDS subnet group needs at least 2 in different AZs`, "at least 2 subnets in different AZs", "pass the data subnets of every AZ");
  }
  if (p.list("clientSecurityGroupIds", props.clientSecurityGroupIds, "one or more security group ids of the app tier", "pass the app tier's security group") && props.clientSecurityGroupIds.length === 0) {
    p.add("clientSecurityGroupIds", props.clientSecurityGroupIds, "is empty, so nothing could connect", "one or more security group ids of the app tier", "pass the app tier's security group");
  }
  const versions = '"<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)';
  if (p.text("engineVersion", props.engineVersion, versions, 'use e.g. "16" or "16.6"') && known(props.engineVersion)) {
    const version = /^(\d+)(?:\.(\d+))?$/.exec(props.engineVersion);
    if (!version || Number(version[1]) < 10) {
      p.add("engineVersion", props.engineVersion, "is not a PostgreSQL version this construct can map to a parameter group family", versions, 'use e.g. "16" or "16.6"');
    }
  }
  if (p.text("instanceClass", props.instanceClass, 'db.<family>.<size>, e.g. "db.t3.micro"', 'use e.g. "db.t3.micro"') && known(props.instanceClass) && !/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(props.instanceClass)) {
    p.add("instanceClass", props.instanceClass, "is not an RDS instance class", 'db.<family>.<size>, e.g. "db.t3.micro"', 'use e.g. "db.t3.micro"');
  }
  if (known(props.deployment) && !DEPLOYMENTS.includes(props.deployment)) {
    p.add("deployment", props.deployment, "is not a deployment", oneOf(DEPLOYMENTS), 'use "multiAz" for a standby in another AZ, "singleAz" otherwise');
  }
  const storage = `an integer from ${POSTGRES_MIN_STORAGE_GB} to ${POSTGRES_MAX_STORAGE_GB} (GiB)`;
  const allocated = props.allocatedStorageGb;
  const allocatedOk = p.number(
    "allocatedStorageGb",
    allocated,
    (n) => Number.isInteger(n) && n >= POSTGRES_MIN_STORAGE_GB && n <= POSTGRES_MAX_STORAGE_GB,
    "is outside the gp3 volume sizes RDS for PostgreSQL accepts",
    storage,
    "use a whole number in range, e.g. 20",
  );
  const minMax = allocatedOk ? Math.ceil((allocated * 11) / 10) : POSTGRES_MIN_STORAGE_GB;
  const max = props.maxAllocatedStorageGb;
  p.number(
    "maxAllocatedStorageGb",
    max,
    (n) => Number.isInteger(n) && n >= minMax && n <= POSTGRES_MAX_STORAGE_GB,
    max > POSTGRES_MAX_STORAGE_GB || !allocatedOk
      ? "is not a gp3 volume size RDS for PostgreSQL accepts"
      : `is not at least 10% above allocatedStorageGb (${allocated}), which storage autoscaling needs as its ceiling`,
    `an integer from ${minMax} to ${POSTGRES_MAX_STORAGE_GB} (GiB)`,
    allocatedOk ? `set it to at least ${minMax} (AWS recommends 26% above, ${Math.ceil((allocated * 126) / 100)})` : `set it above ${p.name("allocatedStorageGb")}`,
  );
  const names = '1 to 63 letters, digits and "_", a letter first';
  if (p.text("databaseName", props.databaseName, names, 'use e.g. "chatbot"') && known(props.databaseName) && !isPostgresName(props.databaseName)) {
    p.add("databaseName", props.databaseName, "is not a database name RDS accepts", names, 'use e.g. "chatbot"');
  }
  const users = `${names}, not rdsadmin/rdsrepladmin nor starting with pg_ or rds_`;
  if (p.text("masterUsername", props.masterUsername, users, 'use e.g. "dbadmin"') && known(props.masterUsername) && (!isPostgresName(props.masterUsername) || isReservedRoleName(props.masterUsername))) {
    p.add("masterUsername", props.masterUsername, "is not a user name RDS accepts", users, 'use e.g. "dbadmin"');
  }
  p.number(
    "backupRetentionDays",
    props.backupRetentionDays,
    (n) => Number.isInteger(n) && n >= 1 && n <= 35,
    "is outside 1..35 (0 would turn off automated backups and point-in-time recovery)",
    "an integer from 1 to 35",
    "use 7 or more",
  );
  const daily = '"hh24:mi-hh24:mi" in UTC, at least 30 minutes';
  const backup = p.text("backupWindow", props.backupWindow, daily, 'use e.g. "16:00-17:00"') && known(props.backupWindow) ? parseDailyWindow(props.backupWindow) : undefined;
  if (typeof props.backupWindow === "string" && known(props.backupWindow) && (!backup || backup.minutes < 30)) {
    p.add("backupWindow", props.backupWindow, "is not a daily window of at least 30 minutes", daily, 'use e.g. "16:00-17:00"');
  }
  const weekly = '"ddd:hh24:mi-ddd:hh24:mi" in UTC, days mon..sun, at least 30 minutes';
  const maintenance = p.text("maintenanceWindow", props.maintenanceWindow, weekly, 'use e.g. "sun:17:00-sun:18:00"') && known(props.maintenanceWindow) ? parseWeeklyWindow(props.maintenanceWindow) : undefined;
  if (typeof props.maintenanceWindow === "string" && known(props.maintenanceWindow) && (!maintenance || maintenance.minutes < 30)) {
    p.add("maintenanceWindow", props.maintenanceWindow, "is not a weekly window of at least 30 minutes", weekly, 'use e.g. "sun:17:00-sun:18:00"');
  }
  if (backup && backup.minutes >= 30 && maintenance && maintenance.minutes >= 30 && dailyOverlapsWeekly(backup, maintenance)) {
    p.add("backupWindow", props.backupWindow, `overlaps maintenanceWindow "${props.maintenanceWindow}", which RDS rejects`, "a daily backup window outside the weekly maintenance window", "move one of them");
  }
  if (known(props.deletionProtection) && !DELETION_PROTECTIONS.includes(props.deletionProtection)) {
    p.add("deletionProtection", props.deletionProtection, "is not a choice", oneOf(DELETION_PROTECTIONS), 'use "enabled" for a database that must survive a destroy (production)');
  }
  if (known(props.finalSnapshot) && !FINAL_SNAPSHOTS.includes(props.finalSnapshot)) {
    p.add("finalSnapshot", props.finalSnapshot, "is not a choice", oneOf(FINAL_SNAPSHOTS), 'use "keep" unless the data is throw-away');
  }
  p.number(
    "monitoringIntervalSeconds",
    props.monitoringIntervalSeconds ?? 60,
    (n) => MONITORING_INTERVALS.includes(n),
    "is not an Enhanced Monitoring interval",
    `${MONITORING_INTERVALS.join(", ")} (0 = off)`,
    "use 60",
  );
  if (props.performanceInsightsRetentionDays !== undefined) {
    p.number(
      "performanceInsightsRetentionDays",
      props.performanceInsightsRetentionDays,
      isPerformanceInsightsRetention,
      "is not a retention Performance Insights offers",
      "7 (free tier), 31 * n for n in 1..23, or 731",
      "use 7, or leave it unset to turn Performance Insights off",
    );
  }
  p.number(
    "statementTimeoutMs",
    props.statementTimeoutMs ?? 60000,
    (n) => Number.isInteger(n) && n >= 0 && n <= PG_INT_MAX,
    "is not a statement_timeout",
    `a whole number of milliseconds, 0 (no timeout) to ${PG_INT_MAX}`,
    "use e.g. 60000",
  );
  p.number(
    "logMinDurationStatementMs",
    props.logMinDurationStatementMs ?? 1000,
    (n) => Number.isInteger(n) && n >= -1 && n <= PG_INT_MAX,
    "is not a log_min_duration_statement",
    `-1 (off) or a whole number of milliseconds up to ${PG_INT_MAX}`,
    "use e.g. 1000",
  );
  const logExports: unknown = props.cloudwatchLogExports ?? POSTGRES_LOG_EXPORTS;
  const exportsAllowed = `distinct values of ${oneOf(POSTGRES_LOG_EXPORTS).replace("one of ", "")}`;
  if (p.list("cloudwatchLogExports", logExports, exportsAllowed, "remove it to export every log")) {
    if (logExports.some((e) => !(POSTGRES_LOG_EXPORTS as readonly unknown[]).includes(e)) || new Set(logExports).size !== logExports.length) {
      p.add("cloudwatchLogExports", logExports, "lists an unknown log or a log twice", exportsAllowed, "remove duplicates and unknown logs");
    }
  }
  p.number(
    "logRetentionDays",
    props.logRetentionDays,
    (n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
    "is not a retention CloudWatch Logs offers",
    oneOf(LOG_RETENTION_DAYS),
    "use the nearest allowed value, e.g. 365",
  );
}

export class PostgresDatabase extends Construct {
  public readonly instance: DbInstance;
  /** `host:port` of the instance. */
  public readonly endpoint: string;
  /** Host name of the instance. */
  public readonly address: string;
  /** Port of the instance (5432). */
  public readonly port: number;
  /** ARN of the Secrets Manager secret RDS keeps the master credentials in. */
  public readonly masterUserSecretArn: string;
  /** The instance's security group (5432 from the client groups only). */
  public readonly securityGroup: SecurityGroup;
  /** Key of the storage, Performance Insights, exported logs and master secret. */
  public readonly key: EncryptionKey;
  public readonly subnetGroup: DbSubnetGroup;
  public readonly parameterGroup: DbParameterGroup;
  /** Log groups of the exports, by export. */
  public readonly logGroups: Readonly<Partial<Record<PostgresLogExport, CloudwatchLogGroup>>>;
  /** `<namePrefix>-postgres`. */
  public readonly identifier: string;
  /** Master user name (for `grantConnect` checks and runbooks; the password is in the secret). */
  public readonly masterUsername: string;

  private readonly props: PostgresDatabaseProps;
  private grantCount = 0;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const identifier = `${props.namePrefix}-postgres`;
    // Validation: every problem at once, before any resource exists.
    checkProps(`PostgresDatabase ${identifier}`, props, validatePostgresDatabaseProps);
    const statementTimeoutMs = props.statementTimeoutMs ?? 60000;
    const logMinDurationStatementMs = props.logMinDurationStatementMs ?? 1000;
    const logExports = props.cloudwatchLogExports ?? POSTGRES_LOG_EXPORTS;
    // The instance's creation time makes the name unique per instance: timestamp() is evaluated
    // when the instance is created, and ignore_changes (which applies only to an existing object)
    // then keeps that value in state, where the provider reads it on destroy. A fixed name would
    // fail the destroy of any instance recreated after a predecessor left its final snapshot.
    // Letters, digits and single hyphens, at most 63 + 21 characters: a valid snapshot identifier.
    const finalSnapshotIdentifier = `${identifier}-final-${Fn.formatdate("YYYYMMDDhhmmss", Fn.timestamp())}`;
    // The major version names the parameter group family; a version known only at plan time (the
    // generated module) is split by Terraform.
    const major = known(props.engineVersion) ? String(Number(/^(\d+)/.exec(props.engineVersion)![1])) : Fn.element(Fn.split(".", props.engineVersion), 0);
    const allocated = props.allocatedStorageGb;
    const piDays = props.performanceInsightsRetentionDays;

    this.props = props;
    this.identifier = identifier;
    this.masterUsername = props.masterUsername;
    const name = (suffix: string): string => `${props.namePrefix}-${suffix}`;
    const logGroupName = (log: PostgresLogExport): string => `/aws/rds/instance/${identifier}/${log}`;
    const logGroupArn = (log: PostgresLogExport): string => `arn:aws:logs:${props.region}:${props.accountId}:log-group:${logGroupName(log)}`;

    // One key for everything of the database. RDS and Secrets Manager use it on behalf of the
    // caller (grants through the account's IAM); CloudWatch Logs needs a key policy statement,
    // pinned to the export log groups.
    this.key = new EncryptionKey(this, "Key", {
      aliasName: name("postgres"),
      description: `Encrypts the PostgreSQL storage, Performance Insights, logs and master secret of ${props.namePrefix}`,
      accountId: props.accountId,
      serviceUsers:
        logExports.length === 0
          ? []
          : [
              {
                sid: "CloudWatchLogs",
                servicePrincipal: `logs.${props.region}.amazonaws.com`,
                conditions: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: logExports.map(logGroupArn) }],
              },
            ],
    });

    this.subnetGroup = new DbSubnetGroup(this, "SubnetGroup", {
      name: name("postgres"),
      description: `Data subnets of the ${props.namePrefix} PostgreSQL database`,
      subnetIds: [...props.subnetIds],
      tags: { Name: name("postgres") },
    });

    // Own security group; no egress rule (RDS initiates nothing), and Terraform removes the
    // allow-all egress rule AWS adds to a new group (see constructs/network).
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: name("postgres"),
      description: `PostgreSQL ${identifier}: ${POSTGRES_PORT} from the app tier only`,
      vpcId: props.vpcId,
      tags: { Name: name("postgres") },
    });
    props.clientSecurityGroupIds.forEach((client, i) => {
      new SecurityGroupRule(this, `IngressFromClient${i}`, {
        type: "ingress",
        securityGroupId: this.securityGroup.id,
        protocol: "tcp",
        fromPort: POSTGRES_PORT,
        toPort: POSTGRES_PORT,
        sourceSecurityGroupId: client,
        description: "PostgreSQL from the app tier",
      });
    });

    // Parameter group: named after the family, so a major upgrade creates the new group before
    // the instance moves to it and the old one is deleted afterwards.
    const family = `postgres${major}`;
    this.parameterGroup = new DbParameterGroup(this, "ParameterGroup", {
      name: name(family),
      family,
      description: `TLS only, statement timeout, slow-statement and connection logging for ${identifier}`,
      parameter: [
        // Defaults to 1 from PostgreSQL 15 on; set explicitly so older majors get it too.
        // pending-reboot works whatever the parameter's apply type (the API accepts it for dynamic
        // and static parameters), and a new instance starts with the group's values anyway.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        // Dynamic in PostgreSQL (user / superuser / sighup contexts): applied without a reboot.
        { name: "statement_timeout", value: numberText(statementTimeoutMs), applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: numberText(logMinDurationStatementMs), applyMethod: "immediate" },
        { name: "log_connections", value: "1", applyMethod: "immediate" },
        { name: "log_disconnections", value: "1", applyMethod: "immediate" },
      ],
      tags: { Name: name(family) },
      lifecycle: { createBeforeDestroy: true },
    });

    // Log groups before the instance: otherwise RDS creates them without retention or key.
    const logGroups: Partial<Record<PostgresLogExport, CloudwatchLogGroup>> = {};
    for (const log of logExports) {
      logGroups[log] = new CloudwatchLogGroup(this, `LogGroup${log.charAt(0).toUpperCase()}${log.slice(1)}`, {
        name: logGroupName(log),
        retentionInDays: props.logRetentionDays,
        kmsKeyId: this.key.keyArn,
        tags: { Name: logGroupName(log) },
      });
    }
    this.logGroups = logGroups;

    const performanceInsights = piDays !== undefined;
    // Enhanced Monitoring publishes OS metrics through a role only the RDS monitoring service assumes.
    const monitoringInterval = props.monitoringIntervalSeconds ?? 60;
    let monitoringRoleArn: string | undefined;
    if (!known(monitoringInterval) || monitoringInterval > 0) {
      const trust = new DataAwsIamPolicyDocument(this, "MonitoringTrust", {
        statement: [
          {
            effect: "Allow",
            actions: ["sts:AssumeRole"],
            principals: [{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }],
            condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
          },
        ],
      });
      const role = new IamRole(this, "MonitoringRole", { name: `${identifier}-monitoring`, assumeRolePolicy: trust.json });
      new IamRolePolicyAttachment(this, "MonitoringPolicy", { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole" });
      monitoringRoleArn = role.arn;
    }

    this.instance = new DbInstance(this, "Instance", {
      identifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      autoMinorVersionUpgrade: true,
      instanceClass: props.instanceClass,
      multiAz: equals(props.deployment, "multiAz"),
      storageType: "gp3",
      allocatedStorage: allocated,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      storageEncrypted: true,
      kmsKeyId: this.key.keyArn,
      dbName: props.databaseName,
      username: props.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.key.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      port: POSTGRES_PORT,
      dbSubnetGroupName: this.subnetGroup.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      parameterGroupName: this.parameterGroup.name,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: props.backupWindow,
      maintenanceWindow: props.maintenanceWindow,
      copyTagsToSnapshot: true,
      deletionProtection: equals(props.deletionProtection, "enabled"),
      skipFinalSnapshot: equals(props.finalSnapshot, "skip"),
      // Set with "skip" too (the provider sends it only when a snapshot is taken), so that switching
      // to "keep" later finds a name in state: ignore_changes would keep a missing one missing.
      finalSnapshotIdentifier,
      enabledCloudwatchLogsExports: [...logExports],
      performanceInsightsEnabled: performanceInsights,
      performanceInsightsKmsKeyId: performanceInsights ? this.key.keyArn : undefined,
      performanceInsightsRetentionPeriod: piDays,
      monitoringInterval,
      monitoringRoleArn,
      tags: { Name: identifier },
      lifecycle: { ignoreChanges: ["final_snapshot_identifier"] },
      dependsOn: Object.values(logGroups),
    });

    this.endpoint = this.instance.endpoint;
    this.address = this.instance.address;
    this.port = POSTGRES_PORT;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
  }

  /**
   * Lets `grantee` read the master credentials: GetSecretValue and DescribeSecret on exactly the
   * instance's secret, and kms:Decrypt on its key only through Secrets Manager for that secret.
   * For break-glass and migrations; applications should use `grantConnect`.
   */
  public grantReadMasterSecret(grantee: IamRole): IamRolePolicy {
    const n = this.grantCount++;
    const doc = this.readMasterSecretDocument(this, `ReadMasterSecretDocument${n}`);
    return new IamRolePolicy(this, `ReadMasterSecret${n}`, {
      name: `${this.identifier}-read-master-secret`,
      role: grantee.name,
      policy: doc.json,
    });
  }

  /**
   * The policy document grantReadMasterSecret attaches, created in `scope`: for a role this
   * construct does not see (the generated module outputs it).
   */
  public readMasterSecretDocument(scope: Construct, id: string): DataAwsIamPolicyDocument {
    return new DataAwsIamPolicyDocument(scope, id, {
      statement: [
        {
          sid: "ReadMasterSecret",
          effect: "Allow",
          actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          resources: [this.masterUserSecretArn],
        },
        {
          sid: "DecryptMasterSecret",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [this.key.keyArn],
          condition: [
            { test: "StringEquals", variable: "kms:ViaService", values: [`secretsmanager.${this.props.region}.amazonaws.com`] },
            { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [this.masterUserSecretArn] },
          ],
        },
      ],
    });
  }

  /**
   * Lets `grantee` log in as database user `dbUser` with an IAM authentication token
   * (`rds-db:connect` on exactly that user of this instance). The user must exist in the database
   * with `GRANT rds_iam TO <dbUser>`; the master user is refused, as IAM login would disable its
   * password login.
   */
  public grantConnect(grantee: IamRole, dbUser: string): IamRolePolicy {
    // A programming error of the stack (the user name is no configuration), not bad input.
    const owner = `PostgresDatabase ${this.identifier}`;
    if (!isPostgresName(dbUser) || isReservedRoleName(dbUser)) {
      throw new Error(
        `${owner}: grantConnect dbUser "${dbUser}" is not a database user name; allowed: 1 to 63 letters, digits and "_", a letter first, not reserved (pg_*, rds_*); use the application's own user, e.g. "chatbot_app"`,
      );
    }
    if (dbUser.toLowerCase() === this.masterUsername.toLowerCase()) {
      throw new Error(`${owner}: grantConnect dbUser "${dbUser}" is the master user; granting it rds_iam would turn off its password login; create an application user and grant that`);
    }
    const n = this.grantCount++;
    const doc = new DataAwsIamPolicyDocument(this, `ConnectDocument${n}`, {
      statement: [
        {
          sid: "ConnectAsUser",
          effect: "Allow",
          actions: ["rds-db:connect"],
          resources: [`arn:aws:rds-db:${this.props.region}:${this.props.accountId}:dbuser:${this.instance.resourceId}/${dbUser}`],
        },
      ],
    });
    return new IamRolePolicy(this, `Connect${n}`, {
      name: `${this.identifier}-connect-${dbUser}`,
      role: grantee.name,
      policy: doc.json,
    });
  }
}
