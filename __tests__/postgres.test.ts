import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { PostgresDatabase, PostgresDatabaseProps } from "../constructs/postgres";
import { TfJson, resources, scrub } from "./helpers";

const props: PostgresDatabaseProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupIds: ["sg-app", "sg-jobs"],
  engineVersion: "16.6",
  instanceClass: "db.t3.micro",
  deployment: "singleAz",
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  databaseName: "chatbot",
  masterUsername: "dbadmin",
  backupRetentionDays: 7,
  backupWindow: "16:00-17:00",
  maintenanceWindow: "sun:17:30-sun:18:30",
  deletionProtection: "enabled",
  finalSnapshot: "keep",
  logRetentionDays: 365,
};

type Use = (db: PostgresDatabase, scope: Construct) => void;

function synth(p: Partial<PostgresDatabaseProps> = {}, use?: Use): string {
  return Testing.synthScope((scope) => {
    const db = new PostgresDatabase(scope, "Postgres", { ...props, ...p });
    use?.(db, scope);
  });
}
const json = (p: Partial<PostgresDatabaseProps> = {}, use?: Use): TfJson => JSON.parse(synth(p, use));
const instance = (j: TfJson): any => resources(j, "aws_db_instance")[0];
const docs = (j: TfJson, idPart: string): any[] =>
  Object.entries(j.data!.aws_iam_policy_document)
    .filter(([id]) => id.includes(idPart))
    .map(([, body]) => body);
const role = (scope: Construct, id = "AppRole", name = "chatbot-test-app"): IamRole => new IamRole(scope, id, { name, assumeRolePolicy: "{}" });

