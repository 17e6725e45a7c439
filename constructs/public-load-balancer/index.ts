/**
 * PublicLoadBalancer: the internet-facing Application Load Balancer in front of the EKS backend
 * (reference 003: "CloudFront -> ALB (public) -> EKS services (private)"), reachable from
 * CloudFront only.
 *
 * - In the public subnets, with its own security group: HTTPS (443) in only from the CloudFront
 *   origin-facing managed prefix list (`com.amazonaws.global.cloudfront.origin-facing`), out only
 *   to the private app subnets on the target port. The prefix list has ~55 entries and a referenced
 *   prefix list counts with its maximum entries against the group's rules quota (60 inbound rules
 *   by default), so this group has room for only a few more inbound rules.
 * - One HTTPS listener with a TLS 1.3/1.2 policy and the certificate the caller passes (a regional
 *   ACM certificate for the environment's domain); its default answer is a fixed 404, and only the
 *   API path patterns are forwarded to the target group.
 * - Invalid header fields are dropped, HTTP desync mitigation is `strictest` (the only client is
 *   CloudFront, which sends RFC-compliant requests), deletion protection as configured.
 * - An IP target group (HTTP to the pods' port, health check on `healthCheckPath`): the AWS Load
 *   Balancer Controller in the cluster registers the backend's pods through a TargetGroupBinding
 *   (constructs/cluster-apps), so Terraform owns the load balancer and CloudFront knows its name.
 * - Access logs to a private bucket of its own: SSE-S3, because ALB access logs support no other
 *   default encryption; TLS-only, versioned, public access blocked, objects expire after the
 *   retention. Its policy lets Elastic Load Balancing's log delivery write under the log prefix of
 *   this account only (the regional ELB account, and the `logdelivery.elasticloadbalancing`
 *   service principal of the Regions launched since August 2022).
 *
 * The prefix list admits every CloudFront distribution, other accounts' too, so a request carries
 * no proof that it came through this environment's distribution (and its WAF): the backend checks
 * the origin verification header (lib/types/edge.ts ORIGIN_VERIFY_HEADER) itself.
 */
import { Construct } from "constructs";
import { Token } from "cdktf";
import { DataAwsEc2ManagedPrefixList } from "@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list";
import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbListenerRule } from "@cdktf/provider-aws/lib/lb-listener-rule";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { parseAcmCertificateArn } from "../edge-domain";
import { lockDownBucket } from "../../lib/bucket-guard-rails";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems } from "../../lib/problems";

