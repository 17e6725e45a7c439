/**
 * `<env>-data`: the data tier (references 001, 003, 004) in the isolated data subnets, reachable
 * only from the app tier (the network's app security group and the EKS nodes' cluster security
 * group): RDS PostgreSQL, ElastiCache Redis, MongoDB Atlas over PrivateLink, SQS job queues and
 * S3 buckets. The backend's roles (its IRSA role in the cluster, and the Lambda's execution role)
 * get exactly what they use through the constructs' intent methods.
 *
 * The Atlas provider is configured without credentials: it reads MONGODB_ATLAS_PUBLIC_KEY and
 * MONGODB_ATLAS_PRIVATE_KEY from the environment of whoever runs plan/apply.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { MongodbatlasProvider } from "@cdktf/provider-mongodbatlas/lib/provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { AtlasDatabase } from "../constructs/atlas";
import { DataBuckets } from "../constructs/data-buckets";
import { DataPlacementProps } from "../constructs/data-placement";
import { EncryptionKey } from "../constructs/encryption-key";
import { JobQueues } from "../constructs/job-queues";
import { Network } from "../constructs/network";
import { PostgresDatabase } from "../constructs/postgres";
import { RedisCache } from "../constructs/redis";
import { ServerlessApi } from "../constructs/serverless-api";
import { DataConfig } from "../lib/config";
import { PROJECT, roleNames } from "../lib/naming";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";
import { PlatformStack } from "./platform-stack";

/** Database and user names of the application (reference 004). */
export const DATABASE_NAME = PROJECT;
export const DATABASE_MASTER_USER = `${PROJECT}_admin`;
/** The Postgres role the backend logs in as with an IAM token (created by the schema migrations). */
export const DATABASE_APP_USER = `${PROJECT}_app`;
/** Redis keys the backend may touch. */
export const REDIS_KEY_PREFIX = `${PROJECT}:`;

export interface DataStackProps extends EnvironmentStackProps {
  readonly data: DataConfig;
  readonly network: Network;
  /** The backend Lambda: a client of the data tier when it runs in the VPC. */
  readonly lambda: ServerlessApi;
  /** The cluster, when the environment has one: its nodes are clients, its backend role a grantee. */
  readonly platform?: PlatformStack;
}

export class DataStack extends EnvironmentStack {
  public readonly postgres: PostgresDatabase;
  public readonly redis?: RedisCache;
  public readonly atlas?: AtlasDatabase;
  public readonly queues: JobQueues;
  public readonly buckets: DataBuckets;
  /** Topic the data tier's alarms notify (subscribe on-call to it). */
  public readonly alertsTopic: SnsTopic;

