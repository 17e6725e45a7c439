import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { WebAcl, WebAclProps } from "../constructs/web-acl";
import { TfJson, resources } from "./helpers";

const props: WebAclProps = {
  namePrefix: "chatbot-test",
  rateLimitPerIp: 2000,
  rateLimitMode: "block",
  logRetentionDays: 90,
  logsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/logs",
};

function synth(p: Partial<WebAclProps> = {}): string {
  return Testing.synthScope((scope: Construct) => {
    const provider = new AwsProvider(scope, "UsEast1", { alias: "us_east_1", region: "us-east-1" });
    new WebAcl(scope, "WebAcl", { ...props, provider, ...p });
  });
}
const json = (p: Partial<WebAclProps> = {}): TfJson => JSON.parse(synth(p));
const acl = (p: Partial<WebAclProps> = {}): any => resources(json(p), "aws_wafv2_web_acl")[0];
const rule = (p: Partial<WebAclProps>, name: string): any => acl(p).rule.find((r: any) => r.name === name);

const errorOf = (p: Partial<WebAclProps>): string => {
  try {
    synth(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};

describe("WebAcl", () => {
  test("scope CLOUDFRONT, allow by default, every resource on the us-east-1 provider", () => {
    const j = json();
    const a = resources(j, "aws_wafv2_web_acl")[0];
    expect(a.scope).toBe("CLOUDFRONT");
    expect(a.default_action).toEqual({ allow: {} });
    for (const type of ["aws_wafv2_web_acl", "aws_cloudwatch_log_group", "aws_wafv2_web_acl_logging_configuration"]) {
      expect(resources(j, type).map((r) => r.provider)).toEqual(["aws.us_east_1"]);
    }
  });

  test("the rate rule comes first, per client IP, with the configured limit, window and action", () => {
    expect(rule({}, "RateLimitPerIp")).toMatchObject({
      priority: 0,
      action: { block: {} },
      statement: { rate_based_statement: { limit: 2000, aggregate_key_type: "IP", evaluation_window_sec: 300 } },
    });
    const counting = rule({ rateLimitMode: "count", rateLimitWindowSeconds: 60, rateLimitPerIp: 10 }, "RateLimitPerIp");
    expect(counting.action).toEqual({ count: {} });
    expect(counting.statement.rate_based_statement).toMatchObject({ limit: 10, evaluation_window_sec: 60 });
  });

  test("the three AWS managed groups block by default; a group in count mode overrides its actions to count", () => {
    const groups = acl().rule.filter((r: any) => r.statement.managed_rule_group_statement);
    expect(groups.map((r: any) => [r.name, r.statement.managed_rule_group_statement.vendor_name, r.override_action])).toEqual([
      ["AWSManagedRulesAmazonIpReputationList", "AWS", { none: {} }],
      ["AWSManagedRulesCommonRuleSet", "AWS", { none: {} }],
      ["AWSManagedRulesKnownBadInputsRuleSet", "AWS", { none: {} }],
    ]);
    expect(rule({ managedRuleModes: { AWSManagedRulesCommonRuleSet: "count" } }, "AWSManagedRulesCommonRuleSet").override_action).toEqual({ count: {} });
    expect(rule({ managedRuleModes: { AWSManagedRulesCommonRuleSet: "count" } }, "AWSManagedRulesKnownBadInputsRuleSet").override_action).toEqual({ none: {} });
  });

  test("every rule and the ACL publish metrics and sampled requests under unique names", () => {
    const a = acl();
    const configs = [a.visibility_config, ...a.rule.map((r: any) => r.visibility_config)];
    expect(configs.every((c: any) => c.cloudwatch_metrics_enabled === true && c.sampled_requests_enabled === true)).toBe(true);
    expect(new Set(configs.map((c: any) => c.metric_name)).size).toBe(configs.length);
    expect(new Set(a.rule.map((r: any) => r.priority)).size).toBe(a.rule.length);
  });

  test("logs go to aws-waf-logs-<prefix>, KMS encrypted, kept as configured, with the authorization header redacted", () => {
    const j = json();
    const group = resources(j, "aws_cloudwatch_log_group")[0];
    expect(group).toMatchObject({ name: "aws-waf-logs-chatbot-test", retention_in_days: 90, kms_key_id: props.logsKeyArn });
    const logging = resources(j, "aws_wafv2_web_acl_logging_configuration")[0];
    expect(logging.redacted_fields).toEqual([{ single_header: { name: "authorization" } }]);
    expect(logging.log_destination_configs).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.[^.]+\.arn\}$/)]);
    expect(logging.resource_arn).toMatch(/^\$\{aws_wafv2_web_acl\.[^.]+\.arn\}$/);
  });

  describe("errors", () => {
    test("a rate limit below WAF's minimum and a window WAF does not offer", () => {
      expect(errorOf({ rateLimitPerIp: 5, rateLimitWindowSeconds: 30 })).toBe(
        [
          "WebAcl chatbot-test: 2 invalid props; nothing was created:",
          "  - rateLimitPerIp: 5 is out of range",
          "    allowed: an integer from 10 to 2000000000",
          "    fix: set rateLimitPerIp to the requests one client may make per window, e.g. 2000 (WAF's minimum is 10)",
          "  - rateLimitWindowSeconds: 30 is not an evaluation window WAF offers",
          "    allowed: one of 60, 120, 300, 600",
          "    fix: set rateLimitWindowSeconds to 300, or remove it for the default (300)",
        ].join("\n"),
      );
    });

    test("a managed group the ACL does not run, a mode that does not exist, a retention CloudWatch does not offer", () => {
      expect(errorOf({ managedRuleModes: { AWSManagedRulesSQLiRuleSet: "count", AWSManagedRulesCommonRuleSet: "off" } as never, logRetentionDays: 45 })).toBe(
        [
          "WebAcl chatbot-test: 3 invalid props; nothing was created:",
          '  - managedRuleModes.AWSManagedRulesSQLiRuleSet: "count" names a rule group the web ACL does not run',
          '    allowed: one of "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet" (the groups the web ACL runs)',
          "    fix: remove managedRuleModes.AWSManagedRulesSQLiRuleSet or correct the group name",
          '  - managedRuleModes.AWSManagedRulesCommonRuleSet: "off" is not a rule mode',
          '    allowed: one of "count", "block"',
          '    fix: set managedRuleModes.AWSManagedRulesCommonRuleSet to "count" or "block"',
          "  - logRetentionDays: 45 is not a retention CloudWatch Logs offers",
          "    allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
          "    fix: set logRetentionDays to e.g. 90 or 365",
        ].join("\n"),
      );
    });
  });
});
