/**
 * The typed shape of an environment's configuration (`environments/*.ts`).
 *
 * Environment files are plain data of these types; everything an environment may differ in is a
 * field here, so differences between environments are visible as data. Defaults live in one place:
 * the `@default` of each field, resolved by `lib/defaults.ts`.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. The shapes this file shares with
 * constructs' props (node groups, namespaces, databases, cache, queues, buckets, OIDC provider
 * sources) are typed in lib/types/, which both import.
 */
import { SubnetMasks } from "./subnet-plan";
import type { AppNamespaceProps } from "./types/app-namespace";
import type { AtlasSettings } from "./types/atlas";
import type { DataBucketSpec } from "./types/data-bucket";
import type { JobQueueSpec } from "./types/job-queue";
import type { NodeGroupProps, NodeTaintProps } from "./types/node-group";
import type { GithubOidcProviderSource } from "./types/oidc-provider-source";
import type { PostgresSettings } from "./types/postgres";
import type { RedisSettings } from "./types/redis";
import type { EdgeConfig, JwtAuthorizerConfig } from "./types/edge";
import type { ObservabilityConfig } from "./types/observability";

/** How the private app tier reaches the internet. */
export const NAT_MODES = ["none", "single", "perAz"] as const;
/**
 * - `none`: no NAT gateway; the private app tier has no default route (AWS APIs via endpoints only).
 * - `single`: one NAT gateway in the first AZ shared by every AZ (cheaper, one AZ of egress risk).
 * - `perAz`: one NAT gateway per AZ; each private route table uses its own AZ's gateway.
 */
export type NatMode = (typeof NAT_MODES)[number];

/** AWS services reachable through interface endpoints (PrivateLink) inside the VPC. */
export const INTERFACE_ENDPOINT_SERVICES = ["secretsmanager", "logs", "ecr.api", "ecr.dkr", "sts", "ssm"] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** Flow log traffic types accepted by EC2. */
export const FLOW_LOG_TRAFFIC_TYPES = ["ALL", "ACCEPT", "REJECT"] as const;
export type FlowLogTrafficType = (typeof FLOW_LOG_TRAFFIC_TYPES)[number];

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** How S3-backend state is locked. */
export const STATE_LOCKINGS = ["dynamodb", "lockfile", "both"] as const;
export type StateLocking = (typeof STATE_LOCKINGS)[number];

/** Where a stack keeps its Terraform state. */
export type BackendConfig =
  | {
      /** S3 backend built from `backend.tf.json`, key `<env>/<stack>.tfstate`. */
      readonly kind: "s3";
      /**
       * How state is locked: the DynamoDB table of `backend.tf.json`, an S3 lock file next to the
       * state (`use_lockfile`, Terraform/OpenTofu >= 1.10), or both (for a migration between them).
       * @default "dynamodb"
       */
      readonly locking?: StateLocking;
    }
  | CloudBackendConfig
  | {
      /** Local state files next to each stack (throw-away environments only). */
      readonly kind: "local";
    };

/**
 * Terraform Cloud / HCP Terraform (or Terraform Enterprise): one workspace per stack, in one
 * project per environment, created by the `tfc-<organization>` stack. Runs get AWS credentials
 * from the workspace's dynamic credentials: the environment's account trusts the host's workload
 * identity tokens for exactly these workspaces (`chatbot-<env>-tfc-plan` in plan phases,
 * `chatbot-<env>-tfc-apply` in apply phases, both created by the account's shared stack).
 */
