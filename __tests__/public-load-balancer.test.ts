import { Lazy, TerraformOutput, Testing } from "cdktf";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { PublicLoadBalancer, PublicLoadBalancerProps, validatePublicLoadBalancerProps } from "../constructs/public-load-balancer";
import { Problems } from "../lib/problems";
import { TfJson, resources } from "./helpers";

const props: PublicLoadBalancerProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  vpcId: "vpc-0123",
  publicSubnetIds: ["subnet-pa", "subnet-pb"],
  targetSubnetCidrs: ["10.50.0.0/20", "10.50.16.0/20"],
  targetPort: 8000,
  certificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/11111111-2222-3333-4444-555555555555",
  apiPathPatterns: ["/api/*"],
  deletionProtection: "enabled",
  accessLogRetentionDays: 90,
};

function synth(p: Partial<PublicLoadBalancerProps> = {}): string {
  return Testing.synthScope((scope) => {
    new PublicLoadBalancer(scope, "PublicLoadBalancer", { ...props, ...p });
  });
}
const json = (p: Partial<PublicLoadBalancerProps> = {}): TfJson => JSON.parse(synth(p));
const one = (j: TfJson, type: string): any => {
  const list = resources(j, type);
  expect(list).toHaveLength(1);
  return list[0];
};
const ruleById = (j: TfJson, part: string): any => Object.entries(j.resource.aws_security_group_rule).find(([id]) => id.includes(part))![1];