/** The AWS-managed prefix list of CloudFront's origin-facing addresses. */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
/** TLS 1.3 and 1.2 with forward-secret ciphers only: the policy AWS recommends for HTTPS listeners. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/** Security policies of HTTPS listeners that refuse TLS 1.0 and 1.1 (Elastic Load Balancing's TLS13 family). */
export const MODERN_SSL_POLICY_PATTERN = /^ELBSecurityPolicy-TLS13-1-[23]-/;
export const DEFAULT_HEALTH_CHECK_PATH = "/healthz";
/** Load balancer and target group names: at most 32 characters (Elastic Load Balancing). */
export const MAX_LB_NAME_LENGTH = 32;
/** An ALB path pattern: up to 128 characters of the set Elastic Load Balancing accepts, from '/' or a wildcard. */
export const ALB_PATH_PATTERN = /^[/*][A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/;
/** What ALB_PATH_PATTERN allows, for reports. */
export const ALB_PATH_PATTERN_ALLOWED = "up to 128 characters starting with '/' or '*': letters, digits, _ - . $ / ~ \" ' @ : + & and the wildcards * ?";
/** Days a replaced or deleted log object version is kept (the bucket is versioned). */
const LOG_NONCURRENT_DAYS = 30;
const ABORT_MULTIPART_UPLOAD_DAYS = 7;
/** Key prefix of the access logs in the bucket (ELB adds `AWSLogs/<account>/...` after it). */
export const ACCESS_LOG_PREFIX = "alb";
const HTTPS_PORT = 443;

export type DeletionProtection = "enabled" | "disabled";

export interface PublicLoadBalancerProps {
  /** Prefix of every physical name, e.g. `chatbot-dev` (load balancer `<prefix>-api`, target group `<prefix>-backend`). */
  readonly namePrefix: string;
  /** Account of the load balancer (log bucket name and log delivery path). */
  readonly accountId: string;
  /** VPC of the load balancer and the target group. */
  readonly vpcId: string;
  /** Public subnets, at least two in different AZs. */
  readonly publicSubnetIds: readonly string[];
  /** CIDR blocks of the private app subnets where the pods run: the only egress of the load balancer. */
  readonly targetSubnetCidrs: readonly string[];
  /** Port the backend's pods listen on (HTTP), the target group's port. */
  readonly targetPort: number;
  /** ARN of the regional ACM certificate the HTTPS listener presents (for the environment's domain). */
  readonly certificateArn: string;
  /** Path patterns forwarded to the backend, e.g. `["/api/*"]`; anything else gets the fixed 404. */
  readonly apiPathPatterns: readonly string[];
  /**
   * Path the target group's health check requests (reference 003).
   * @default "/healthz"
   */
  readonly healthCheckPath?: string;
  /** Deletion protection of the load balancer (`enabled` in production). */
  readonly deletionProtection: DeletionProtection;
  /** Days the access logs are kept before they expire. */
  readonly accessLogRetentionDays: number;
  /**
   * Security policy of the HTTPS listener; one of the TLS13 family.
   * @default DEFAULT_SSL_POLICY
   */
  readonly sslPolicy?: string;
  /**
   * Let `terraform destroy` delete the log bucket with its logs (throw-away test environments only).
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * Reports the contradictions in PublicLoadBalancerProps through `problems`. The construct runs it
 * on its own props; lib/validate-load-balancer.ts runs it on what the edge stack would pass, with
 * the config's paths, after the config's own (stricter) rules passed.
 */
export function validatePublicLoadBalancerProps(props: PublicLoadBalancerProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (p.text("namePrefix", props.namePrefix, "lower-case letters, digits and '-'", "pass the environment's name prefix, e.g. chatbot-dev")) {
    const longest = `${props.namePrefix}-backend`;
    if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(props.namePrefix) || longest.length > MAX_LB_NAME_LENGTH) {
      p.add("namePrefix", props.namePrefix, `does not make load balancer and target group names of at most ${MAX_LB_NAME_LENGTH} characters (${longest})`, `lower-case letters, digits and '-', at most ${MAX_LB_NAME_LENGTH - "-backend".length} characters`, "use a shorter name prefix");
    }
  }
  if (p.list("publicSubnetIds", props.publicSubnetIds, "at least two public subnets in different AZs", "pass the network's public subnets") && props.publicSubnetIds.length < 2) {
    p.add("publicSubnetIds", props.publicSubnetIds, "lists fewer than two subnets", "at least two public subnets in different AZs (an Application Load Balancer needs two)", "pass the network's public subnets");
  }
  if (p.list("targetSubnetCidrs", props.targetSubnetCidrs, "the CIDR blocks of the private app subnets", "pass the private app subnets' CIDR blocks") && props.targetSubnetCidrs.length === 0) {
    p.add("targetSubnetCidrs", props.targetSubnetCidrs, "is empty, so the load balancer could reach no target", "the CIDR blocks of the private app subnets", "pass the private app subnets' CIDR blocks");
  }
  p.integer("targetPort", props.targetPort, 1, 65535, "pass the port the backend's pods listen on, e.g. 8000");
  if (p.text("certificateArn", props.certificateArn, "the ARN of a regional ACM certificate", "pass the ARN of the ACM certificate for the environment's domain") && !Token.isUnresolved(props.certificateArn)) {
    const certificate = parseAcmCertificateArn(props.certificateArn);
    if (certificate === undefined) {
      p.add("certificateArn", props.certificateArn, "is not an ACM certificate ARN", "arn:aws:acm:<region>:<account>:certificate/<uuid>, in the load balancer's region", "pass the ARN of the regional ACM certificate for the environment's domain");
    } else if (typeof props.accountId === "string" && /^\d{12}$/.test(props.accountId) && certificate.accountId !== props.accountId) {
      p.add(
        "certificateArn",
        props.certificateArn,
        `is a certificate of account ${certificate.accountId}, not of the load balancer's account ${props.accountId}: a listener cannot use an ACM certificate of another account`,
        `arn:aws:acm:<region>:${props.accountId}:certificate/<uuid>, in the load balancer's region`,
        `pass the ARN of a certificate in account ${props.accountId}`,
      );
    }
  }
  if (p.list("apiPathPatterns", props.apiPathPatterns, "one to five ALB path patterns such as /api/*", 'pass e.g. ["/api/*"]')) {
    if (props.apiPathPatterns.length === 0 || props.apiPathPatterns.length > 5) {
      p.add("apiPathPatterns", props.apiPathPatterns, `lists ${props.apiPathPatterns.length} path patterns`, "one to five path patterns (an ALB rule condition takes at most five values)", 'pass e.g. ["/api/*"]');
    }
    props.apiPathPatterns.forEach((pattern, i) => {
      if (typeof pattern !== "string" || !ALB_PATH_PATTERN.test(pattern)) {
        p.add(`apiPathPatterns[${i}]`, pattern, "is not an ALB path pattern", ALB_PATH_PATTERN_ALLOWED, 'use e.g. "/api/*"');
      }
    });
  }
  if (props.healthCheckPath !== undefined && (typeof props.healthCheckPath !== "string" || !props.healthCheckPath.startsWith("/") || props.healthCheckPath.length > 1024)) {
    p.add("healthCheckPath", props.healthCheckPath, "is not a health check path", "a path starting with '/', at most 1024 characters", `use e.g. "${DEFAULT_HEALTH_CHECK_PATH}"`);
  }
  if (props.deletionProtection !== "enabled" && props.deletionProtection !== "disabled") {
    p.add("deletionProtection", props.deletionProtection, "is not a deletion protection setting", 'one of "enabled", "disabled"', 'set it to "enabled" (production) or "disabled"');
  }
  p.integer("accessLogRetentionDays", props.accessLogRetentionDays, 1, 36_500, "pick how many days access logs are kept, e.g. 90");
  if (props.sslPolicy !== undefined && (typeof props.sslPolicy !== "string" || !MODERN_SSL_POLICY_PATTERN.test(props.sslPolicy))) {
    p.add("sslPolicy", props.sslPolicy, "is not a TLS 1.2+ security policy of the TLS13 family", "an ELBSecurityPolicy-TLS13-1-2-* or ELBSecurityPolicy-TLS13-1-3-* policy", `remove it for ${DEFAULT_SSL_POLICY}`);
  }
}

export class PublicLoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  public readonly loadBalancerArn: string;
  /** ARN suffix (`app/<name>/<id>`), the `LoadBalancer` dimension of the ALB's CloudWatch metrics. */
  public readonly loadBalancerArnSuffix: string;
  /** DNS name of the load balancer: CloudFront's origin domain resolves through an alias to it. */
  public readonly loadBalancerDnsName: string;
  /** Route 53 hosted zone of the load balancer's DNS name (alias records). */
  public readonly loadBalancerZoneId: string;
  public readonly listener: LbListener;
  public readonly listenerArn: string;
  public readonly targetGroup: LbTargetGroup;
  /** The target group the cluster's TargetGroupBinding registers the backend's pods in. */
  public readonly targetGroupArn: string;
  /** ARN suffix (`targetgroup/<name>/<id>`), the `TargetGroup` dimension of the CloudWatch metrics. */
  public readonly targetGroupArnSuffix: string;
  public readonly securityGroup: SecurityGroup;
  /** The load balancer's security group: the pods' group admits the target port from it (TargetGroupBinding networking). */
  public readonly securityGroupId: string;
  public readonly accessLogBucket: S3Bucket;
  public readonly accessLogBucketName: string;

  constructor(scope: Construct, id: string, props: PublicLoadBalancerProps) {
    super(scope, id);
    checkProps(`PublicLoadBalancer ${props.namePrefix}`, props, validatePublicLoadBalancerProps);
    const name = (suffix: string): string => `${props.namePrefix}-${suffix}`;
    const healthCheckPath = props.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH;
    const forceDestroy = props.forceDestroy ?? false;

    // Access logs. ALB access logs support only SSE-S3 on the destination bucket.
    this.accessLogBucketName = name(`alb-logs-${props.accountId}`);
    this.accessLogBucket = new S3Bucket(this, "AccessLogBucket", { bucket: this.accessLogBucketName, forceDestroy });
    new S3BucketServerSideEncryptionConfigurationA(this, "AccessLogBucketEncryption", {
      bucket: this.accessLogBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const logObjects = `${this.accessLogBucket.arn}/${ACCESS_LOG_PREFIX}/AWSLogs/${props.accountId}/*`;
    // The Regions this app supports (lib/regions.ts) predate August 2022: their load balancers
    // deliver logs as the Region's Elastic Load Balancing account, which the provider knows.
    const elbAccount = new DataAwsElbServiceAccount(this, "ElbAccount", {});
    const logBucketPolicy = lockDownBucket(this, "AccessLogBucket", this.accessLogBucket, [
      {
        sid: "AllowElbAccessLogs",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: [elbAccount.arn] }],
        actions: ["s3:PutObject"],
        resources: [logObjects],
      },
      {
        sid: "AllowElbLogDelivery",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }],
        actions: ["s3:PutObject"],
        resources: [logObjects],
      },
    ]);
    new S3BucketLifecycleConfiguration(this, "AccessLogBucketLifecycle", {
      bucket: this.accessLogBucket.id,
      rule: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: props.accessLogRetentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: LOG_NONCURRENT_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_UPLOAD_DAYS }],
        },
      ],
    });

    // Security group: HTTPS from CloudFront's origin-facing addresses only, out to the pods only.
    const cloudFront = new DataAwsEc2ManagedPrefixList(this, "CloudFrontOriginFacing", { name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST });
    this.securityGroup = new SecurityGroup(this, "SecurityGroup", {
      name: name("public-alb"),
      // A group's description cannot change without replacing the group: keep it as created.
      description: "Public ALB: HTTPS from CloudFront origin-facing addresses only, out to the backend pods",
      vpcId: props.vpcId,
      tags: { Name: name("public-alb") },
    });
    this.securityGroupId = this.securityGroup.id;
    new SecurityGroupRule(this, "IngressCloudFront", {
      type: "ingress",
      securityGroupId: this.securityGroup.id,
      protocol: "tcp",
      fromPort: HTTPS_PORT,
      toPort: HTTPS_PORT,
      // Counts with the list's maximum entries (~55) against the group's inbound rules quota.
      prefixListIds: [cloudFront.id],
      description: "HTTPS from CloudFront origin-facing addresses",
    });
    new SecurityGroupRule(this, "EgressBackend", {
      type: "egress",
      securityGroupId: this.securityGroup.id,
      protocol: "tcp",
      fromPort: props.targetPort,
      toPort: props.targetPort,
      cidrBlocks: [...props.targetSubnetCidrs],
      description: "Backend pods in the private app subnets",
    });

    this.loadBalancer = new Lb(this, "LoadBalancer", {
      name: name("api"),
      internal: false,
      loadBalancerType: "application",
      subnets: [...props.publicSubnetIds],
      securityGroups: [this.securityGroup.id],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "strictest",
      enableDeletionProtection: props.deletionProtection === "enabled",
      accessLogs: { bucket: this.accessLogBucket.id, prefix: ACCESS_LOG_PREFIX, enabled: true },
      // Elastic Load Balancing checks that it may write to the bucket when logging is enabled.
      dependsOn: [logBucketPolicy],
    });
    this.loadBalancerArn = this.loadBalancer.arn;
    this.loadBalancerArnSuffix = this.loadBalancer.arnSuffix;
    this.loadBalancerDnsName = this.loadBalancer.dnsName;
    this.loadBalancerZoneId = this.loadBalancer.zoneId;

    // Targets: the backend's pods by IP, registered by the load balancer controller.
    this.targetGroup = new LbTargetGroup(this, "TargetGroup", {
      name: name("backend"),
      targetType: "ip",
      protocol: "HTTP",
      protocolVersion: "HTTP1",
      port: props.targetPort,
      vpcId: props.vpcId,
      deregistrationDelay: "30",
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: healthCheckPath,
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
    });
    this.targetGroupArn = this.targetGroup.arn;
    this.targetGroupArnSuffix = this.targetGroup.arnSuffix;

    this.listener = new LbListener(this, "HttpsListener", {
      loadBalancerArn: this.loadBalancer.arn,
      port: HTTPS_PORT,
      protocol: "HTTPS",
      sslPolicy: props.sslPolicy ?? DEFAULT_SSL_POLICY,
      certificateArn: props.certificateArn,
      defaultAction: [{ type: "fixed-response", fixedResponse: { contentType: "application/json", statusCode: "404", messageBody: '{"message":"not found"}' } }],
    });
    this.listenerArn = this.listener.arn;
    new LbListenerRule(this, "ApiRule", {
      listenerArn: this.listener.arn,
      priority: 100,
      action: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
      condition: [{ pathPattern: { values: [...props.apiPathPatterns] } }],
    });
  }
}
