/**
 * RedisCache: an ElastiCache for Redis OSS replication group (cluster mode disabled: one primary
 * and `replicas` read replicas) in the isolated data subnets, reachable only from the app tier's
 * security groups on 6379.
 *
 * - Encrypted at rest with a customer-managed key of its own and in transit (TLS required).
 * - No AUTH token: access goes through RBAC. The user group holds a disabled `default` user (so a
 *   connection that does not log in can do nothing) and one application user that logs in with
 *   IAM (`grantConnect`) and may only touch keys under the application's prefix.
 * - Slow-log entries go to a KMS-encrypted CloudWatch log group with retention.
 * - The parameter group (family from the major version) sets the eviction policy.
 */
import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { ElasticacheParameterGroup } from "@cdktf/provider-aws/lib/elasticache-parameter-group";
import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import { ElasticacheUser } from "@cdktf/provider-aws/lib/elasticache-user";
import { ElasticacheUserGroup } from "@cdktf/provider-aws/lib/elasticache-user-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { DataPlacementProps } from "../data-placement";
import { EncryptionKey } from "../encryption-key";
import { LOG_RETENTION_DAYS } from "../../lib/config";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, oneOf } from "../../lib/problems";
import type { RedisFailover, RedisSettings } from "../../lib/types/redis";
import { dailyOverlapsWeekly, parseDailyWindow, parseWeeklyWindow } from "../../lib/windows";
import { isElasticacheIdentifier } from "./private/validation";

/** The port Redis listens on (the data tier's NACLs and security groups open it). */
export const REDIS_PORT = 6379;

/** Largest number of read replicas of a replication group with cluster mode disabled. */
export const REDIS_MAX_REPLICAS = 5;

export type { RedisFailover, RedisSettings } from "../../lib/types/redis";

/** Eviction policies Redis OSS offers once `maxmemory` is reached. */
export const REDIS_MAXMEMORY_POLICIES = [
  "volatile-lru",
  "allkeys-lru",
  "volatile-lfu",
  "allkeys-lfu",
  "volatile-random",
  "allkeys-random",
  "volatile-ttl",
  "noeviction",
] as const;
export type RedisMaxmemoryPolicy = (typeof REDIS_MAXMEMORY_POLICIES)[number];

/**
 * The cache's settings (RedisSettings in lib/types/redis.ts: engine, nodes, failover, snapshots,
 * windows), its placement, and its application user. The replication group is
 * `<namePrefix>-redis`; `subnetIds` needs at least one subnet, two in different AZs for `multiAz`;
 * clients connect on 6379.
 */
export interface RedisCacheProps extends DataPlacementProps, RedisSettings {
  /** Key prefix the application user may touch, e.g. `chatbot:` (its access string gets `~chatbot:*`). */
  readonly appKeyPrefix: string;
  /**
   * Command rules of the application user, in Redis ACL syntax (`+@category`, `-command`, ...).
   * @default "+@all -@dangerous"
   */
  readonly appCommands?: string;
  /**
   * User id and name of the application user (IAM authentication needs both equal).
   * @default "<namePrefix>-redis-app"
   */
  readonly appUserName?: string;
  /**
   * What Redis evicts when memory is full.
   * @default "volatile-lru" (only keys with a TTL; a cache that also holds TTL-less keys never loses them)
   */
  readonly maxmemoryPolicy?: RedisMaxmemoryPolicy;
}

const FAILOVERS: readonly RedisFailover[] = ["none", "automatic", "multiAz"];

/**
 * Reports every problem of RedisCacheProps through `problems`: what ElastiCache would reject, or
 * what cannot work. The construct runs it on its own props; the config validation
 * (lib/validate-data.ts) runs it on each environment's `data.redis` before any construct exists.
 */
