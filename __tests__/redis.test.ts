import { TerraformOutput, Testing } from "cdktf";
import { Construct } from "constructs";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { RedisCache, RedisCacheProps } from "../constructs/redis";
import { TfJson, resources, scrub } from "./helpers";

const props: RedisCacheProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupIds: ["sg-app", "sg-jobs"],
  engineVersion: "7.1",
  nodeType: "cache.t4g.micro",
  replicas: 1,
  failover: "multiAz",
  snapshotRetentionDays: 7,
  snapshotWindow: "16:00-17:00",
  maintenanceWindow: "sun:17:30-sun:18:30",
  slowLogRetentionDays: 365,
  appKeyPrefix: "chatbot:",
};

type Use = (cache: RedisCache, scope: Construct) => void;

function synth(p: Partial<RedisCacheProps> = {}, use?: Use): string {
  return Testing.synthScope((scope) => {
    const cache = new RedisCache(scope, "Redis", { ...props, ...p });
    use?.(cache, scope);
  });
}
const json = (p: Partial<RedisCacheProps> = {}, use?: Use): TfJson => JSON.parse(synth(p, use));
const group = (j: TfJson): any => resources(j, "aws_elasticache_replication_group")[0];
/** The default user and the app user. */
const users = (j: TfJson): [any, any] => {
  const all = resources(j, "aws_elasticache_user");
  return [all.find((u) => u.user_name === "default"), all.find((u) => u.user_name !== "default")];
};
const docs = (j: TfJson, idPart: string): any[] =>
  Object.entries(j.data!.aws_iam_policy_document)
    .filter(([id]) => id.includes(idPart))
    .map(([, body]) => body);
const role = (scope: Construct, id = "AppRole", name = "chatbot-test-app"): IamRole => new IamRole(scope, id, { name, assumeRolePolicy: "{}" });

