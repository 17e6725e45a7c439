/**
 * The typed shape of an environment's configuration (`environments/*.ts`).
 *
 * Environment files are plain data of these types; everything an environment may differ in is a
 * field here, so differences between environments are visible as data. Defaults live in one place:
 * the `@default` of each field, resolved by `lib/defaults.ts`.
 */
import { SubnetMasks } from "./subnet-plan";

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

/** Where a stack keeps its Terraform state. */
export type BackendConfig =
  | {
      /** S3 backend built from `backend.tf.json`, key `<env>/<stack>.tfstate`. */
      readonly kind: "s3";
      /**
       * Lock with the DynamoDB table named in `backend.tf.json`.
       * @default true
       */
      readonly dynamodbLocking?: boolean;
      /**
       * Also lock with an S3 lock file (`use_lockfile`); needs Terraform or OpenTofu >= 1.10.
       * @default false
       */
      readonly useLockfile?: boolean;
    }
  | {
      /** Terraform Cloud / HCP Terraform: one workspace per stack. */
      readonly kind: "cloud";
      /** The Terraform Cloud organization. */
      readonly organization: string;
      /**
       * Workspace names are `<workspacePrefix><stack>` (e.g. `chatbot-prod-network`).
       * @default "chatbot-"
       */
      readonly workspacePrefix?: string;
      /**
       * Terraform Cloud or Enterprise host.
       * @default "app.terraform.io"
       */
      readonly hostname?: string;
    }
  | {
      /** Local state files next to each stack (throw-away environments only). */
      readonly kind: "local";
    };

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
export interface NetworkConfig {
  /** VPC CIDR, RFC 1918, /16 to /24; must not overlap another environment's. */
  readonly cidr: string;
  /** Number of AZs the tiers are spread over, 2 to 6 and no more than the region has. */
  readonly azCount: number;
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

/** One deployment environment (dev, staging, prod, local, ...). */
export interface EnvironmentConfig {
  /** Lower-case name; every stack of the environment is named `<name>-<layer>`. */
  readonly name: string;
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
}
