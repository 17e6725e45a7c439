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
import { PropChecks } from "../../lib/prop-checks";
import type { RedisSettings } from "../../lib/types/redis";
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
    const nodes = 1 + props.replicas;

    // Validation: every problem at once, before any resource exists.
    const problems = new PropChecks();
    problems.check(
      !isElasticacheIdentifier(groupId, 40),
      `namePrefix "${props.namePrefix}" makes the replication group id "${groupId}", which ElastiCache rejects; allowed: lower-case letters, digits and single hyphens, a letter first, no hyphen at the end, at most 34 characters; use a prefix like "chatbot-dev"`,
    );
    problems.check(
      props.subnetIds.length === 0 || (props.failover === "multiAz" && props.subnetIds.length < 2),
      `subnetIds has ${props.subnetIds.length} subnet(s) for failover "${props.failover}"; allowed: at least 1, at least 2 in different AZs for multiAz; pass the data subnets of every AZ`,
    );
    problems.check(
      props.clientSecurityGroupIds.length === 0,
      "clientSecurityGroupIds is empty, so nothing could connect; pass the app tier's security group",
    );
    const version = /^(\d+)\.(\d+)$/.exec(props.engineVersion);
    const major = version ? Number(version[1]) : NaN;
    problems.check(
      !version || major < 7,
      `engineVersion "${props.engineVersion}" is not a Redis OSS version with IAM authentication; allowed: "<major>.<minor>" from 7.0 on (family redis<major>); use e.g. "7.1"`,
    );
    problems.check(
      !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(props.nodeType),
      `nodeType "${props.nodeType}" is not an ElastiCache node type; allowed: "cache.<family>.<size>"; use e.g. "cache.t4g.micro"`,
    );
    problems.check(
      !Number.isInteger(props.replicas) || props.replicas < 0 || props.replicas > REDIS_MAX_REPLICAS,
      `replicas ${props.replicas} is outside 0..${REDIS_MAX_REPLICAS} (a replication group without cluster mode has at most ${REDIS_MAX_REPLICAS} replicas); use a whole number in range`,
    );
    problems.check(
      props.failover !== "none" && Number.isInteger(props.replicas) && props.replicas < 1,
      `failover "${props.failover}" needs at least 2 nodes but replicas is ${props.replicas} (1 node); set replicas to 1 or more, or failover to "none"`,
    );
    problems.check(
      !Number.isInteger(props.snapshotRetentionDays) || props.snapshotRetentionDays < 0 || props.snapshotRetentionDays > 35,
      `snapshotRetentionDays ${props.snapshotRetentionDays} is outside 0..35; use 0 to turn snapshots off, or up to 35 days`,
    );
    const snapshot = parseDailyWindow(props.snapshotWindow);
    problems.check(
      !snapshot || snapshot.minutes < 60,
      `snapshotWindow "${props.snapshotWindow}" is not a daily window of at least 60 minutes; allowed: "hh24:mi-hh24:mi" in UTC; use e.g. "16:00-17:00"`,
    );
    const maintenance = parseWeeklyWindow(props.maintenanceWindow);
    problems.check(
      !maintenance || maintenance.minutes < 60,
      `maintenanceWindow "${props.maintenanceWindow}" is not a weekly window of at least 60 minutes; allowed: "ddd:hh24:mi-ddd:hh24:mi" in UTC, days mon..sun; use e.g. "sun:17:00-sun:18:00"`,
    );
    problems.check(
      !!snapshot && snapshot.minutes >= 60 && !!maintenance && maintenance.minutes >= 60 && dailyOverlapsWeekly(snapshot, maintenance),
      `snapshotWindow "${props.snapshotWindow}" overlaps maintenanceWindow "${props.maintenanceWindow}", which ElastiCache rejects (even with snapshots off); move one of them`,
    );
    problems.check(
      !(LOG_RETENTION_DAYS as readonly number[]).includes(props.slowLogRetentionDays),
      `slowLogRetentionDays ${props.slowLogRetentionDays} is not a retention CloudWatch Logs offers; allowed: ${LOG_RETENTION_DAYS.join(", ")}; use the nearest allowed value`,
    );
    problems.check(
      !/^[^\s*?[\]\\]+$/.test(props.appKeyPrefix),
      `appKeyPrefix "${props.appKeyPrefix}" is not a literal key prefix; allowed: at least one character, no spaces and no glob characters (* ? [ ] \\); use e.g. "chatbot:"`,
    );
    problems.check(
      !/^[+-]@?[A-Za-z0-9_|-]+(?: [+-]@?[A-Za-z0-9_|-]+)*$/.test(appCommands),
      `appCommands "${appCommands}" is not a list of ACL command rules; allowed: space-separated "+@category", "-@category", "+command" or "-command" (keys, passwords and on/off are set by the construct); use e.g. "+@all -@dangerous"`,
    );
    // The derived name is valid whenever the prefix is; only a given one needs checking.
    problems.check(
      props.appUserName !== undefined && (!isElasticacheIdentifier(appUserName, Infinity) || appUserName === "default"),
      `appUserName "${appUserName}" cannot be an IAM-authenticated ElastiCache user (its id must equal its name); allowed: lower-case letters, digits and single hyphens, a letter first, no hyphen at the end, not "default"; use e.g. "chatbot-dev-redis-app"`,
    );
    problems.check(
      !(REDIS_MAXMEMORY_POLICIES as readonly string[]).includes(maxmemoryPolicy),
      `maxmemoryPolicy "${maxmemoryPolicy}" is not a Redis eviction policy; allowed: ${REDIS_MAXMEMORY_POLICIES.join(", ")}`,
    );
    problems.throwIfAny(`RedisCache ${groupId}`);

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
