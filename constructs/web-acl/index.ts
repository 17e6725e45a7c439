/**
 * WebAcl: the WAF web ACL in front of a CloudFront distribution (scope CLOUDFRONT, so created
 * through a provider in us-east-1), reference 002/003's edge filtering:
 *
 * - a rate-based rule per client IP (limit and evaluation window from the config), first, so a
 *   flood is cut before the managed groups spend capacity on it;
 * - the AWS managed rule groups AWSManagedRulesAmazonIpReputationList, AWSManagedRulesCommonRuleSet
 *   and AWSManagedRulesKnownBadInputsRuleSet (Log4j and similar), each in `count` (observe first:
 *   `override_action { count {} }`) or `block` (`override_action { none {} }`: the group's own
 *   block actions apply);
 * - CloudWatch metrics and sampled requests on every rule and on the ACL;
 * - full logging to the log group `aws-waf-logs-<namePrefix>` (WAF requires the `aws-waf-logs-`
 *   prefix), encrypted with a KMS key of us-east-1 and kept for a configured number of days, with
 *   the `authorization` header redacted so no bearer token lands in the logs.
 *
 * The ACL is attached by the distribution (`web_acl_id` = `webAclArn`); CLOUDFRONT-scope ACLs take
 * no `aws_wafv2_web_acl_association`.
 */
import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Wafv2WebAcl, Wafv2WebAclRule } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import { LOG_RETENTION_DAYS } from "../../lib/config";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord, oneOf } from "../../lib/problems";
import {
  DEFAULT_RATE_LIMIT_WINDOW_SECONDS,
  WAF_MANAGED_RULE_GROUPS,
  WAF_RATE_LIMIT_MAX,
  WAF_RATE_LIMIT_MIN,
  WAF_RATE_LIMIT_WINDOWS,
  WAF_RULE_MODES,
  WafManagedRuleGroup,
  WafRuleMode,
} from "../../lib/types/edge";

export { WAF_MANAGED_RULE_GROUPS } from "../../lib/types/edge";
export type { WafManagedRuleGroup, WafRuleMode } from "../../lib/types/edge";

/** The request header WAF logs never show (bearer tokens, basic credentials). */
export const WAF_REDACTED_HEADER = "authorization";

/** Name of the ACL's log group: WAF only delivers to log groups named `aws-waf-logs-*`. */
export function wafLogGroupName(namePrefix: string): string {
  return `aws-waf-logs-${namePrefix}`;
}

export interface WebAclProps {
  /** Prefix of every name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Requests per client IP per evaluation window before the rate rule acts (10 to 2,000,000,000). */
  readonly rateLimitPerIp: number;
  /**
   * Evaluation window of the rate rule in seconds: 60, 120, 300 or 600.
   * @default 300
   */
  readonly rateLimitWindowSeconds?: number;
  /** What the rate rule does to an IP over the limit: `count` (observe) or `block`. */
  readonly rateLimitMode: WafRuleMode;
  /**
   * Mode of each AWS managed rule group, by group name.
   * @default - block for every group
   */
  readonly managedRuleModes?: Readonly<Partial<Record<WafManagedRuleGroup, WafRuleMode>>>;
  /** Days the log group keeps WAF logs (a CloudWatch Logs retention value). */
  readonly logRetentionDays: number;
  /**
   * KMS key (in us-east-1) the log group is encrypted with; its policy must let
   * `logs.us-east-1.amazonaws.com` use it for `wafLogGroupName(namePrefix)`.
   */
  readonly logsKeyArn: string;
  /**
   * Provider the ACL, its log group and logging configuration are created with: CLOUDFRONT-scope
   * ACLs exist only in us-east-1.
   * @default - the scope's default provider (which must then be in us-east-1)
   */
  readonly provider?: TerraformProvider;
}

