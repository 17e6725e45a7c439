/**
 * The public edge of an environment (`<env>-edge`, reference 003): CloudFront in front of the web
 * frontend (a private S3 bucket through an origin access control), the HTTP API and, with the EKS
 * backend, a public ALB that only CloudFront reaches; a WAF web ACL; domains and certificates.
 *
 * Shapes shared by lib/config.ts and the edge constructs (constructs import lib, never the reverse).
 */

/**
 * The region of CloudFront's global resources and signals: a CLOUDFRONT-scope web ACL, the
 * distribution's certificate, its log delivery and its CloudWatch metrics.
 */
export const CLOUDFRONT_REGION = "us-east-1";

/** CloudFront price classes (edge locations served); see the CloudFront pricing page. */
export const CLOUDFRONT_PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type CloudFrontPriceClass = (typeof CLOUDFRONT_PRICE_CLASSES)[number];

/**
 * Where the environment's DNS zone comes from:
 * - `existing`: a public hosted zone that already exists (its ID), e.g. delegated by the organization;
 * - `create`: a public hosted zone created in `<env>-edge`; its NS records are an output to delegate.
 */
export type HostedZoneSource = { readonly kind: "existing"; readonly zoneId: string; readonly zoneName: string } | { readonly kind: "create"; readonly zoneName: string };

/** The environment's custom domain. */
export interface EdgeDomainConfig {
  /** Name users open, e.g. `chat.example.com` (must be the zone's name or inside it). */
  readonly name: string;
  /** The public hosted zone the records go into. */
  readonly zone: HostedZoneSource;
  /**
   * ARN of an existing, issued ACM certificate for the distribution, e.g. one issued centrally by
   * the organization: in us-east-1 (CloudFront takes certificates from there only) and in the
   * environment's account, covering `name` (CloudFront refuses one that does not, at apply time).
   * Nothing is created for it: no certificate, validation record or wait.
   * @default - a certificate is created and validated by DNS in the zone
   */
  readonly certificateArn?: string;
}

/** A WAF rule's action while it is being introduced: `count` first, `block` once reviewed. */
export const WAF_RULE_MODES = ["count", "block"] as const;
export type WafRuleMode = (typeof WAF_RULE_MODES)[number];

/** The AWS managed rule groups every web ACL of the edge runs (vendor AWS), in priority order. */
export const WAF_MANAGED_RULE_GROUPS = ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"] as const;
export type WafManagedRuleGroup = (typeof WAF_MANAGED_RULE_GROUPS)[number];

/**
 * Bounds of a rate-based rule's limit: WAF lowered the minimum from 100 to 10 in August 2024
 * (https://aws.amazon.com/about-aws/whats-new/2024/08/aws-waf-rate-based-rules-lower-rate-limits/;
 * API Reference, RateBasedStatement `Limit`, valid range 10 to 2000000000). The AWS provider's
 * plan-time check followed in hashicorp/terraform-provider-aws#39107 (merged 2024-09-03, long
 * before 5.100): `tofu validate` with aws 5.100.0 accepts 10 and refuses 9 ("expected ... limit to be
 * in the range (10 - 2000000000)").
 */
export const WAF_RATE_LIMIT_MIN = 10;
export const WAF_RATE_LIMIT_MAX = 2_000_000_000;
/** Evaluation windows a rate-based rule accepts, in seconds. */
export const WAF_RATE_LIMIT_WINDOWS = [60, 120, 300, 600] as const;
/** The rate rule's window when none is configured (WAF's own default). */
export const DEFAULT_RATE_LIMIT_WINDOW_SECONDS = 300;
/** The path pattern routed to the API when none is configured. */
export const DEFAULT_API_PATH_PATTERN = "/api/*";
/** The path the edge routes to the EKS backend's load balancer when `edge.loadBalancer.pathPattern` is not set. */
export const DEFAULT_LOAD_BALANCER_PATH_PATTERN = "/backend/*";