export function validateRedisCacheProps(props: RedisCacheProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const groupId = `${props.namePrefix}-redis`;
  const identifiers = "lower-case letters, digits and single hyphens, a letter first, no hyphen at the end";
  if (!isElasticacheIdentifier(groupId, 40)) {
    p.add("namePrefix", props.namePrefix, `makes the replication group id "${groupId}", which ElastiCache rejects`, `${identifiers}, at most 34 characters`, 'use a prefix like "chatbot-dev"');
  }
  const failoverOk = FAILOVERS.includes(props.failover);
  if (!failoverOk) {
    p.add("failover", props.failover, "is not a failover mode", oneOf(FAILOVERS), 'use "none" for a single node, "multiAz" for replicas in other AZs');
  }
  const subnets = "at least 1 subnet, at least 2 in different AZs for multiAz";
  if (p.list("subnetIds", props.subnetIds, subnets, "pass the data subnets of every AZ") && (props.subnetIds.length === 0 || (props.failover === "multiAz" && props.subnetIds.length < 2))) {
    p.add("subnetIds", props.subnetIds, `has ${props.subnetIds.length} subnet(s) for failover "${props.failover}"`, subnets, "pass the data subnets of every AZ");
  }
  if (p.list("clientSecurityGroupIds", props.clientSecurityGroupIds, "one or more security group ids of the app tier", "pass the app tier's security group") && props.clientSecurityGroupIds.length === 0) {
    p.add("clientSecurityGroupIds", props.clientSecurityGroupIds, "is empty, so nothing could connect", "one or more security group ids of the app tier", "pass the app tier's security group");
  }
  const versions = '"<major>.<minor>" from 7.0 on (family redis<major>)';
  if (p.text("engineVersion", props.engineVersion, versions, 'use e.g. "7.1"')) {
    const version = /^(\d+)\.(\d+)$/.exec(props.engineVersion);
    if (!version || Number(version[1]) < 7) {
      p.add("engineVersion", props.engineVersion, "is not a Redis OSS version with IAM authentication", versions, 'use e.g. "7.1"');
    }
  }
  if (p.text("nodeType", props.nodeType, 'cache.<family>.<size>, e.g. "cache.t4g.micro"', 'use e.g. "cache.t4g.micro"') && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(props.nodeType)) {
    p.add("nodeType", props.nodeType, "is not an ElastiCache node type", 'cache.<family>.<size>, e.g. "cache.t4g.micro"', 'use e.g. "cache.t4g.micro"');
  }
  const replicasOk = p.number(
    "replicas",
    props.replicas,
    (n) => Number.isInteger(n) && n >= 0 && n <= REDIS_MAX_REPLICAS,
    `is outside 0..${REDIS_MAX_REPLICAS} (a replication group without cluster mode has at most ${REDIS_MAX_REPLICAS} replicas)`,
    `an integer from 0 to ${REDIS_MAX_REPLICAS}`,
    "use a whole number in range",
  );
  if (failoverOk && props.failover !== "none" && replicasOk && props.replicas < 1) {
    p.add("failover", props.failover, `needs at least 2 nodes but replicas is ${props.replicas} (1 node)`, '"none" with 0 replicas; "automatic" or "multiAz" with 1 or more', `set ${p.name("replicas")} to 1 or more, or ${p.name("failover")} to "none"`);
  }
  p.number(
    "snapshotRetentionDays",
    props.snapshotRetentionDays,
    (n) => Number.isInteger(n) && n >= 0 && n <= 35,
    "is outside 0..35",
    "an integer from 0 (no snapshots) to 35",
    "use 0 to turn snapshots off, or up to 35 days",
  );
  const daily = '"hh24:mi-hh24:mi" in UTC, at least 60 minutes';
  const snapshot = p.text("snapshotWindow", props.snapshotWindow, daily, 'use e.g. "16:00-17:00"') ? parseDailyWindow(props.snapshotWindow) : undefined;
  if (typeof props.snapshotWindow === "string" && (!snapshot || snapshot.minutes < 60)) {
    p.add("snapshotWindow", props.snapshotWindow, "is not a daily window of at least 60 minutes", daily, 'use e.g. "16:00-17:00"');
  }
  const weekly = '"ddd:hh24:mi-ddd:hh24:mi" in UTC, days mon..sun, at least 60 minutes';
  const maintenance = p.text("maintenanceWindow", props.maintenanceWindow, weekly, 'use e.g. "sun:17:00-sun:18:00"') ? parseWeeklyWindow(props.maintenanceWindow) : undefined;
  if (typeof props.maintenanceWindow === "string" && (!maintenance || maintenance.minutes < 60)) {
    p.add("maintenanceWindow", props.maintenanceWindow, "is not a weekly window of at least 60 minutes", weekly, 'use e.g. "sun:17:00-sun:18:00"');
  }
  if (snapshot && snapshot.minutes >= 60 && maintenance && maintenance.minutes >= 60 && dailyOverlapsWeekly(snapshot, maintenance)) {
    p.add("snapshotWindow", props.snapshotWindow, `overlaps maintenanceWindow "${props.maintenanceWindow}", which ElastiCache rejects (even with snapshots off)`, "a daily snapshot window outside the weekly maintenance window", "move one of them");
  }
  p.number(
    "slowLogRetentionDays",
    props.slowLogRetentionDays,
    (n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n),
    "is not a retention CloudWatch Logs offers",
    oneOf(LOG_RETENTION_DAYS),
    "use the nearest allowed value, e.g. 365",
  );
  const prefixes = "at least one character, no spaces and no glob characters (* ? [ ] \\)";
  if (p.text("appKeyPrefix", props.appKeyPrefix, prefixes, 'use e.g. "chatbot:"') && !/^[^\s*?[\]\\]+$/.test(props.appKeyPrefix)) {
    p.add("appKeyPrefix", props.appKeyPrefix, "is not a literal key prefix", prefixes, 'use e.g. "chatbot:"');
  }
  const commands = props.appCommands ?? "+@all -@dangerous";
  const rules = 'space-separated "+@category", "-@category", "+command" or "-command" (keys, passwords and on/off are set by the construct)';
  if (p.text("appCommands", commands, rules, 'use e.g. "+@all -@dangerous"') && !/^[+-]@?[A-Za-z0-9_|-]+(?: [+-]@?[A-Za-z0-9_|-]+)*$/.test(commands)) {
    p.add("appCommands", commands, "is not a list of ACL command rules", rules, 'use e.g. "+@all -@dangerous"');
  }
  // The derived name is valid whenever the prefix is; only a given one needs checking.
  const user = props.appUserName;
  const users = `${identifiers}, not "default"`;
  if (user !== undefined && p.text("appUserName", user, users, 'use e.g. "chatbot-dev-redis-app"') && (!isElasticacheIdentifier(user, Infinity) || user === "default")) {
    p.add("appUserName", user, "cannot be an IAM-authenticated ElastiCache user (its id must equal its name)", users, 'use e.g. "chatbot-dev-redis-app"');
  }
  const policy = props.maxmemoryPolicy ?? "volatile-lru";
  if (!(REDIS_MAXMEMORY_POLICIES as readonly unknown[]).includes(policy)) {
    p.add("maxmemoryPolicy", policy, "is not a Redis eviction policy", oneOf(REDIS_MAXMEMORY_POLICIES), 'leave it unset for "volatile-lru"');
  }
}