export interface CloudBackendConfig {
  readonly kind: "cloud";
  /** The organization (3-40 letters, digits, '-', '_'). */
  readonly organization: string;
  /**
   * Host of Terraform Cloud or Terraform Enterprise: a DNS name, no scheme or path. It is also
   * the issuer of the workload identity tokens (`https://<hostname>`).
   * @default "app.terraform.io"
   */
  readonly hostname?: string;
  /**
   * The project holding the environment's workspaces; part of every token's subject.
   * @default "chatbot-<env>"
   */
  readonly project?: string;
  /**
   * Workspace names are `<workspacePrefix><stack>` (e.g. `chatbot-prod-network`).
   * @default "chatbot-"
   */
  readonly workspacePrefix?: string;
  /**
   * The Terraform version every workspace of the environment runs: an exact release, at least what
   * every stack's `required_version` asks for (checked at synth).
   * @default TERRAFORM_CLOUD_VERSION
   */
  readonly terraformVersion?: string;
  /**
   * Audience of the workload identity tokens (`TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE`).
   * @default "aws.workload.identity"
   */
  readonly audience?: string;
  /**
   * Apply a successful plan without confirmation (also for runs queued by run triggers).
   * Production environments are always confirmed by a person: `true` is refused there.
   * @default false for production, true otherwise
   */
  readonly autoApply?: boolean;
  /**
   * Further workspaces of the project whose runs may assume the environment's roles (e.g. a
   * team's workspace calling the emitted modules). Names, or outside production patterns with
   * `*`; the environment's own stack workspaces are always trusted.
   * @default []
   */
  readonly additionalWorkspaces?: readonly string[];
}

export type BackendKind = BackendConfig["kind"];
export const BACKEND_KINDS: readonly BackendKind[] = ["s3", "cloud", "local"];

/** VPC flow log settings. */
export interface FlowLogConfig {
  /** Days CloudWatch keeps flow log records; one of LOG_RETENTION_DAYS. */
  readonly retentionDays: number;
  /**
   * Which traffic is recorded.
   * @default "ALL"
   */
  readonly trafficType?: FlowLogTrafficType;
}

/** The environment's VPC (constructs/network). */
/**
 * Which availability zones the tiers are spread over: set exactly one of the two.
 * - `azCount`: the first N usable AZ IDs of the region (lib/regions.ts), skipping the AZ IDs EKS
 *   cannot use when the environment has a `platform` section;
 * - `azIds`: exactly these AZ IDs, in subnet order (subnet N of each tier goes to `azIds[N]`).
 *   Use it to pin the zones an existing VPC already uses, or to avoid a zone.
 * AZ IDs (`apse2-az1`), not names (`ap-southeast-2a`): names map to different zones per account.
 */
export type AzPlacement =
  | {
      /** Number of AZs, 2 to 6 and no more than the region has usable. */
      readonly azCount: number;
      readonly azIds?: never;
    }
  | {
      /** AZ IDs of the region, 2 to 6, each once, in subnet order; adding one at the end adds subnets. */
      readonly azIds: readonly string[];
      readonly azCount?: never;
    };

export type NetworkConfig = NetworkSettings & AzPlacement;

export interface NetworkSettings {
  /** VPC CIDR, RFC 1918, /16 to /20; must not overlap another environment's. */
  readonly cidr: string;
  /** NAT gateway layout. */
  readonly nat: NatMode;
  /**
   * Prefix length of the subnets of each tier.
   * @default { public: 24, privateApp: 20, data: 24 } for a /16 VPC (see lib/defaults.ts for smaller VPCs)
   */
  readonly subnetMasks?: SubnetMasks;
  /**
   * Interface endpoints to create in the private app subnets.
   * @default all of INTERFACE_ENDPOINT_SERVICES
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * Port the application tier listens on behind the edge (load balancer) tier.
   * @default 8000
   */
  readonly appPort?: number;
  /**
   * Ports the data tier accepts from the application tier (Postgres, Redis, ...).
   * @default [5432, 6379]
   */
  readonly dataPorts?: readonly number[];
  /**
   * TCP ports the application tier may reach on the internet through NAT.
   * @default [443]
   */
  readonly egressPorts?: readonly number[];
  /** VPC flow logs. */
  readonly flowLogs: FlowLogConfig;
}

/** Log levels the backend understands (reference 002). */
export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Reference 002's function name. */
export const DEFAULT_FUNCTION_NAME = "chatbot-backend-lambda";

/**
 * The synchronous request path of reference 002: API Gateway HTTP API -> Lambda.
 * An HTTP API integration times out at 30 s, so the Lambda behind it must finish within 30 s.
 */