/** The web ACL in front of the distribution (scope CLOUDFRONT, us-east-1). */
export interface WebAclConfig {
  /**
   * Requests per client IP per evaluation window before the rate rule acts (WAF allows 10 to
   * 2,000,000,000).
   */
  readonly rateLimitPerIp: number;
  /**
   * Evaluation window of the rate rule in seconds (60, 120, 300 or 600).
   * @default 300
   */
  readonly rateLimitWindowSeconds?: number;
  /** Mode of the rate rule. */
  readonly rateLimitMode: WafRuleMode;
  /**
   * Mode of each AWS managed rule group, by group name (AWSManagedRulesCommonRuleSet,
   * AWSManagedRulesKnownBadInputsRuleSet, AWSManagedRulesAmazonIpReputationList).
   * @default - block for every group
   */
  readonly managedRuleModes?: Readonly<Record<string, WafRuleMode>>;
  /** Days the WAF logs (log group `aws-waf-logs-<prefix>`) are kept. */
  readonly logRetentionDays: number;
}

/** A JWT authorizer on the API routes (HTTP API `JWT` authorizer). */
export interface JwtAuthorizerConfig {
  /** Token issuer URL (`https://...`), e.g. a Cognito user pool or an OIDC provider. */
  readonly issuer: string;
  /** Accepted `aud` values (client IDs), at least one. */
  readonly audiences: readonly string[];
  /**
   * Where the token is read from.
   * @default "$request.header.Authorization"
   */
  readonly identitySource?: string;
}

/** The public ALB in front of the EKS backend (reached from CloudFront only). */
export interface EdgeLoadBalancerConfig {
  /** Deletion protection of the ALB (`enabled` in production). */
  readonly deletionProtection: "enabled" | "disabled";
  /**
   * Health check path of the backend's target group.
   * @default "/healthz"
   */
  readonly healthCheckPath?: string;
  /**
   * Path pattern CloudFront routes to the load balancer (and the ALB forwards to the backend),
   * `/<prefix>/*`, kept as is (the backend serves under it). The HTTP API keeps `apiPathPattern`.
   * @default "/backend/*"
   */
  readonly pathPattern?: string;
  /** Namespace and name of the Kubernetes Service the target group binding points at. */
  readonly backendService: { readonly namespace: string; readonly name: string; readonly port: number };
  /** Days the ALB's access logs are kept. */
  readonly accessLogRetentionDays: number;
  /**
   * ARN of an existing, issued ACM certificate for the listener, e.g. one issued centrally by the
   * organization: in the environment's region (a listener takes certificates from its own region
   * only) and account, covering `origin.<domain>` (exactly or by a wildcard such as
   * `*.<domain>`; CloudFront refuses to connect to an origin whose certificate does not).
   * Nothing is created for it: no certificate, validation record or wait.
   * @default - a certificate is created and validated by DNS in the zone
   */
  readonly certificateArn?: string;
}

/** The origin name a load balancer behind the distribution gets: `origin.<domain>`. */
export function loadBalancerOriginName(domainName: string): string {
  return `origin.${domainName}`;
}

/** `<env>-edge`. */
export interface EdgeConfig {
  /**
   * Custom domain; without one the distribution's default `*.cloudfront.net` name serves the
   * site and no ALB can be built (an HTTPS origin needs a certificate for a name).
   * @default - none
   */
  readonly domain?: EdgeDomainConfig;
  /** CloudFront price class. */
  readonly priceClass: CloudFrontPriceClass;
  /**
   * Path pattern routed to the API (and the ALB), e.g. `/api/*`.
   * @default "/api/*"
   */
  readonly apiPathPattern?: string;
  /** Days the distribution's access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** The WAF web ACL. */
  readonly waf: WebAclConfig;
  /**
   * The public ALB for the EKS backend (needs `domain` and a `platform` section).
   * @default - none: the edge routes the API path to the HTTP API only
   */
  readonly loadBalancer?: EdgeLoadBalancerConfig;
}

/**
 * Origin verification (how the API and the ALB refuse requests that did not come through the
 * edge) without a secret in Terraform: a CloudFront Function on the API behaviour copies the token
 * from the distribution's CloudFront KeyValueStore (key ORIGIN_VERIFY_KVS_KEY) into the request
 * header ORIGIN_VERIFY_HEADER; the backend (Lambda and EKS service) compares it with the
 * SecureString parameter ORIGIN_VERIFY_PARAMETER under the environment's parameter path. Both
 * values are set out of band by the operator (docs/edge.md), never by Terraform, so neither state
 * nor plan holds them.
 */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";
export const ORIGIN_VERIFY_KVS_KEY = "origin-verify";
export const ORIGIN_VERIFY_PARAMETER = "ORIGIN_VERIFY_TOKEN";