/** Pure validation of WebAclProps: every problem at once, at `paths`. */
export function validateWebAclProps(props: WebAclProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  p.integer(
    "rateLimitPerIp",
    props.rateLimitPerIp,
    WAF_RATE_LIMIT_MIN,
    WAF_RATE_LIMIT_MAX,
    `set ${p.name("rateLimitPerIp")} to the requests one client may make per window, e.g. 2000 (WAF's minimum is ${WAF_RATE_LIMIT_MIN})`,
  );
  const window = props.rateLimitWindowSeconds;
  if (window !== undefined && !(WAF_RATE_LIMIT_WINDOWS as readonly unknown[]).includes(window)) {
    p.add("rateLimitWindowSeconds", window, "is not an evaluation window WAF offers", oneOf(WAF_RATE_LIMIT_WINDOWS), `set ${p.name("rateLimitWindowSeconds")} to 300, or remove it for the default (300)`);
  }
  if (!(WAF_RULE_MODES as readonly unknown[]).includes(props.rateLimitMode)) {
    p.add("rateLimitMode", props.rateLimitMode, "is not a rule mode", oneOf(WAF_RULE_MODES), `set ${p.name("rateLimitMode")} to "count" while you watch the rule's metric, then "block"`);
  }
  const modes: unknown = props.managedRuleModes;
  if (modes !== undefined) {
    if (!isRecord(modes)) {
      p.add("managedRuleModes", modes, "is not an object", `an object of rule group names to "count" or "block"`, `set ${p.name("managedRuleModes")} to e.g. { AWSManagedRulesCommonRuleSet: "count" }, or remove it to block with every group`);
    } else {
      for (const [group, mode] of Object.entries(modes)) {
        if (!(WAF_MANAGED_RULE_GROUPS as readonly string[]).includes(group)) {
          p.add(`managedRuleModes.${group}`, mode, "names a rule group the web ACL does not run", `${oneOf(WAF_MANAGED_RULE_GROUPS)} (the groups the web ACL runs)`, `remove ${p.name(`managedRuleModes.${group}`)} or correct the group name`);
        } else if (!(WAF_RULE_MODES as readonly unknown[]).includes(mode)) {
          p.add(`managedRuleModes.${group}`, mode, "is not a rule mode", oneOf(WAF_RULE_MODES), `set ${p.name(`managedRuleModes.${group}`)} to "count" or "block"`);
        }
      }
    }
  }
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(props.logRetentionDays)) {
    p.add("logRetentionDays", props.logRetentionDays, "is not a retention CloudWatch Logs offers", oneOf(LOG_RETENTION_DAYS), `set ${p.name("logRetentionDays")} to e.g. 90 or 365`);
  }
  if (p.text("namePrefix", props.namePrefix, 'a name prefix such as "chatbot-dev"', "use the naming helper, e.g. namePrefix(env)") && !/^[A-Za-z0-9-]{1,40}$/.test(props.namePrefix)) {
    p.add("namePrefix", props.namePrefix, "is not a usable WAF name prefix", "1 to 40 letters, digits and hyphens", 'use the naming helper, e.g. "chatbot-dev"');
  }
  p.text("logsKeyArn", props.logsKeyArn, "the ARN of a KMS key in us-east-1", "pass the ARN of the logs key");
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

export class WebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: Wafv2WebAcl;
  /** ARN of the web ACL: the distribution's `web_acl_id`. */
  public readonly webAclArn: string;
  /** The log group WAF writes to (`aws-waf-logs-<namePrefix>`). */
  public readonly logGroup: CloudwatchLogGroup;
  /** Mode each managed rule group runs in, resolved. */
  public readonly managedRuleModes: Readonly<Record<WafManagedRuleGroup, WafRuleMode>>;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    checkProps(`WebAcl ${props.namePrefix}`, props, validateWebAclProps);
    const window = props.rateLimitWindowSeconds ?? DEFAULT_RATE_LIMIT_WINDOW_SECONDS;
    this.managedRuleModes = Object.fromEntries(WAF_MANAGED_RULE_GROUPS.map((g) => [g, props.managedRuleModes?.[g] ?? "block"])) as Record<WafManagedRuleGroup, WafRuleMode>;
    const metric = (part: string): string => `${props.namePrefix}-${part}`;

    const rules: Wafv2WebAclRule[] = [
      {
        name: "RateLimitPerIp",
        priority: 0,
        action: props.rateLimitMode === "block" ? { block: {} } : { count: {} },
        // `statement` is untyped in the bindings: written as the provider's JSON (snake_case).
        statement: { rate_based_statement: { limit: props.rateLimitPerIp, aggregate_key_type: "IP", evaluation_window_sec: window } },
        visibilityConfig: visibility(metric("rate-limit-per-ip")),
      },
      ...WAF_MANAGED_RULE_GROUPS.map((group, i) => ({
        name: group,
        priority: i + 1,
        overrideAction: this.managedRuleModes[group] === "block" ? { none: {} } : { count: {} },
        statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
        visibilityConfig: visibility(metric(group)),
      })),
    ];

    this.webAcl = new Wafv2WebAcl(this, "WebAcl", {
      name: `${props.namePrefix}-edge`,
      description: `Edge of ${props.namePrefix}: rate limit per IP and AWS managed rule groups`,
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(metric("edge")),
      provider: props.provider,
    });
    this.webAclArn = this.webAcl.arn;

    this.logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: wafLogGroupName(props.namePrefix),
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logsKeyArn,
      provider: props.provider,
    });
    new Wafv2WebAclLoggingConfiguration(this, "Logging", {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [{ singleHeader: { name: WAF_REDACTED_HEADER } }],
      provider: props.provider,
    });
  }
}