export interface ServerlessConfig {
  /**
   * Function name (unique per account and region across environments).
   * @default "chatbot-backend-lambda" (reference 002)
   */
  readonly functionName?: string;
  /** Memory of the function in MB, 128 to 10240. */
  readonly memoryMb: number;
  /** Function timeout in seconds, 1 to 30 (the API's integration limit). */
  readonly timeoutSeconds: number;
  /**
   * Concurrency reserved for the function (also its ceiling). AWS keeps 100 executions of the
   * account's quota unreserved, so at most `accountConcurrencyQuota - 100` can be reserved, and
   * only when `accountConcurrencyQuota` says what the quota is.
   * @default - unreserved: no `reserved_concurrent_executions`, the function draws on the account's shared pool
   */
  readonly reservedConcurrency?: number;
  /**
   * The account's Lambda "Concurrent executions" quota in this region (Service Quotas > AWS Lambda),
   * which `reservedConcurrency` is checked against. New accounts often start at 10; the standard
   * quota is 1000.
   * @default - not stated: any `reservedConcurrency` is rejected until it is
   */
  readonly accountConcurrencyQuota?: number;
  /** `LOG_LEVEL` of the function. */
  readonly logLevel: LogLevel;
  /** Days CloudWatch keeps the function's and the API's logs. */
  readonly logRetentionDays: number;
  /**
   * Run the function in the private app subnets (egress through NAT) instead of AWS's network.
   * @default false
   */
  readonly inVpc?: boolean;
  /** Origins allowed by CORS on the API (`ALLOWED_ORIGINS`); `*` only in development. */
  readonly allowedOrigins: readonly string[];
  /** Steady-state requests per second the API stage accepts. */
  readonly throttlingRateLimit: number;
  /** Burst of requests the API stage accepts. */
  readonly throttlingBurstLimit: number;
  /**
   * A JWT authorizer on the API routes.
   * @default - none: the routes are open (the edge's WAF and the stage throttling still apply)
   */
  readonly authorizer?: JwtAuthorizerConfig;
}

/** A GitHub Actions OIDC subject a deploy role trusts, within the configured repository. */
export type GithubDeploySubject =
  | { readonly kind: "environment"; readonly name: string }
  | { readonly kind: "branch"; readonly name: string };

/** GitHub Actions deployment (constructs/github-deploy-role). */
export interface DeliveryConfig {
  /** GitHub organization or user that owns the repository. */
  readonly githubOwner: string;
  /** Repository name (reference 002: `chatbot`). */
  readonly githubRepository: string;
  /** Workflows allowed to deploy: GitHub environments or branches of the repository. */
  readonly deploySubjects: readonly GithubDeploySubject[];
  /**
   * Workflows allowed to assume the read-only plan role. Production must name GitHub environments
   * (e.g. `prod-plan` with required reviewers), since the role reads the whole account and its state.
   * @default - any pull request of the repository (`repo:<owner>/<repo>:pull_request`)
   */
  readonly planSubjects?: readonly GithubDeploySubject[];
}

/**
 * Kubernetes versions a cluster may run: those in EKS standard support (extended support costs six
 * times as much). Update when EKS releases or retires a version.
 */
export const KUBERNETES_VERSIONS = ["1.33", "1.34", "1.35"] as const;
export type KubernetesVersion = (typeof KUBERNETES_VERSIONS)[number];

export { CAPACITY_TYPES, TAINT_EFFECTS } from "./types/node-group";
export type { CapacityType, TaintEffect } from "./types/node-group";

/** A Kubernetes taint on every node of a group: only pods tolerating it are scheduled there. */
export type NodeTaint = NodeTaintProps;

/** The node groups every cluster has (reference 001): general workloads, and ML inference. */
export const NODE_GROUP_NAMES = ["general", "ml"] as const;
export type NodeGroupName = (typeof NODE_GROUP_NAMES)[number];

/** Instance families each node group accepts (general purpose / burstable; compute and GPU for ML). */
export const NODE_GROUP_INSTANCE_FAMILIES: Readonly<Record<NodeGroupName, readonly string[]>> = {
  general: ["t3", "t3a", "m5", "m6i", "m7i"],
  ml: ["c5", "c6i", "c7i", "g4dn", "g5"],
};

/** One EKS managed node group (fields as on NodeGroupProps; lib/validate-platform.ts adds the rules per group). */
export type NodeGroupConfig = NodeGroupProps;

/** Levels of cluster access an access entry grants (EKS access policies). */
export const CLUSTER_ACCESS_LEVELS = ["cluster-admin", "admin", "edit", "view"] as const;
export type ClusterAccessLevel = (typeof CLUSTER_ACCESS_LEVELS)[number];