describe("PublicLoadBalancer", () => {
  const j = json();

  test("an internet-facing ALB in the public subnets that drops invalid headers and mitigates desync strictly", () => {
    expect(synth()).toHaveResourceWithProperties(Lb, {
      name: "chatbot-test-api",
      internal: false,
      load_balancer_type: "application",
      subnets: ["subnet-pa", "subnet-pb"],
      drop_invalid_header_fields: true,
      desync_mitigation_mode: "strictest",
      enable_deletion_protection: true,
    });
    expect(one(j, "aws_lb").security_groups).toEqual([expect.stringMatching(/^\$\{aws_security_group\.PublicLoadBalancer_SecurityGroup_[0-9A-F]+\.id\}$/)]);
  });

  test("deletion protection follows the prop", () => {
    expect(one(json({ deletionProtection: "disabled" }), "aws_lb").enable_deletion_protection).toBe(false);
  });

  test("its security group admits HTTPS only from CloudFront's origin-facing prefix list", () => {
    expect(Object.values(j.data!.aws_ec2_managed_prefix_list)).toEqual([{ name: "com.amazonaws.global.cloudfront.origin-facing" }]);
    const ingress = resources(j, "aws_security_group_rule").filter((r) => r.type === "ingress");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ protocol: "tcp", from_port: 443, to_port: 443, prefix_list_ids: [expect.stringMatching(/^\$\{data\.aws_ec2_managed_prefix_list\.PublicLoadBalancer_CloudFrontOriginFacing_[0-9A-F]+\.id\}$/)] });
    expect(ingress[0].cidr_blocks).toBeUndefined();
    expect(ingress[0].source_security_group_id).toBeUndefined();
  });

  test("its only egress is the target port towards the private app subnets", () => {
    const egress = resources(j, "aws_security_group_rule").filter((r) => r.type === "egress");
    expect(egress).toEqual([expect.objectContaining({ protocol: "tcp", from_port: 8000, to_port: 8000, cidr_blocks: ["10.50.0.0/20", "10.50.16.0/20"] })]);
    expect(ruleById(j, "EgressBackend").security_group_id).toMatch(/aws_security_group\.PublicLoadBalancer_SecurityGroup_/);
    expect(JSON.stringify(resources(j, "aws_security_group_rule"))).not.toContain("0.0.0.0/0");
  });

  test("one HTTPS listener with a TLS 1.3/1.2 policy and the given certificate; unknown paths get a fixed 404", () => {
    const listeners = resources(j, "aws_lb_listener");
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificate_arn: props.certificateArn,
      default_action: [{ type: "fixed-response", fixed_response: { status_code: "404", content_type: "application/json" } }],
    });
    expect(one(json({ sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" }), "aws_lb_listener").ssl_policy).toBe("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
  });

  test("only the API path patterns are forwarded to the target group", () => {
    const rule = one(json({ apiPathPatterns: ["/api/*", "/v2/*"] }), "aws_lb_listener_rule");
    expect(rule.condition).toEqual([{ path_pattern: { values: ["/api/*", "/v2/*"] } }]);
    expect(rule.action).toEqual([{ type: "forward", target_group_arn: expect.stringMatching(/aws_lb_target_group\.PublicLoadBalancer_TargetGroup_[0-9A-F]+\.arn/) }]);
  });

  test("an IP target group, HTTP to the pods' port, health checked on /healthz unless told otherwise", () => {
    const tg = one(j, "aws_lb_target_group");
    expect(tg).toMatchObject({ name: "chatbot-test-backend", target_type: "ip", protocol: "HTTP", port: 8000, vpc_id: "vpc-0123" });
    expect(tg.health_check).toMatchObject({ enabled: true, protocol: "HTTP", path: "/healthz", port: "traffic-port" });
    expect(one(json({ healthCheckPath: "/ready" }), "aws_lb_target_group").health_check.path).toBe("/ready");
  });

  test("access logs go to a private, TLS-only, SSE-S3 bucket that expires them after the retention", () => {
    const lb = one(j, "aws_lb");
    expect(lb.access_logs).toEqual({ bucket: expect.stringMatching(/aws_s3_bucket\.PublicLoadBalancer_AccessLogBucket_[0-9A-F]+\.id/), prefix: "alb", enabled: true });
    expect(lb.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.PublicLoadBalancer_AccessLogBucketPolicy_/)]);
    expect(one(j, "aws_s3_bucket").bucket).toBe("chatbot-test-alb-logs-123456789012");
    expect(one(j, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }]);
    expect(one(j, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    const lifecycle = one(json({ accessLogRetentionDays: 30 }), "aws_s3_bucket_lifecycle_configuration");
    expect(lifecycle.rule[0]).toMatchObject({ status: "Enabled", expiration: [{ days: 30 }] });
  });

  test("the bucket policy lets only Elastic Load Balancing's log delivery write, under this account's log prefix, and denies plain HTTP", () => {
    const policy = Object.entries(j.data!.aws_iam_policy_document).find(([id]) => id.includes("AccessLogBucketPolicyDocument"))![1] as any;
    const bySid = Object.fromEntries(policy.statement.map((s: any) => [s.sid, s]));
    expect(Object.keys(bySid).sort()).toEqual(["AllowElbAccessLogs", "AllowElbLogDelivery", "DenyInsecureTransport"]);
    const objects = expect.stringMatching(/^\$\{aws_s3_bucket\.PublicLoadBalancer_AccessLogBucket_[0-9A-F]+\.arn\}\/alb\/AWSLogs\/123456789012\/\*$/);
    expect(bySid.AllowElbLogDelivery).toMatchObject({ effect: "Allow", actions: ["s3:PutObject"], principals: [{ type: "Service", identifiers: ["logdelivery.elasticloadbalancing.amazonaws.com"] }], resources: [objects] });
    expect(bySid.AllowElbAccessLogs).toMatchObject({ effect: "Allow", actions: ["s3:PutObject"], resources: [objects] });
    expect(bySid.AllowElbAccessLogs.principals[0].identifiers).toEqual([expect.stringMatching(/^\$\{data\.aws_elb_service_account\.PublicLoadBalancer_ElbAccount_[0-9A-F]+\.arn\}$/)]);
    expect(bySid.DenyInsecureTransport.condition).toEqual([{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }]);
  });

  test("attributes are named by component for consumers (edge origin, alarms, the apps stack's binding)", () => {
    const names = ["loadBalancerArn", "loadBalancerArnSuffix", "loadBalancerDnsName", "loadBalancerZoneId", "targetGroupArn", "targetGroupArnSuffix", "securityGroupId"] as const;
    const out = JSON.parse(
      Testing.synthScope((scope) => {
        const built = new PublicLoadBalancer(scope, "PublicLoadBalancer", props);
        names.forEach((n) => new TerraformOutput(scope, n, { value: built[n] }));
      }),
    ).output;
    const lb = Object.fromEntries(names.map((n) => [n, out[n].value as string]));
    expect(lb!.loadBalancerArn).toMatch(/^\$\{aws_lb\.PublicLoadBalancer_[0-9A-F]+\.arn\}$/);
    expect(lb!.loadBalancerArnSuffix).toMatch(/\.arn_suffix\}$/);
    expect(lb!.loadBalancerDnsName).toMatch(/\.dns_name\}$/);
    expect(lb!.loadBalancerZoneId).toMatch(/\.zone_id\}$/);
    expect(lb!.targetGroupArn).toMatch(/aws_lb_target_group\.PublicLoadBalancer_TargetGroup_[0-9A-F]+\.arn/);
    expect(lb!.targetGroupArnSuffix).toMatch(/aws_lb_target_group\..*\.arn_suffix\}$/);
    expect(lb!.securityGroupId).toMatch(/aws_security_group\.PublicLoadBalancer_SecurityGroup_[0-9A-F]+\.id/);
  });

  test("a test environment may let destroy empty the log bucket; nothing else does", () => {
    expect(one(j, "aws_s3_bucket").force_destroy).toBe(false);
    expect(one(json({ forceDestroy: true }), "aws_s3_bucket").force_destroy).toBe(true);
  });

  describe("errors", () => {
    test("every contradiction at once, nothing created", () => {
      expect(() =>
        synth({
          publicSubnetIds: ["subnet-pa"],
          targetSubnetCidrs: [],
          targetPort: 0,
          certificateArn: "arn:aws:iam::123456789012:server-certificate/x",
          apiPathPatterns: ["api/*"],
          healthCheckPath: "healthz",
          accessLogRetentionDays: 0,
          sslPolicy: "ELBSecurityPolicy-2016-08",
        }),
      ).toThrow(
        [
          "PublicLoadBalancer chatbot-test: 8 invalid props; nothing was created:",
          '  - publicSubnetIds: ["subnet-pa"] lists fewer than two subnets',
          "    allowed: at least two public subnets in different AZs (an Application Load Balancer needs two)",
          "    fix: pass the network's public subnets",
          "  - targetSubnetCidrs: [] is empty, so the load balancer could reach no target",
          "    allowed: the CIDR blocks of the private app subnets",
          "    fix: pass the private app subnets' CIDR blocks",
          "  - targetPort: 0 is out of range",
          "    allowed: an integer from 1 to 65535",
          "    fix: pass the port the backend's pods listen on, e.g. 8000",
          '  - certificateArn: "arn:aws:iam::123456789012:server-certificate/x" is not an ACM certificate ARN',
          "    allowed: arn:aws:acm:<region>:<account>:certificate/<uuid>, in the load balancer's region",
          "    fix: pass the ARN of the regional ACM certificate for the environment's domain",
          '  - apiPathPatterns[0]: "api/*" is not an ALB path pattern',
          "    allowed: up to 128 characters starting with '/' or '*': letters, digits, _ - . $ / ~ \" ' @ : + & and the wildcards * ?",
          '    fix: use e.g. "/api/*"',
          '  - healthCheckPath: "healthz" is not a health check path',
          "    allowed: a path starting with '/', at most 1024 characters",
          '    fix: use e.g. "/healthz"',
          "  - accessLogRetentionDays: 0 is out of range",
          "    allowed: an integer from 1 to 36500",
          "    fix: pick how many days access logs are kept, e.g. 90",
          '  - sslPolicy: "ELBSecurityPolicy-2016-08" is not a TLS 1.2+ security policy of the TLS13 family',
          "    allowed: an ELBSecurityPolicy-TLS13-1-2-* or ELBSecurityPolicy-TLS13-1-3-* policy",
          "    fix: remove it for ELBSecurityPolicy-TLS13-1-2-2021-06",
        ].join("\n"),
      );
    });

    test("a name prefix too long for a load balancer name", () => {
      const problems = new Problems();
      validatePublicLoadBalancerProps({ ...props, namePrefix: "chatbot-averyveryverylongenv" }, problems, "x");
      expect(problems.list).toEqual([
        {
          path: "x.namePrefix",
          value: "chatbot-averyveryverylongenv",
          problem: "does not make load balancer and target group names of at most 32 characters (chatbot-averyveryverylongenv-backend)",
          allowed: "lower-case letters, digits and '-', at most 24 characters",
          fix: "use a shorter name prefix",
        },
      ]);
    });

    test("a certificate of another account, or with an ID that is not ACM's", () => {
      const problems = new Problems();
      validatePublicLoadBalancerProps({ ...props, certificateArn: "arn:aws:acm:ap-southeast-2:999999999999:certificate/11111111-2222-3333-4444-555555555555" }, problems, "x");
      validatePublicLoadBalancerProps({ ...props, certificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/planned" }, problems, "y");
      expect(problems.list).toEqual([
        {
          path: "x.certificateArn",
          value: "arn:aws:acm:ap-southeast-2:999999999999:certificate/11111111-2222-3333-4444-555555555555",
          problem: "is a certificate of account 999999999999, not of the load balancer's account 123456789012: a listener cannot use an ACM certificate of another account",
          allowed: "arn:aws:acm:<region>:123456789012:certificate/<uuid>, in the load balancer's region",
          fix: "pass the ARN of a certificate in account 123456789012",
        },
        {
          path: "y.certificateArn",
          value: "arn:aws:acm:ap-southeast-2:123456789012:certificate/planned",
          problem: "is not an ACM certificate ARN",
          allowed: "arn:aws:acm:<region>:<account>:certificate/<uuid>, in the load balancer's region",
          fix: "pass the ARN of the regional ACM certificate for the environment's domain",
        },
      ]);
    });

    test("a certificate ARN only known at apply time is not judged", () => {
      const problems = new Problems();
      validatePublicLoadBalancerProps({ ...props, certificateArn: Lazy.stringValue({ produce: () => "known at apply" }) }, problems);
      expect(problems.list).toEqual([]);
    });
  });
});