export class RedisCache extends Construct {
  public readonly replicationGroup: ElasticacheReplicationGroup;
  /** Host name of the primary (reads and writes). */
  public readonly primaryEndpointAddress: string;
  /** Host name that spreads reads over the replicas. */
  public readonly readerEndpointAddress: string;
  /** Port of the cache (6379). */
  public readonly port: number;
  /** The cache's security group (6379 from the client groups only). */
  public readonly securityGroup: SecurityGroup;
  /** Key of the data at rest, snapshots and the slow log. */
  public readonly key: EncryptionKey;
  /** The application user (IAM authentication). */
  public readonly appUser: ElasticacheUser;
  /** User name the application logs in with (also its user id, which IAM tokens are signed for). */
  public readonly appUserName: string;
  /** The disabled user named `default` every user group must contain. */
  public readonly defaultUser: ElasticacheUser;
  public readonly userGroup: ElasticacheUserGroup;
  public readonly parameterGroup: ElasticacheParameterGroup;
  public readonly subnetGroup: ElasticacheSubnetGroup;
  public readonly slowLogGroup: CloudwatchLogGroup;
  /** `<namePrefix>-redis`. */
  public readonly replicationGroupId: string;

  private grantCount = 0;

  constructor(scope: Construct, id: string, props: RedisCacheProps) {
    super(scope, id);
    const appCommands = props.appCommands ?? "+@all -@dangerous";
    const maxmemoryPolicy = props.maxmemoryPolicy ?? "volatile-lru";
    const groupId = `${props.namePrefix}-redis`;
    const appUserName = props.appUserName ?? `${groupId}-app`;
    const defaultUserId = `${groupId}-default-off`;
    // Validation: every problem at once, before any resource exists.
    checkProps(`RedisCache ${groupId}`, props, validateRedisCacheProps);
    const nodes = 1 + props.replicas;
    const major = Number(/^(\d+)/.exec(props.engineVersion)![1]);

    this.replicationGroupId = groupId;
    this.appUserName = appUserName;
    const slowLogGroupName = `/aws/elasticache/${groupId}/slow-log`;

    // Key: ElastiCache uses it on behalf of the caller (grants through the account's IAM);
    // CloudWatch Logs needs a key policy statement, pinned to the slow-log group.
    this.key = new EncryptionKey(this, "Key", {
      aliasName: groupId,
      description: `Encrypts the Redis data at rest, snapshots and slow log of ${props.namePrefix}`,
      accountId: props.accountId,
      serviceUsers: [
        {
          sid: "CloudWatchLogs",
          servicePrincipal: `logs.${props.region}.amazonaws.com`,
          conditions: [
            {
              test: "ArnEquals",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [`arn:aws:logs:${props.region}:${props.accountId}:log-group:${slowLogGroupName}`],
            },
          ],
        },
      ],
    });

    this.subnetGroup = new ElasticacheSubnetGroup(this, "SubnetGroup", {
      name: groupId,
      description: `Data subnets of the ${props.namePrefix} Redis cache`,
      subnetIds: [...props.subnetIds],
      tags: { Name: groupId },
    });

    // Own security group; no egress rule (the cache initiates nothing), and Terraform removes the
    // allow-all egress rule AWS adds to a new group (see constructs/network).
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: groupId,
      description: `Redis ${groupId}: ${REDIS_PORT} from the app tier only`,
      vpcId: props.vpcId,
      tags: { Name: groupId },
    });
    props.clientSecurityGroupIds.forEach((client, i) => {
      new SecurityGroupRule(this, `IngressFromClient${i}`, {
        type: "ingress",
        securityGroupId: this.securityGroup.id,
        protocol: "tcp",
        fromPort: REDIS_PORT,
        toPort: REDIS_PORT,
        sourceSecurityGroupId: client,
        description: "Redis from the app tier",
      });
    });

    // Parameter group named after the family, so a major upgrade creates the new one first.
    const family = `redis${major}`;
    this.parameterGroup = new ElasticacheParameterGroup(this, "ParameterGroup", {
      name: `${groupId}${major}`,
      family,
      description: `Eviction policy of ${groupId}`,
      parameter: [{ name: "maxmemory-policy", value: maxmemoryPolicy }],
      tags: { Name: `${groupId}${major}` },
      lifecycle: { createBeforeDestroy: true },
    });

    // RBAC. Every user group must contain a user named `default`; ours is switched off and has no
    // command or key, so only the application user can do anything.
    this.defaultUser = new ElasticacheUser(this, "DefaultUser", {
      userId: defaultUserId,
      userName: "default",
      engine: "redis",
      accessString: "off -@all",
      authenticationMode: { type: "no-password-required" },
      tags: { Name: defaultUserId },
    });
    this.appUser = new ElasticacheUser(this, "AppUser", {
      userId: appUserName,
      userName: appUserName,
      engine: "redis",
      accessString: `on ~${props.appKeyPrefix}* ${appCommands}`,
      authenticationMode: { type: "iam" },
      tags: { Name: appUserName },
    });
    this.userGroup = new ElasticacheUserGroup(this, "UserGroup", {
      userGroupId: groupId,
      engine: "redis",
      userIds: [this.defaultUser.userId, this.appUser.userId],
      tags: { Name: groupId },
    });

    this.slowLogGroup = new CloudwatchLogGroup(this, "SlowLogGroup", {
      name: slowLogGroupName,
      retentionInDays: props.slowLogRetentionDays,
      kmsKeyId: this.key.keyArn,
      tags: { Name: slowLogGroupName },
    });

    this.replicationGroup = new ElasticacheReplicationGroup(this, "ReplicationGroup", {
      replicationGroupId: groupId,
      description: `Redis cache of ${props.namePrefix}`,
      engine: "redis",
      engineVersion: props.engineVersion,
      autoMinorVersionUpgrade: "true",
      nodeType: props.nodeType,
      numCacheClusters: nodes,
      automaticFailoverEnabled: props.failover !== "none",
      multiAzEnabled: props.failover === "multiAz",
      port: REDIS_PORT,
      parameterGroupName: this.parameterGroup.name,
      subnetGroupName: this.subnetGroup.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: "true",
      kmsKeyId: this.key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      userGroupIds: [this.userGroup.userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: props.snapshotWindow,
      maintenanceWindow: props.maintenanceWindow,
      logDeliveryConfiguration: [
        { destination: this.slowLogGroup.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" },
      ],
      tags: { Name: groupId },
    });

    this.primaryEndpointAddress = this.replicationGroup.primaryEndpointAddress;
    this.readerEndpointAddress = this.replicationGroup.readerEndpointAddress;
    this.port = REDIS_PORT;
  }

  /**
   * Lets `grantee` open connections as the application user with an IAM token:
   * `elasticache:Connect` on exactly this replication group and that user.
   */
  public grantConnect(grantee: IamRole): IamRolePolicy {
    const n = this.grantCount++;
    const doc = new DataAwsIamPolicyDocument(this, `ConnectDocument${n}`, {
      statement: [
        {
          sid: "ConnectAsAppUser",
          effect: "Allow",
          actions: ["elasticache:Connect"],
          resources: [this.replicationGroup.arn, this.appUser.arn],
        },
      ],
    });
    return new IamRolePolicy(this, `Connect${n}`, {
      name: `${this.replicationGroupId}-connect`,
      role: grantee.name,
      policy: doc.json,
    });
  }
}