/** An IAM role allowed into the cluster through an EKS access entry. */
export interface ClusterAccessConfig {
  /** ARN of an IAM role of the environment's account (e.g. an SSO permission set's role). */
  readonly roleArn: string;
  /** What the role may do. */
  readonly access: ClusterAccessLevel;
  /**
   * Namespaces the access is limited to (not allowed with `cluster-admin`).
   * @default - the whole cluster
   */
  readonly namespaces?: readonly string[];
}

/** Versions of the EKS add-ons (`aws eks describe-addon-versions --kubernetes-version <v>`). */
export interface AddonVersionsConfig {
  readonly vpcCni: string;
  readonly coredns: string;
  /** Must match the cluster's Kubernetes minor version (e.g. `v1.34.x-eksbuild.N` for 1.34). */
  readonly kubeProxy: string;
  readonly ebsCsiDriver: string;
}

/** The EKS cluster of an environment (`<env>-platform`, constructs/eks). */
export interface PlatformConfig {
  /** Kubernetes minor version, e.g. `1.34` (one in EKS standard support). */
  readonly kubernetesVersion: string;
  /**
   * CIDRs allowed to reach the public API endpoint; empty turns the public endpoint off (the
   * private endpoint is always on). Never 0.0.0.0/0 in production.
   */
  readonly publicEndpointCidrs: readonly string[];
  /**
   * Networks inside the VPC or connected to it (VPN, self-hosted CI runners, a bastion) allowed to
   * the private endpoint on 443. With no public endpoint, this is how `<env>-apps` is applied.
   * @default - none
   */
  readonly privateEndpointClientCidrs?: readonly string[];
  /** Days CloudWatch keeps the control-plane logs. */
  readonly logRetentionDays: number;
  /**
   * IAM roles let into the cluster (people, tools), besides the two the platform stack adds itself:
   * `operators.applyRoleArn` as cluster-admin (it applies `<env>-apps`) and the pull-request plan
   * role with `view`. The cluster's creator gets no implicit access.
   */
  readonly access: readonly ClusterAccessConfig[];
  /** Managed node groups. */
  readonly nodeGroups: Readonly<Record<NodeGroupName, NodeGroupConfig>>;
  /** EKS add-on versions. */
  readonly addons: AddonVersionsConfig;
  /** What runs in the cluster (`<env>-apps`). */
  readonly apps: ClusterAppsConfig;
}

/** A Helm chart pinned to a version. */
export interface ChartConfig {
  /** Chart version (exact; never a range). */
  readonly version: string;
}

/** The Cluster Autoscaler chart, and the image its cluster's Kubernetes minor needs. */
export interface ClusterAutoscalerChartConfig extends ChartConfig {
  /**
   * Cluster Autoscaler image tag (the chart's `image.tag`), e.g. `v1.34.0`; its minor must be the
   * cluster's (environments/cluster-versions.ts keeps one per Kubernetes minor).
   * @default - the chart's appVersion, which must then match the cluster's minor
   */
  readonly imageTag?: string;
}

/** A namespace of an application, with its quota and the default limits of its containers. */
export type AppNamespaceConfig = AppNamespaceProps;

/** Scaling of the backend Deployment (reference 001: 2-10 replicas at 70% CPU). */
export interface BackendScalingConfig {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuPercent: number;
}

/** In-cluster platform services and application namespaces (`<env>-apps`, constructs/cluster-apps). */
export interface ClusterAppsConfig {
  /** Helm chart versions of the platform services. */
  readonly charts: {
    readonly awsLoadBalancerController: ChartConfig;
    readonly metricsServer: ChartConfig;
    readonly clusterAutoscaler: ClusterAutoscalerChartConfig;
    readonly argoCd: ChartConfig;
  };
  /** Application namespaces; the first is the backend's (its service account and autoscaler). */
  readonly namespaces: readonly AppNamespaceConfig[];
  /** The backend's HorizontalPodAutoscaler. */
  readonly backendScaling: BackendScalingConfig;
}

/**
 * RDS PostgreSQL (constructs/postgres); the master password is managed by RDS in Secrets Manager.
 * Each field is documented on PostgresSettings (lib/types/postgres.ts, the part of
 * PostgresDatabaseProps an environment chooses); lib/validate-data.ts adds what each
 * criticality demands (production: Multi-AZ, 7+ days of backups, deletion protection).
 */