  constructor(scope: Construct, props: DataStackProps) {
    super(scope, "data", props);
    const { env, data, network } = props;
    // Clients: the cluster's nodes (the cluster security group) and the Lambda when it runs in the
    // VPC. A Lambda outside the VPC cannot reach the data subnets, so it gets no grants either.
    // Each store's own group admits the clients; the clients' egress belongs to the stacks that own
    // their groups (the serverless stack opens the Lambda's group towards the data subnets; the
    // EKS-managed cluster group allows all egress). No rule here touches a group of another stack.
    const lambdaGroup = props.lambda.securityGroup;
    const placement: DataPlacementProps = {
      namePrefix: this.namePrefix,
      accountId: env.accountId,
      region: env.region,
      vpcId: network.vpcId,
      subnetIds: network.dataSubnetIds,
      clientSecurityGroupIds: [...(props.platform ? [props.platform.cluster.clusterSecurityGroupId] : []), ...(lambdaGroup ? [lambdaGroup.id] : [])],
    };
    const backendRole = props.platform?.backendRole.role;
    const backendRoles = [...(lambdaGroup ? [props.lambda.role] : []), ...(backendRole ? [backendRole] : [])];
    this.postgres = new PostgresDatabase(this, "Postgres", {
      ...placement,
      ...data.postgres,
      databaseName: DATABASE_NAME,
      masterUsername: DATABASE_MASTER_USER,
    });
    backendRoles.forEach((role) => this.postgres.grantConnect(role, DATABASE_APP_USER));
    // Only the schema migrations (their own service account) may read the master credentials.
    if (props.platform) {
      this.postgres.grantReadMasterSecret(props.platform.migrationsRole.role);
    }

    if (data.redis) {
      this.redis = new RedisCache(this, "Redis", { ...placement, ...data.redis, appKeyPrefix: REDIS_KEY_PREFIX });
      backendRoles.forEach((role) => this.redis!.grantConnect(role));
    }

    if (data.atlas) {
      new MongodbatlasProvider(this, "MongodbAtlas", {});
      this.atlas = new AtlasDatabase(this, "Atlas", {
        ...placement,
        ...data.atlas,
        databaseName: DATABASE_NAME,
        // Literal ARNs (the roles' names are fixed by lib/naming), so the users' ids never change.
        iamRoleArns: [
          ...(lambdaGroup ? [`arn:aws:iam::${env.accountId}:role/${roleNames.backendLambda(this.namePrefix)}`] : []),
          ...(backendRole ? [`arn:aws:iam::${env.accountId}:role/${roleNames.backendIrsa(this.namePrefix)}`] : []),
        ],
        tags: env.tags,
      });
    }

    // Alarms go to a topic of the environment (KMS-encrypted; CloudWatch may publish to it).
    const alertsKey = new EncryptionKey(this, "AlertsKey", {
      aliasName: `${this.namePrefix}-alerts`,
      description: `Alarm notifications of ${this.namePrefix}`,
      accountId: env.accountId,
      serviceUsers: [
        { sid: "CloudWatchAlarms", servicePrincipal: "cloudwatch.amazonaws.com", conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [env.accountId] }] },
      ],
    });
    this.alertsTopic = new SnsTopic(this, "AlertsTopic", { name: `${this.namePrefix}-alerts`, kmsMasterKeyId: alertsKey.keyArn });
    const topicPolicy = new DataAwsIamPolicyDocument(this, "AlertsTopicPolicyDocument", {
      statement: [
        {
          sid: "CloudWatchAlarms",
          effect: "Allow",
          principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
          actions: ["sns:Publish"],
          resources: [this.alertsTopic.arn],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [env.accountId] }],
        },
      ],
    });
    new SnsTopicPolicy(this, "AlertsTopicPolicy", { arn: this.alertsTopic.arn, policy: topicPolicy.json });

    this.queues = new JobQueues(this, "Queues", {
      namePrefix: this.namePrefix,
      accountId: env.accountId,
      region: env.region,
      queues: data.queues,
      alarmActions: [this.alertsTopic.arn, ...(data.alarmActions ?? [])],
    });
    const queueNames = data.queues.map((q) => q.name);
    backendRoles.forEach((role) => this.queues.grantSend(role, ...queueNames));
    // The workers (in the cluster) consume every queue.
    if (backendRole) {
      this.queues.grantConsume(backendRole, ...queueNames);
    }

    this.buckets = new DataBuckets(this, "Buckets", {
      namePrefix: this.namePrefix,
      accountId: env.accountId,
      region: env.region,
      buckets: data.buckets,
      logRetentionDays: data.bucketLogRetentionDays,
      forceDestroy: env.criticality === "test",
    });
    for (const bucket of data.buckets) {
      backendRoles.forEach((role) => this.buckets.grantReadWrite(role, bucket.name));
    }

    const outputs: Record<string, { value: unknown; description: string }> = {
      postgres_endpoint: { value: this.postgres.endpoint, description: "PostgreSQL endpoint (host:port), TLS required" },
      postgres_database: { value: DATABASE_NAME, description: "Database name" },
      postgres_app_user: { value: DATABASE_APP_USER, description: "Database user the backend logs in as with an IAM token" },
      postgres_master_secret_arn: { value: this.postgres.masterUserSecretArn, description: "Secrets Manager secret of the master user (managed by RDS)" },
      queue_urls: { value: Object.fromEntries(Object.entries(this.queues.queues).map(([n, q]) => [n, q.url])), description: "SQS queue URLs by job" },
      alerts_topic_arn: { value: this.alertsTopic.arn, description: "SNS topic of the data tier's alarms (subscribe on-call to it)" },
      bucket_names: { value: Object.fromEntries(Object.entries(this.buckets.buckets).map(([n, b]) => [n, b.name])), description: "S3 bucket names by purpose" },
    };
    if (this.redis) {
      outputs.redis_primary_endpoint = { value: this.redis.primaryEndpointAddress, description: "Redis primary endpoint (TLS, port 6379)" };
      outputs.redis_reader_endpoint = { value: this.redis.readerEndpointAddress, description: "Redis reader endpoint" };
      outputs.redis_user = { value: this.redis.appUserName, description: "Redis user the backend authenticates as with an IAM token" };
    }
    if (this.atlas) {
      outputs.atlas_connection_string = { value: this.atlas.connectionStringPrivate, description: "MongoDB SRV connection string through PrivateLink (no credentials: MONGODB-AWS auth)" };
      outputs.atlas_project_id = { value: this.atlas.projectId, description: "Atlas project id" };
    }
    for (const [id, o] of Object.entries(outputs)) {
      new TerraformOutput(this, id, { value: o.value, description: o.description });
    }
  }
}