describe("RedisCache", () => {
  test("a Redis OSS replication group, encrypted at rest with its key and in transit, with no AUTH token", () => {
    expect(synth()).toHaveResourceWithProperties(ElasticacheReplicationGroup, {
      replication_group_id: "chatbot-test-redis",
      engine: "redis",
      engine_version: "7.1",
      auto_minor_version_upgrade: "true",
      node_type: "cache.t4g.micro",
      port: 6379,
      at_rest_encryption_enabled: "true",
      transit_encryption_enabled: true,
      transit_encryption_mode: "required",
      snapshot_retention_limit: 7,
      snapshot_window: "16:00-17:00",
      maintenance_window: "sun:17:30-sun:18:30",
      tags: { Name: "chatbot-test-redis" },
    });
    const rg = group(json());
    expect(rg.kms_key_id).toBe("${aws_kms_key.Redis_Key_A13AE7C7.arn}");
    expect(rg.auth_token).toBeUndefined();
    expect(rg.num_node_groups).toBeUndefined();
    expect(rg.security_group_ids).toEqual(["${aws_security_group.Redis_SecurityGroup_BF6DB1C0.id}"]);
  });

  test("nodes are the primary plus the replicas; failover and Multi-AZ follow the choice", () => {
    const cases: [Partial<RedisCacheProps>, number, boolean, boolean][] = [
      [{ replicas: 0, failover: "none" }, 1, false, false],
      [{ replicas: 1, failover: "automatic" }, 2, true, false],
      [{ replicas: 2, failover: "multiAz" }, 3, true, true],
    ];
    for (const [p, nodes, failover, multiAz] of cases) {
      const rg = group(json(p));
      expect([rg.num_cache_clusters, rg.automatic_failover_enabled, rg.multi_az_enabled]).toEqual([nodes, failover, multiAz]);
    }
  });

  test("the subnet group holds exactly the data subnets", () => {
    expect(synth()).toHaveResourceWithProperties(ElasticacheSubnetGroup, { name: "chatbot-test-redis", subnet_ids: ["subnet-a", "subnet-b"] });
    expect(group(json()).subnet_group_name).toMatch(/^\$\{aws_elasticache_subnet_group\.Redis_SubnetGroup_[A-F0-9]+\.name\}$/);
  });

  test("the security group admits 6379 from each client group and nothing else", () => {
    const j = json();
    const [sg] = resources(j, "aws_security_group");
    expect(sg).toEqual(expect.objectContaining({ name: "chatbot-test-redis", vpc_id: "vpc-1", tags: { Name: "chatbot-test-redis" } }));
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    const rules = resources(j, "aws_security_group_rule");
    expect(rules.map((r) => [r.type, r.protocol, r.from_port, r.to_port, r.source_security_group_id, r.cidr_blocks])).toEqual([
      ["ingress", "tcp", 6379, 6379, "sg-app", undefined],
      ["ingress", "tcp", 6379, 6379, "sg-jobs", undefined],
    ]);
  });

  test("the parameter group of the major's family sets the eviction policy", () => {
    const [pg] = resources(json(), "aws_elasticache_parameter_group");
    expect([pg.name, pg.family, pg.parameter, pg.lifecycle]).toEqual([
      "chatbot-test-redis7",
      "redis7",
      [{ name: "maxmemory-policy", value: "volatile-lru" }],
      { create_before_destroy: true },
    ]);
    expect(resources(json({ maxmemoryPolicy: "allkeys-lru" }), "aws_elasticache_parameter_group")[0].parameter).toEqual([
      { name: "maxmemory-policy", value: "allkeys-lru" },
    ]);
    expect(group(json()).parameter_group_name).toMatch(/^\$\{aws_elasticache_parameter_group\.Redis_ParameterGroup_[A-F0-9]+\.name\}$/);
  });

  test("RBAC: a disabled default user and an IAM-authenticated app user limited to the app's keys, in the group's user group", () => {
    const j = json();
    const [defaultUser, appUser] = users(j);
    expect(defaultUser).toEqual(
      expect.objectContaining({
        user_id: "chatbot-test-redis-default-off",
        user_name: "default",
        engine: "redis",
        access_string: "off -@all",
        authentication_mode: { type: "no-password-required" },
      }),
    );
    expect(appUser).toEqual(
      expect.objectContaining({
        user_id: "chatbot-test-redis-app",
        user_name: "chatbot-test-redis-app",
        engine: "redis",
        access_string: "on ~chatbot:* +@all -@dangerous",
        authentication_mode: { type: "iam" },
      }),
    );
    expect(defaultUser.passwords).toBeUndefined();
    expect(appUser.passwords).toBeUndefined();
    const [userGroup] = resources(j, "aws_elasticache_user_group");
    expect(userGroup.user_group_id).toBe("chatbot-test-redis");
    expect(userGroup.engine).toBe("redis");
    expect(userGroup.user_ids).toEqual([
      "${aws_elasticache_user.Redis_DefaultUser_DE8B1144.user_id}",
      "${aws_elasticache_user.Redis_AppUser_DAD5BAEB.user_id}",
    ]);
    expect(group(j).user_group_ids).toEqual(["${aws_elasticache_user_group.Redis_UserGroup_774AD437.user_group_id}"]);
  });

  test("the app user's name and commands can be chosen", () => {
    const [, appUser] = users(json({ appUserName: "chatbot-test-api", appKeyPrefix: "sessions:", appCommands: "-@all +@read +@write +@connection" }));
    expect([appUser.user_id, appUser.user_name, appUser.access_string]).toEqual([
      "chatbot-test-api",
      "chatbot-test-api",
      "on ~sessions:* -@all +@read +@write +@connection",
    ]);
  });

  test("the slow log goes as JSON to an encrypted log group with retention, and only that group may use the key", () => {
    const j = json({ slowLogRetentionDays: 30 });
    const [logs] = resources(j, "aws_cloudwatch_log_group");
    expect([logs.name, logs.retention_in_days, logs.kms_key_id]).toEqual(["/aws/elasticache/chatbot-test-redis/slow-log", 30, "${aws_kms_key.Redis_Key_A13AE7C7.arn}"]);
    expect(group(j).log_delivery_configuration).toEqual([
      {
        destination: "${aws_cloudwatch_log_group.Redis_SlowLogGroup_BBD25C2D.name}",
        destination_type: "cloudwatch-logs",
        log_format: "json",
        log_type: "slow-log",
      },
    ]);
    expect(resources(j, "aws_kms_alias")[0].name).toBe("alias/chatbot-test-redis");
    const [policy] = docs(j, "Redis_Key_Policy");
    const statement = policy.statement.find((s: any) => s.sid === "CloudWatchLogs");
    expect(statement.principals).toEqual([{ type: "Service", identifiers: ["logs.ap-southeast-2.amazonaws.com"] }]);
    expect(statement.condition).toEqual([
      {
        test: "ArnEquals",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: ["arn:aws:logs:ap-southeast-2:123456789012:log-group:/aws/elasticache/chatbot-test-redis/slow-log"],
      },
    ]);
  });

  test("the public attributes point at the replication group", () => {
    const j = json({}, (cache, scope) => {
      new TerraformOutput(scope, "primary", { value: cache.primaryEndpointAddress });
      new TerraformOutput(scope, "reader", { value: cache.readerEndpointAddress });
      new TerraformOutput(scope, "port", { value: cache.port });
      new TerraformOutput(scope, "user", { value: cache.appUserName });
    });
    expect(Object.fromEntries(Object.entries(j.output!).map(([k, o]) => [k, o.value]))).toEqual({
      primary: "${aws_elasticache_replication_group.Redis_ReplicationGroup_3B65AB4E.primary_endpoint_address}",
      reader: "${aws_elasticache_replication_group.Redis_ReplicationGroup_3B65AB4E.reader_endpoint_address}",
      port: 6379,
      user: "chatbot-test-redis-app",
    });
  });

  test("grantConnect allows elasticache:Connect on exactly this replication group and the app user", () => {
    const j = json({}, (cache, scope) => {
      cache.grantConnect(role(scope));
    });
    const [policy] = resources(j, "aws_iam_role_policy");
    expect([policy.name, policy.role]).toEqual(["chatbot-test-redis-connect", "${aws_iam_role.AppRole.name}"]);
    const [doc] = docs(j, "ConnectDocument");
    expect(doc.statement).toEqual([
      {
        sid: "ConnectAsAppUser",
        effect: "Allow",
        actions: ["elasticache:Connect"],
        resources: ["${aws_elasticache_replication_group.Redis_ReplicationGroup_3B65AB4E.arn}", "${aws_elasticache_user.Redis_AppUser_DAD5BAEB.arn}"],
      },
    ]);
  });

  test("grants to several roles get their own policies", () => {
    const j = json({}, (cache, scope) => {
      cache.grantConnect(role(scope, "ApiRole", "chatbot-test-api"));
      cache.grantConnect(role(scope, "WorkerRole", "chatbot-test-worker"));
    });
    expect(resources(j, "aws_iam_role_policy").map((p) => [p.role, p.name])).toEqual([
      ["${aws_iam_role.ApiRole.name}", "chatbot-test-redis-connect"],
      ["${aws_iam_role.WorkerRole.name}", "chatbot-test-redis-connect"],
    ]);
    expect(docs(j, "ConnectDocument")).toHaveLength(2);
  });

  test("synthesized JSON (review a change like code)", () => {
    const j = json({}, (cache, scope) => {
      cache.grantConnect(role(scope));
    });
    expect(scrub(j)).toMatchSnapshot();
  });

  describe("errors", () => {
    const label = "RedisCache chatbot-test-redis";
    /** The construct's error for props with one problem, given as its report lines. */
    const one = (...lines: string[]): string => [`${label}: 1 invalid prop; nothing was created:`, ...lines].join("\n");

    test("automatic failover or Multi-AZ with a single node", () => {
      expect(() => synth({ replicas: 0, failover: "automatic" })).toThrow(
        one(
          '  - failover: "automatic" needs at least 2 nodes but replicas is 0 (1 node)',
          '    allowed: "none" with 0 replicas; "automatic" or "multiAz" with 1 or more',
          '    fix: set replicas to 1 or more, or failover to "none"',
        ),
      );
      expect(() => synth({ replicas: 0, failover: "multiAz" })).toThrow('failover: "multiAz" needs at least 2 nodes');
      expect(() => synth({ replicas: 0, failover: "none" })).not.toThrow();
    });

    test("Multi-AZ in a single subnet, or no subnet at all", () => {
      expect(() => synth({ subnetIds: ["subnet-a"] })).toThrow(
        one('  - subnetIds: ["subnet-a"] has 1 subnet(s) for failover "multiAz"', "    allowed: at least 1 subnet, at least 2 in different AZs for multiAz", "    fix: pass the data subnets of every AZ"),
      );
      expect(() => synth({ subnetIds: [], failover: "none", replicas: 0 })).toThrow("subnetIds: [] has 0 subnet(s)");
      expect(() => synth({ subnetIds: ["subnet-a"], failover: "automatic" })).not.toThrow();
    });

    test("snapshot retention outside 0..35", () => {
      expect(() => synth({ snapshotRetentionDays: 36 })).toThrow(
        one("  - snapshotRetentionDays: 36 is outside 0..35", "    allowed: an integer from 0 (no snapshots) to 35", "    fix: use 0 to turn snapshots off, or up to 35 days"),
      );
      expect(() => synth({ snapshotRetentionDays: -1 })).toThrow("snapshotRetentionDays: -1 is outside 0..35");
      expect(() => synth({ snapshotRetentionDays: 0 })).not.toThrow();
    });

    test("a node type that is not an ElastiCache one", () => {
      expect(() => synth({ nodeType: "db.t3.micro" })).toThrow(
        one('  - nodeType: "db.t3.micro" is not an ElastiCache node type', '    allowed: cache.<family>.<size>, e.g. "cache.t4g.micro"', '    fix: use e.g. "cache.t4g.micro"'),
      );
    });

    test("an engine version without IAM authentication", () => {
      expect(() => synth({ engineVersion: "6.2" })).toThrow(
        one('  - engineVersion: "6.2" is not a Redis OSS version with IAM authentication', '    allowed: "<major>.<minor>" from 7.0 on (family redis<major>)', '    fix: use e.g. "7.1"'),
      );
      expect(() => synth({ engineVersion: "7" })).toThrow('engineVersion: "7"');
    });

    test("more replicas than a replication group without cluster mode holds", () => {
      expect(() => synth({ replicas: 6 })).toThrow(
        one("  - replicas: 6 is outside 0..5 (a replication group without cluster mode has at most 5 replicas)", "    allowed: an integer from 0 to 5", "    fix: use a whole number in range"),
      );
    });

    test("malformed, too short or overlapping snapshot and maintenance windows", () => {
      expect(() => synth({ snapshotWindow: "16:00-16:30" })).toThrow(
        one('  - snapshotWindow: "16:00-16:30" is not a daily window of at least 60 minutes', '    allowed: "hh24:mi-hh24:mi" in UTC, at least 60 minutes', '    fix: use e.g. "16:00-17:00"'),
      );
      expect(() => synth({ maintenanceWindow: "sun:17:30-sun:18:00" })).toThrow(
        one(
          '  - maintenanceWindow: "sun:17:30-sun:18:00" is not a weekly window of at least 60 minutes',
          '    allowed: "ddd:hh24:mi-ddd:hh24:mi" in UTC, days mon..sun, at least 60 minutes',
          '    fix: use e.g. "sun:17:00-sun:18:00"',
        ),
      );
      expect(() => synth({ snapshotWindow: "16:00-17:00", maintenanceWindow: "tue:16:59-tue:18:00" })).toThrow(
        one(
          '  - snapshotWindow: "16:00-17:00" overlaps maintenanceWindow "tue:16:59-tue:18:00", which ElastiCache rejects (even with snapshots off)',
          "    allowed: a daily snapshot window outside the weekly maintenance window",
          "    fix: move one of them",
        ),
      );
      expect(() => synth({ snapshotWindow: "16:00-17:00", maintenanceWindow: "tue:17:00-tue:18:00" })).not.toThrow();
    });

    test("a name prefix ElastiCache cannot use", () => {
      expect(() => synth({ namePrefix: "chatbot-Test" })).toThrow(
        [
          "RedisCache chatbot-Test-redis: 1 invalid prop; nothing was created:",
          '  - namePrefix: "chatbot-Test" makes the replication group id "chatbot-Test-redis", which ElastiCache rejects',
          "    allowed: lower-case letters, digits and single hyphens, a letter first, no hyphen at the end, at most 34 characters",
          '    fix: use a prefix like "chatbot-dev"',
        ].join("\n"),
      );
      expect(() => synth({ namePrefix: `c${"x".repeat(34)}` })).toThrow("at most 34 characters");
      expect(() => synth({ namePrefix: `c${"x".repeat(33)}` })).not.toThrow();
    });

    test("an app user IAM cannot authenticate, a key prefix that is a pattern, or access rules that set more than commands", () => {
      expect(() => synth({ appUserName: "App_User" })).toThrow(
        one(
          '  - appUserName: "App_User" cannot be an IAM-authenticated ElastiCache user (its id must equal its name)',
          '    allowed: lower-case letters, digits and single hyphens, a letter first, no hyphen at the end, not "default"',
          '    fix: use e.g. "chatbot-dev-redis-app"',
        ),
      );
      expect(() => synth({ appUserName: "default" })).toThrow('appUserName: "default" cannot be');
      expect(() => synth({ appKeyPrefix: "*" })).toThrow(
        one('  - appKeyPrefix: "*" is not a literal key prefix', "    allowed: at least one character, no spaces and no glob characters (* ? [ ] \\)", '    fix: use e.g. "chatbot:"'),
      );
      expect(() => synth({ appKeyPrefix: "" })).toThrow('appKeyPrefix: ""');
      expect(() => synth({ appCommands: "+@all ~*" })).toThrow(
        one(
          '  - appCommands: "+@all ~*" is not a list of ACL command rules',
          '    allowed: space-separated "+@category", "-@category", "+command" or "-command" (keys, passwords and on/off are set by the construct)',
          '    fix: use e.g. "+@all -@dangerous"',
        ),
      );
      expect(() => synth({ appCommands: "on >secret +@all" })).toThrow('appCommands: "on >secret +@all"');
    });

    test("a slow-log retention CloudWatch does not offer and an unknown eviction policy", () => {
      expect(() => synth({ slowLogRetentionDays: 10 })).toThrow("  - slowLogRetentionDays: 10 is not a retention CloudWatch Logs offers\n    allowed: one of 1, 3, 5, 7, 14, 30,");
      expect(() => synth({ maxmemoryPolicy: "lru" as never })).toThrow(
        one(
          '  - maxmemoryPolicy: "lru" is not a Redis eviction policy',
          '    allowed: one of "volatile-lru", "allkeys-lru", "volatile-lfu", "allkeys-lfu", "volatile-random", "allkeys-random", "volatile-ttl", "noeviction"',
          '    fix: leave it unset for "volatile-lru"',
        ),
      );
    });

    test("a failover mode that is none of the allowed ones", () => {
      expect(() => synth({ failover: "multi-az" as never })).toThrow(
        one('  - failover: "multi-az" is not a failover mode', '    allowed: one of "none", "automatic", "multiAz"', '    fix: use "none" for a single node, "multiAz" for replicas in other AZs'),
      );
    });

    test("every problem is reported at once", () => {
      expect(() => synth({ nodeType: "t4g.micro", replicas: 0, snapshotRetentionDays: 40 })).toThrow(
        [
          `${label}: 3 invalid props; nothing was created:`,
          '  - nodeType: "t4g.micro" is not an ElastiCache node type',
          '    allowed: cache.<family>.<size>, e.g. "cache.t4g.micro"',
          '    fix: use e.g. "cache.t4g.micro"',
          '  - failover: "multiAz" needs at least 2 nodes but replicas is 0 (1 node)',
          '    allowed: "none" with 0 replicas; "automatic" or "multiAz" with 1 or more',
          '    fix: set replicas to 1 or more, or failover to "none"',
          "  - snapshotRetentionDays: 40 is outside 0..35",
          "    allowed: an integer from 0 (no snapshots) to 35",
          "    fix: use 0 to turn snapshots off, or up to 35 days",
        ].join("\n"),
      );
    });
  });
});