export type PostgresConfig = PostgresSettings;

/**
 * MongoDB Atlas (constructs/atlas), reached only through PrivateLink; fields as on AtlasSettings
 * (lib/types/atlas.ts). The organization id is not a credential: API keys come only from the
 * provider's environment variables. Tiers: M10 for dev and staging, M20 for prod (reference 001).
 */
export type AtlasConfig = AtlasSettings;

/**
 * ElastiCache Redis (constructs/redis), TLS and IAM-authenticated users always on; fields as on
 * RedisSettings in lib/types/redis.ts (dev cache.t4g.micro, staging cache.t4g.small, prod
 * cache.r7g.large).
 */
export type RedisConfig = RedisSettings;

/** The data tier of an environment (`<env>-data`), in the isolated data subnets. */
export interface DataConfig {
  readonly postgres: PostgresConfig;
  /**
   * MongoDB Atlas; required except in `test` environments (no fake Atlas exists).
   * @default - no Atlas project
   */
  readonly atlas?: AtlasConfig;
  /**
   * Redis; required except in `test` environments (the fake cloud serves no ElastiCache).
   * @default - no Redis
   */
  readonly redis?: RedisConfig;
  /** SQS queues of the async jobs (reference 001), each with a dead-letter queue. */
  readonly queues: readonly JobQueueSpec[];
  /** S3 buckets for uploads, exports and ML artifacts. */
  readonly buckets: readonly DataBucketSpec[];
  /** Days the buckets' access logs are kept. */
  readonly bucketLogRetentionDays: number;
  /**
   * SNS topics notified when a dead-letter queue receives messages.
   * @default - none (the alarms still change state)
   */
  readonly alarmActions?: readonly string[];
}

/**
 * What an environment is for; rules tighten from development to production:
 * - `development`: engineers' environments (CORS `*` allowed, deploys from a branch allowed);
 * - `preProduction`: staging, shaped like production (no CORS `*`; branch deploys allowed);
 * - `production`: real users (no CORS `*`, HTTPS origins only, deploys and plans only from protected
 *   GitHub environments);
 * - `test`: throw-away environments applied only to a fake cloud (`local`): their account is never
 *   granted access to the shared registry.
 */
export const CRITICALITIES = ["development", "preProduction", "production", "test"] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/**
 * Who applies an environment's stacks. The apply role is provided by the organization (creating
 * VPCs, IAM roles and KMS keys needs more than this repository should grant itself); it is the one
 * principal that may assume the environment's read-write state-access role, and the EKS
 * cluster-admin that applies `<env>-apps`.
 */
export interface OperatorsConfig {
  /**
   * ARN of the IAM role, in the environment's account, that applies every stack of the
   * environment (the CI apply role, `AWS_APPLY_ROLE_ARN_<ENV>` in the GitHub workflows). With a
   * Terraform Cloud backend, the role the workspaces apply with:
   * `arn:aws:iam::<account>:role/chatbot-<env>-tfc-apply`.
   */
  readonly applyRoleArn: string;
}

/** Where the bootstrap stack keeps its own state. */
export const BOOTSTRAP_STATE_LOCATIONS = ["local", "s3"] as const;
/**
 * - `local`: a file outside `cdktf.out` (`state/bootstrap.tfstate`): the first apply, before the
 *   bucket exists;
 * - `s3`: the bucket it created, key `bootstrap/terraform.tfstate` (after `init -migrate-state`).
 */
export type BootstrapStateLocation = (typeof BOOTSTRAP_STATE_LOCATIONS)[number];

/** The account that holds every stack's state (bootstrap stack), and who administers it. */
export interface StateConfig {
  /** The account of the state bucket, lock table and key. */
  readonly accountId: string;
  /**
   * IAM role or user ARNs (any account) allowed to assume every state-access role: the platform
   * administrators who bootstrap, migrate and repair state by hand.
   */
  readonly administratorArns: readonly string[];
  /** Where the bootstrap stack's own state lives; see BOOTSTRAP_STATE_LOCATIONS. */
  readonly bootstrapState: BootstrapStateLocation;
}