describe("PostgresDatabase", () => {
  test("an encrypted, private, IAM-authenticated PostgreSQL instance on autoscaling gp3 storage", () => {
    expect(synth()).toHaveResourceWithProperties(DbInstance, {
      identifier: "chatbot-test-postgres",
      engine: "postgres",
      engine_version: "16.6",
      auto_minor_version_upgrade: true,
      instance_class: "db.t3.micro",
      multi_az: false,
      storage_type: "gp3",
      allocated_storage: 20,
      max_allocated_storage: 100,
      storage_encrypted: true,
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      port: 5432,
      db_name: "chatbot",
      username: "dbadmin",
      backup_retention_period: 7,
      backup_window: "16:00-17:00",
      maintenance_window: "sun:17:30-sun:18:30",
      tags: { Name: "chatbot-test-postgres" },
    });
    const db = instance(json());
    expect(db.kms_key_id).toBe("${aws_kms_key.Postgres_Key_233BA253.arn}");
    expect(db.vpc_security_group_ids).toEqual(["${aws_security_group.Postgres_SecurityGroup_46BC35B3.id}"]);
  });

  test("the master password is managed by RDS in Secrets Manager under the database's key and never synthesized", () => {
    const db = instance(json());
    expect(db.manage_master_user_password).toBe(true);
    expect(db.master_user_secret_kms_key_id).toBe(db.kms_key_id);
    expect(Object.keys(db).filter((k) => k.startsWith("password"))).toEqual([]);
  });

  test("the subnet group holds exactly the data subnets", () => {
    expect(synth()).toHaveResourceWithProperties(DbSubnetGroup, { name: "chatbot-test-postgres", subnet_ids: ["subnet-a", "subnet-b"] });
    expect(instance(json()).db_subnet_group_name).toMatch(/^\$\{aws_db_subnet_group\.Postgres_SubnetGroup_[A-F0-9]+\.name\}$/);
  });

  test("the security group admits 5432 from each client group and nothing else", () => {
    const j = json();
    const [sg] = resources(j, "aws_security_group");
    expect(sg).toEqual(expect.objectContaining({ name: "chatbot-test-postgres", vpc_id: "vpc-1", tags: { Name: "chatbot-test-postgres" } }));
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    const rules = resources(j, "aws_security_group_rule");
    expect(rules.map((r) => [r.type, r.protocol, r.from_port, r.to_port, r.source_security_group_id, r.cidr_blocks])).toEqual([
      ["ingress", "tcp", 5432, 5432, "sg-app", undefined],
      ["ingress", "tcp", 5432, 5432, "sg-jobs", undefined],
    ]);
  });

  test("the parameter group of the major's family forces TLS and sets the timeout and logging", () => {
    const j = json({ engineVersion: "15", statementTimeoutMs: 30000, logMinDurationStatementMs: 250 });
    const [group] = resources(j, "aws_db_parameter_group");
    expect(group.family).toBe("postgres15");
    expect(group.name).toBe("chatbot-test-postgres15");
    expect(group.lifecycle).toEqual({ create_before_destroy: true });
    expect(group.parameter).toEqual([
      { name: "rds.force_ssl", value: "1", apply_method: "pending-reboot" },
      { name: "statement_timeout", value: "30000", apply_method: "immediate" },
      { name: "log_min_duration_statement", value: "250", apply_method: "immediate" },
      { name: "log_connections", value: "1", apply_method: "immediate" },
      { name: "log_disconnections", value: "1", apply_method: "immediate" },
    ]);
    expect(instance(j).parameter_group_name).toMatch(/^\$\{aws_db_parameter_group\.Postgres_ParameterGroup_[A-F0-9]+\.name\}$/);
    const defaults = resources(json(), "aws_db_parameter_group")[0].parameter;
    expect(defaults.find((p: any) => p.name === "statement_timeout").value).toBe("60000");
    expect(defaults.find((p: any) => p.name === "log_min_duration_statement").value).toBe("1000");
  });

  test("exported logs go to encrypted log groups with retention that exist before the instance", () => {
    const j = json({ logRetentionDays: 90 });
    const groups = resources(j, "aws_cloudwatch_log_group");
    expect(groups.map((g) => [g.name, g.retention_in_days, g.kms_key_id])).toEqual([
      ["/aws/rds/instance/chatbot-test-postgres/postgresql", 90, "${aws_kms_key.Postgres_Key_233BA253.arn}"],
      ["/aws/rds/instance/chatbot-test-postgres/upgrade", 90, "${aws_kms_key.Postgres_Key_233BA253.arn}"],
    ]);
    const db = instance(j);
    expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    expect(db.depends_on).toEqual(Object.keys(j.resource.aws_cloudwatch_log_group).map((id) => `aws_cloudwatch_log_group.${id}`));
    const only = json({ cloudwatchLogExports: ["postgresql"] });
    expect(resources(only, "aws_cloudwatch_log_group").map((g) => g.name)).toEqual(["/aws/rds/instance/chatbot-test-postgres/postgresql"]);
  });

  test("the key's alias is <namePrefix>-postgres and CloudWatch Logs may use it only for the export log groups", () => {
    const j = json();
    expect(resources(j, "aws_kms_alias")[0].name).toBe("alias/chatbot-test-postgres");
    const [policy] = docs(j, "Postgres_Key_Policy");
    const logs = policy.statement.find((s: any) => s.sid === "CloudWatchLogs");
    expect(logs.principals).toEqual([{ type: "Service", identifiers: ["logs.ap-southeast-2.amazonaws.com"] }]);
    expect(logs.condition).toEqual([
      {
        test: "ArnEquals",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: [
          "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/rds/instance/chatbot-test-postgres/postgresql",
          "arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/rds/instance/chatbot-test-postgres/upgrade",
        ],
      },
    ]);
  });

  test("deployment, deletion protection and the final snapshot follow the props", () => {
    const kept = instance(json({ deployment: "multiAz", deletionProtection: "enabled", finalSnapshot: "keep" }));
    expect([kept.multi_az, kept.deletion_protection, kept.skip_final_snapshot]).toEqual([true, true, false]);
    const throwaway = instance(json({ deletionProtection: "disabled", finalSnapshot: "skip" }));
    expect([throwaway.multi_az, throwaway.deletion_protection, throwaway.skip_final_snapshot]).toEqual([false, false, true]);
  });

  test("the final snapshot is named after the instance's creation time, which Terraform then keeps, so a recreated instance gets a new name", () => {
    for (const finalSnapshot of ["keep", "skip"] as const) {
      const db = instance(json({ finalSnapshot }));
      // timestamp() is evaluated when the instance is created; ignore_changes keeps that value in
      // state (where the provider reads it on destroy) instead of a new one on every plan. Set with
      // "skip" too, so a later switch to "keep" finds a name in state.
      expect(db.final_snapshot_identifier).toBe('chatbot-test-postgres-final-${formatdate("YYYYMMDDhhmmss", timestamp())}');
      expect(db.lifecycle).toEqual({ ignore_changes: ["final_snapshot_identifier"] });
    }
  });

  test("Performance Insights is off by default and, when on, encrypted with the key (db.t3.micro supports it for PostgreSQL)", () => {
    const off = instance(json());
    expect([off.performance_insights_enabled, off.performance_insights_kms_key_id, off.performance_insights_retention_period]).toEqual([false, undefined, undefined]);
    for (const days of [7, 31, 713, 731]) {
      const on = instance(json({ instanceClass: "db.t3.micro", performanceInsightsRetentionDays: days }));
      expect([on.performance_insights_enabled, on.performance_insights_kms_key_id, on.performance_insights_retention_period]).toEqual([
        true,
        "${aws_kms_key.Postgres_Key_233BA253.arn}",
        days,
      ]);
    }
  });

  test("Enhanced Monitoring samples every 60 s through a role only the RDS monitoring service of this account assumes", () => {
    const j = json();
    expect(instance(j).monitoring_interval).toBe(60);
    expect(instance(j).monitoring_role_arn).toMatch(/^\$\{aws_iam_role\.Postgres_MonitoringRole_\w+\.arn\}$/);
    const trust = docs(j, "MonitoringTrust")[0].statement[0];
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["monitoring.rds.amazonaws.com"] }]);
    expect(trust.condition).toEqual([{ test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] }]);
    const off = json({ monitoringIntervalSeconds: 0 });
    expect(instance(off).monitoring_interval).toBe(0);
    expect(resources(off, "aws_iam_role")).toEqual([]);
  });

  test("the public attributes point at the instance and its master secret", () => {
    const j = json({}, (db, scope) => {
      new TerraformOutput(scope, "address", { value: db.address });
      new TerraformOutput(scope, "endpoint", { value: db.endpoint });
      new TerraformOutput(scope, "secret", { value: db.masterUserSecretArn });
      new TerraformOutput(scope, "port", { value: db.port });
      new TerraformOutput(scope, "identifier", { value: db.identifier });
    });
    expect(Object.fromEntries(Object.entries(j.output!).map(([k, o]) => [k, o.value]))).toEqual({
      address: "${aws_db_instance.Postgres_Instance_A83EBC1B.address}",
      endpoint: "${aws_db_instance.Postgres_Instance_A83EBC1B.endpoint}",
      secret: "${aws_db_instance.Postgres_Instance_A83EBC1B.master_user_secret[0].secret_arn}",
      port: 5432,
      identifier: "chatbot-test-postgres",
    });
  });

  test("grantReadMasterSecret reads exactly the master secret and decrypts only through Secrets Manager for it", () => {
    const j = json({}, (db, scope) => {
      db.grantReadMasterSecret(role(scope));
    });
    const [policy] = resources(j, "aws_iam_role_policy");
    expect(policy.name).toBe("chatbot-test-postgres-read-master-secret");
    expect(policy.role).toBe("${aws_iam_role.AppRole.name}");
    const [doc] = docs(j, "ReadMasterSecretDocument");
    const secret = "${aws_db_instance.Postgres_Instance_A83EBC1B.master_user_secret[0].secret_arn}";
    expect(doc.statement).toEqual([
      { sid: "ReadMasterSecret", effect: "Allow", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [secret] },
      {
        sid: "DecryptMasterSecret",
        effect: "Allow",
        actions: ["kms:Decrypt"],
        resources: ["${aws_kms_key.Postgres_Key_233BA253.arn}"],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["secretsmanager.ap-southeast-2.amazonaws.com"] },
          { test: "StringEquals", variable: "kms:EncryptionContext:SecretARN", values: [secret] },
        ],
      },
    ]);
  });

  test("grantConnect allows rds-db:connect as exactly one database user of this instance", () => {
    const j = json({}, (db, scope) => {
      db.grantConnect(role(scope), "chatbot_app");
    });
    const [policy] = resources(j, "aws_iam_role_policy");
    expect(policy.name).toBe("chatbot-test-postgres-connect-chatbot_app");
    expect(policy.role).toBe("${aws_iam_role.AppRole.name}");
    const [doc] = docs(j, "ConnectDocument");
    expect(doc.statement).toEqual([
      {
        sid: "ConnectAsUser",
        effect: "Allow",
        actions: ["rds-db:connect"],
        resources: ["arn:aws:rds-db:ap-southeast-2:123456789012:dbuser:${aws_db_instance.Postgres_Instance_A83EBC1B.resource_id}/chatbot_app"],
      },
    ]);
  });

  test("grants to several roles get their own policies", () => {
    const j = json({}, (db, scope) => {
      db.grantConnect(role(scope, "ApiRole", "chatbot-test-api"), "chatbot_app");
      db.grantConnect(role(scope, "WorkerRole", "chatbot-test-worker"), "chatbot_worker");
      db.grantReadMasterSecret(role(scope, "AdminRole", "chatbot-test-admin"));
      db.grantReadMasterSecret(role(scope, "MigrationRole", "chatbot-test-migration"));
    });
    const policies = resources(j, "aws_iam_role_policy");
    expect(policies.map((p) => [p.role, p.name])).toEqual([
      ["${aws_iam_role.ApiRole.name}", "chatbot-test-postgres-connect-chatbot_app"],
      ["${aws_iam_role.WorkerRole.name}", "chatbot-test-postgres-connect-chatbot_worker"],
      ["${aws_iam_role.AdminRole.name}", "chatbot-test-postgres-read-master-secret"],
      ["${aws_iam_role.MigrationRole.name}", "chatbot-test-postgres-read-master-secret"],
    ]);
  });

  test("synthesized JSON (review a change like code)", () => {
    const j = json({ performanceInsightsRetentionDays: 7 }, (db, scope) => {
      db.grantConnect(role(scope), "chatbot_app");
      db.grantReadMasterSecret(role(scope, "AdminRole", "chatbot-test-admin"));
    });
    expect(scrub(j)).toMatchSnapshot();
  });

  describe("errors", () => {
    const label = "PostgresDatabase chatbot-test-postgres";
    /** The construct's error for props with one problem, given as its report lines. */
    const one = (...lines: string[]): string => [`${label}: 1 invalid prop; nothing was created:`, ...lines].join("\n");

    test("storage autoscaling without room to grow", () => {
      expect(() => synth({ allocatedStorageGb: 100, maxAllocatedStorageGb: 100 })).toThrow(
        one(
          "  - maxAllocatedStorageGb: 100 is not at least 10% above allocatedStorageGb (100), which storage autoscaling needs as its ceiling",
          "    allowed: an integer from 110 to 65536 (GiB)",
          "    fix: set it to at least 110 (AWS recommends 26% above, 126)",
        ),
      );
      expect(() => synth({ allocatedStorageGb: 100, maxAllocatedStorageGb: 109 })).toThrow("set it to at least 110");
      expect(() => synth({ allocatedStorageGb: 100, maxAllocatedStorageGb: 110 })).not.toThrow();
    });

    test("storage outside what gp3 offers", () => {
      expect(() => synth({ allocatedStorageGb: 10, maxAllocatedStorageGb: 100 })).toThrow(
        one(
          "  - allocatedStorageGb: 10 is outside the gp3 volume sizes RDS for PostgreSQL accepts",
          "    allowed: an integer from 20 to 65536 (GiB)",
          "    fix: use a whole number in range, e.g. 20",
        ),
      );
    });

    test("backup retention that would turn off point-in-time recovery, or beyond 35 days", () => {
      expect(() => synth({ backupRetentionDays: 0 })).toThrow(
        one(
          "  - backupRetentionDays: 0 is outside 1..35 (0 would turn off automated backups and point-in-time recovery)",
          "    allowed: an integer from 1 to 35",
          "    fix: use 7 or more",
        ),
      );
      expect(() => synth({ backupRetentionDays: 36 })).toThrow("  - backupRetentionDays: 36 is outside 1..35");
    });

    test("a name prefix RDS cannot use in an identifier", () => {
      expect(() => synth({ namePrefix: "Chatbot_Dev" })).toThrow(
        [
          "PostgresDatabase Chatbot_Dev-postgres: 1 invalid prop; nothing was created:",
          '  - namePrefix: "Chatbot_Dev" makes the instance identifier "Chatbot_Dev-postgres", which RDS rejects',
          "    allowed: lower-case letters, digits and single hyphens, a letter first, no hyphen at the end, at most 54 characters",
          '    fix: use a prefix like "chatbot-dev"',
        ].join("\n"),
      );
      expect(() => synth({ namePrefix: "chatbot--dev" })).toThrow('namePrefix: "chatbot--dev"');
      expect(() => synth({ namePrefix: `c${"x".repeat(54)}` })).toThrow("at most 54 characters");
      expect(() => synth({ namePrefix: `c${"x".repeat(53)}` })).not.toThrow();
    });

    test("database and master user names RDS rejects", () => {
      expect(() => synth({ databaseName: "chat-bot" })).toThrow(
        one('  - databaseName: "chat-bot" is not a database name RDS accepts', '    allowed: 1 to 63 letters, digits and "_", a letter first', '    fix: use e.g. "chatbot"'),
      );
      expect(() => synth({ masterUsername: "rdsadmin" })).toThrow(
        one(
          '  - masterUsername: "rdsadmin" is not a user name RDS accepts',
          '    allowed: 1 to 63 letters, digits and "_", a letter first, not rdsadmin/rdsrepladmin nor starting with pg_ or rds_',
          '    fix: use e.g. "dbadmin"',
        ),
      );
      expect(() => synth({ masterUsername: "1admin" })).toThrow('masterUsername: "1admin"');
    });

    test("malformed, too short or overlapping backup and maintenance windows", () => {
      expect(() => synth({ backupWindow: "16:00-16:20" })).toThrow(
        one('  - backupWindow: "16:00-16:20" is not a daily window of at least 30 minutes', '    allowed: "hh24:mi-hh24:mi" in UTC, at least 30 minutes', '    fix: use e.g. "16:00-17:00"'),
      );
      expect(() => synth({ backupWindow: "4pm" })).toThrow('backupWindow: "4pm" is not a daily window');
      expect(() => synth({ maintenanceWindow: "sunday 17:00" })).toThrow(
        one(
          '  - maintenanceWindow: "sunday 17:00" is not a weekly window of at least 30 minutes',
          '    allowed: "ddd:hh24:mi-ddd:hh24:mi" in UTC, days mon..sun, at least 30 minutes',
          '    fix: use e.g. "sun:17:00-sun:18:00"',
        ),
      );
      expect(() => synth({ backupWindow: "16:00-17:00", maintenanceWindow: "wed:16:30-wed:17:30" })).toThrow(
        one(
          '  - backupWindow: "16:00-17:00" overlaps maintenanceWindow "wed:16:30-wed:17:30", which RDS rejects',
          "    allowed: a daily backup window outside the weekly maintenance window",
          "    fix: move one of them",
        ),
      );
      // Windows that wrap around midnight and the end of the week.
      expect(() => synth({ backupWindow: "23:30-00:30", maintenanceWindow: "Mon:00:00-Mon:01:00" })).toThrow("overlaps maintenanceWindow");
      expect(() => synth({ backupWindow: "02:00-03:00", maintenanceWindow: "sun:23:30-mon:02:00" })).not.toThrow();
      expect(() => synth({ backupWindow: "02:00-03:00", maintenanceWindow: "sun:23:30-mon:02:01" })).toThrow("overlaps maintenanceWindow");
    });

    test("a Performance Insights retention AWS does not offer", () => {
      expect(() => synth({ performanceInsightsRetentionDays: 30 })).toThrow(
        one(
          "  - performanceInsightsRetentionDays: 30 is not a retention Performance Insights offers",
          "    allowed: 7 (free tier), 31 * n for n in 1..23, or 731",
          "    fix: use 7, or leave it unset to turn Performance Insights off",
        ),
      );
      expect(() => synth({ performanceInsightsRetentionDays: 744 })).toThrow("performanceInsightsRetentionDays: 744");
    });

    test("an engine version without a parameter group family and an unknown instance class", () => {
      expect(() => synth({ engineVersion: "16.6.1" })).toThrow(
        one(
          '  - engineVersion: "16.6.1" is not a PostgreSQL version this construct can map to a parameter group family',
          '    allowed: "<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)',
          '    fix: use e.g. "16" or "16.6"',
        ),
      );
      expect(() => synth({ instanceClass: "t3.micro" })).toThrow(
        one('  - instanceClass: "t3.micro" is not an RDS instance class', '    allowed: db.<family>.<size>, e.g. "db.t3.micro"', '    fix: use e.g. "db.t3.micro"'),
      );
    });

    test("a number where a string belongs, and choices that are none of the allowed ones", () => {
      expect(() => synth({ engineVersion: 16 as never, deployment: "multi-az" as never, finalSnapshot: true as never })).toThrow(
        [
          `${label}: 3 invalid props; nothing was created:`,
          "  - engineVersion: 16 is not a string",
          '    allowed: "<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)',
          '    fix: write it in quotes: "16"',
          '  - deployment: "multi-az" is not a deployment',
          '    allowed: one of "singleAz", "multiAz"',
          '    fix: use "multiAz" for a standby in another AZ, "singleAz" otherwise',
          "  - finalSnapshot: true is not a choice",
          '    allowed: one of "keep", "skip"',
          '    fix: use "keep" unless the data is throw-away',
        ].join("\n"),
      );
    });

    test("placement nothing could use", () => {
      expect(() => synth({ subnetIds: ["subnet-a"] })).toThrow(
        one(
          '  - subnetIds: ["subnet-a"] has 1 subnet(s); an RDS subnet group needs at least 2 in different AZs',
          "    allowed: at least 2 subnets in different AZs",
          "    fix: pass the data subnets of every AZ",
        ),
      );
      expect(() => synth({ clientSecurityGroupIds: [] })).toThrow(
        one("  - clientSecurityGroupIds: [] is empty, so nothing could connect", "    allowed: one or more security group ids of the app tier", "    fix: pass the app tier's security group"),
      );
    });

    test("settings PostgreSQL or CloudWatch would refuse", () => {
      expect(() => synth({ statementTimeoutMs: -5 })).toThrow(
        one("  - statementTimeoutMs: -5 is not a statement_timeout", "    allowed: a whole number of milliseconds, 0 (no timeout) to 2147483647", "    fix: use e.g. 60000"),
      );
      expect(() => synth({ logMinDurationStatementMs: -2 })).toThrow(
        one("  - logMinDurationStatementMs: -2 is not a log_min_duration_statement", "    allowed: -1 (off) or a whole number of milliseconds up to 2147483647", "    fix: use e.g. 1000"),
      );
      expect(() => synth({ cloudwatchLogExports: ["postgresql", "postgresql"] })).toThrow(
        one('  - cloudwatchLogExports: ["postgresql","postgresql"] lists an unknown log or a log twice', '    allowed: distinct values of "postgresql", "upgrade"', "    fix: remove duplicates and unknown logs"),
      );
      expect(() => synth({ logRetentionDays: 100 })).toThrow("  - logRetentionDays: 100 is not a retention CloudWatch Logs offers\n    allowed: one of 1, 3, 5, 7, 14, 30, 60, 90,");
    });

    test("every problem is reported at once", () => {
      expect(() => synth({ backupRetentionDays: 0, maxAllocatedStorageGb: 20, instanceClass: "m5.large" })).toThrow(
        [
          `${label}: 3 invalid props; nothing was created:`,
          '  - instanceClass: "m5.large" is not an RDS instance class',
          '    allowed: db.<family>.<size>, e.g. "db.t3.micro"',
          '    fix: use e.g. "db.t3.micro"',
          "  - maxAllocatedStorageGb: 20 is not at least 10% above allocatedStorageGb (20), which storage autoscaling needs as its ceiling",
          "    allowed: an integer from 22 to 65536 (GiB)",
          "    fix: set it to at least 22 (AWS recommends 26% above, 26)",
          "  - backupRetentionDays: 0 is outside 1..35 (0 would turn off automated backups and point-in-time recovery)",
          "    allowed: an integer from 1 to 35",
          "    fix: use 7 or more",
        ].join("\n"),
      );
    });

    test("grantConnect for the master user or a name PostgreSQL reserves", () => {
      expect(() =>
        synth({}, (db, scope) => {
          db.grantConnect(role(scope), "dbadmin");
        }),
      ).toThrow(`${label}: grantConnect dbUser "dbadmin" is the master user; granting it rds_iam would turn off its password login; create an application user and grant that`);
      expect(() =>
        synth({}, (db, scope) => {
          db.grantConnect(role(scope), "pg_monitor");
        }),
      ).toThrow(
        `${label}: grantConnect dbUser "pg_monitor" is not a database user name; allowed: 1 to 63 letters, digits and "_", a letter first, not reserved (pg_*, rds_*); use the application's own user, e.g. "chatbot_app"`,
      );
    });
  });
});