/** One deployment environment (dev, staging, prod, local, ...). */
export interface EnvironmentConfig {
  /** Lower-case name; every stack of the environment is named `<name>-<layer>`. */
  readonly name: string;
  /** What the environment is for; see CRITICALITIES for the rules each level adds. */
  readonly criticality: Criticality;
  /** The AWS account the environment lives in; the provider refuses any other account. */
  readonly accountId: string;
  /** AWS region; must be listed in lib/regions.ts. */
  readonly region: string;
  /** Tags put on every taggable resource (Project, Environment and ManagedBy are added). */
  readonly tags: Readonly<Record<string, string>>;
  /** Where this environment's stacks keep state. */
  readonly backend: BackendConfig;
  /** The VPC. */
  readonly network: NetworkConfig;
  /** Lambda + API Gateway path. */
  readonly serverless: ServerlessConfig;
  /** GitHub Actions deploy roles. */
  readonly delivery: DeliveryConfig;
  /** Who applies the environment's stacks. */
  readonly operators: OperatorsConfig;
  /**
   * The EKS cluster and what runs in it (`<env>-platform`, `<env>-apps`); required except for
   * `test` environments.
   * @default - no cluster
   */
  readonly platform?: PlatformConfig;
  /**
   * Databases, caches, queues and buckets (`<env>-data`).
   * @default - no data stack
   */
  readonly data?: DataConfig;
  /**
   * The public edge (`<env>-edge`): CloudFront, WAF, domains and the ALB.
   * @default - no edge
   */
  readonly edge?: EdgeConfig;
  /**
   * Alarms, dashboard, budget and anomaly detection.
   * @default - none
   */
  readonly observability?: ObservabilityConfig;
}

/** Where an account's GitHub OIDC provider comes from: created, or the account's existing one. */
export { GITHUB_OIDC_PROVIDER_SOURCES } from "./types/oidc-provider-source";
export type { GithubOidcProviderSource } from "./types/oidc-provider-source";

/**
 * Settings shared by every environment: the container registry (in one account) and the
 * accounts that trust GitHub Actions.
 */
export interface SharedConfig {
  /** Account that holds the ECR repositories (and usually the state bucket). */
  readonly registryAccountId: string;
  /** Region of the registry. */
  readonly region: string;
  /** ECR repositories (reference 002: chatbot-backend, chatbot-frontend). */
  readonly repositories: readonly string[];
  /** Release images kept per repository; older release tags expire. */
  readonly keepReleaseImages: number;
  /** Tag prefixes that mark release images (e.g. `v` for v1.2.3). */
  readonly releaseTagPrefixes: readonly string[];
  /** Days an untagged image is kept. */
  readonly untaggedImageDays: number;
  /** Tags of the shared stacks' resources. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Where each account that hosts environments gets its GitHub Actions OIDC provider, by account
   * id: `"create"` it in the account's shared stack, or use the `"existing"` one (IAM allows one
   * provider per URL per account, so an account that already has
   * `token.actions.githubusercontent.com` cannot get a second). See GITHUB_OIDC_PROVIDER_SOURCES.
   * @default - "create" in every account
   */
  readonly githubOidcProviders?: Readonly<Record<string, GithubOidcProviderSource>>;
  /**
   * Where each account that hosts Terraform Cloud environments gets the OIDC provider of the
   * Terraform Cloud host, by account id: `"create"` it in the account's shared stack, or use the
   * `"existing"` one (looked up by URL; it must accept the environments' audiences).
   * @default - "create" in every account
   */
  readonly terraformCloudOidcProviders?: Readonly<Record<string, GithubOidcProviderSource>>;
}

export { CLOUDFRONT_PRICE_CLASSES, ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_KVS_KEY, ORIGIN_VERIFY_PARAMETER } from "./types/edge";
export type { CloudFrontPriceClass, EdgeConfig, EdgeDomainConfig, EdgeLoadBalancerConfig, HostedZoneSource, JwtAuthorizerConfig, WafRuleMode, WebAclConfig } from "./types/edge";
export { ALARM_SUBSCRIPTION_PROTOCOLS, ANOMALY_MONITOR_KINDS } from "./types/observability";
export type { AlarmSubscription, AlarmSubscriptionProtocol, AlarmThresholds, AnomalyMonitorSource, BudgetConfig, ObservabilityConfig } from "./types/observability";
