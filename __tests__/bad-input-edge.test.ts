/**
 * Bad input in an environment's `edge` section (docs/edge.md), through the command line as users
 * run it (the harness of __tests__/helpers/bad-input.ts): each mistake on the real environments
 * exits 1 with exactly this report, no stack trace, and cdktf.out untouched.
 */
import { BadInput, expectRefused, problem, report, useBadInputHarness } from "./helpers/bad-input";

const harness = useBadInputHarness();

const RETENTIONS = "one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653";

/** A well-formed ACM certificate ID. */
const CERT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/** prod's domain with this certificate ARN (prod: account 333333333333, ap-southeast-2). */
const prodCertificate = (certificateArn: unknown): BadInput => ({
  mutate: (c) => {
    c.env.prod.edge.domain = { ...c.env.prod.edge.domain, certificateArn };
  },
});
const PROD_CERT_ALLOWED = "the ARN of an issued ACM certificate covering chat.example.com in us-east-1 of prod's account 333333333333: arn:aws:acm:us-east-1:333333333333:certificate/<uuid>";
const PROD_CERT_INSTEAD = "or remove prod.edge.domain.certificateArn to have one created and validated by DNS in the zone";

/** [what is wrong, the input, the whole stderr]. */
const CASES: [string, BadInput, string][] = [
  [
    "a domain outside its zone",
    { mutate: (c) => { c.env.prod.edge.domain = { ...c.env.prod.edge.domain, name: "chat.example.org" }; } },
    report(
      problem(
        'prod.edge.domain.name: "chat.example.org" is outside the zone example.com: its records could not be created there',
        "example.com or a name ending in .example.com",
        "set prod.edge.domain.name to a name in example.com, or prod.edge.domain.zone to the zone of chat.example.org",
      ),
    ),
  ],
  [
    "a zone ID that is not a Route 53 zone ID",
    { mutate: (c) => { c.env.prod.edge.domain = { ...c.env.prod.edge.domain, zone: { kind: "existing", zoneId: "example.com", zoneName: "example.com" } }; } },
    report(
      problem(
        'prod.edge.domain.zone.zoneId: "example.com" is not a Route 53 hosted zone ID',
        '"Z" followed by upper-case letters and digits, e.g. "Z0123456789ABCDEFGHIJ" (without "/hostedzone/")',
        "set prod.edge.domain.zone.zoneId to the ID of aws route53 list-hosted-zones-by-name --dns-name example.com",
      ),
    ),
  ],
  [
    "a rate limit below WAF's minimum and a window WAF does not offer",
    { mutate: (c) => { c.env.dev.edge.waf = { ...c.env.dev.edge.waf, rateLimitPerIp: 5, rateLimitWindowSeconds: 180 }; } },
    report(
      problem("dev.edge.waf.rateLimitPerIp: 5 is out of range", "an integer from 10 to 2000000000", "set dev.edge.waf.rateLimitPerIp to the requests one client may make per window, e.g. 2000 (WAF's minimum is 10)"),
      problem("dev.edge.waf.rateLimitWindowSeconds: 180 is not an evaluation window WAF offers", "one of 60, 120, 300, 600", "set dev.edge.waf.rateLimitWindowSeconds to 300, or remove it for the default (300)"),
    ),
  ],
  [
    "a rate limit above WAF's maximum",
    { mutate: (c) => { c.env.staging.edge.waf = { ...c.env.staging.edge.waf, rateLimitPerIp: 3_000_000_000 }; } },
    report(problem("staging.edge.waf.rateLimitPerIp: 3000000000 is out of range", "an integer from 10 to 2000000000", "set staging.edge.waf.rateLimitPerIp to the requests one client may make per window, e.g. 2000 (WAF's minimum is 10)")),
  ],
  [
    "a price class that does not exist",
    { mutate: (c) => { c.env.prod.edge.priceClass = "PriceClass_300"; } },
    report(problem('prod.edge.priceClass: "PriceClass_300" is not a CloudFront price class', 'one of "PriceClass_100", "PriceClass_200", "PriceClass_All"', 'set prod.edge.priceClass to "PriceClass_100" (North America, Europe, Israel) or "PriceClass_All"')),
  ],
  [
    "an API path pattern CloudFront cannot route as a prefix",
    { mutate: (c) => { c.env.dev.edge.apiPathPattern = "/api*"; } },
    report(
      problem(
        'dev.edge.apiPathPattern: "/api*" is not a path pattern the API behaviour can route',
        '"/<prefix>/*": a literal prefix of path segments (letters, digits and _ . ~ @ : + $ & = -), then "/*", at most 255 characters',
        'set dev.edge.apiPathPattern to e.g. "/api/*", or remove it for the default',
      ),
    ),
  ],
  [
    "a managed rule group the web ACL does not run, and a mode that does not exist",
    { mutate: (c) => { c.env.dev.edge.waf = { ...c.env.dev.edge.waf, managedRuleModes: { AWSManagedRulesSQLiRuleSet: "count", AWSManagedRulesCommonRuleSet: "warn" } }; } },
    report(
      problem(
        'dev.edge.waf.managedRuleModes.AWSManagedRulesSQLiRuleSet: "count" names a rule group the web ACL does not run',
        'one of "AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet" (the groups the web ACL runs)',
        "remove dev.edge.waf.managedRuleModes.AWSManagedRulesSQLiRuleSet or correct the group name",
      ),
      problem('dev.edge.waf.managedRuleModes.AWSManagedRulesCommonRuleSet: "warn" is not a rule mode', 'one of "count", "block"', 'set dev.edge.waf.managedRuleModes.AWSManagedRulesCommonRuleSet to "count" or "block"'),
    ),
  ],
  [
    "retention days CloudWatch Logs does not offer, for the WAF and the access logs",
    { mutate: (c) => { c.env.staging.edge = { ...c.env.staging.edge, accessLogRetentionDays: 100, waf: { ...c.env.staging.edge.waf, logRetentionDays: 0 } }; } },
    report(
      problem("staging.edge.accessLogRetentionDays: 100 is not a retention CloudWatch Logs offers", RETENTIONS, "set staging.edge.accessLogRetentionDays to e.g. 90 or 365"),
      problem("staging.edge.waf.logRetentionDays: 0 is not a retention CloudWatch Logs offers", RETENTIONS, "set staging.edge.waf.logRetentionDays to e.g. 90 or 365"),
    ),
  ],
  [
    "a CloudFront certificate from the environment's region instead of us-east-1",
    prodCertificate(`arn:aws:acm:ap-southeast-2:333333333333:certificate/${CERT_ID}`),
    report(
      problem(
        `prod.edge.domain.certificateArn: "arn:aws:acm:ap-southeast-2:333333333333:certificate/${CERT_ID}" is a certificate in ap-southeast-2, but CloudFront only accepts ACM certificates from us-east-1`,
        PROD_CERT_ALLOWED,
        `request or import a certificate for chat.example.com in us-east-1 (account 333333333333) and set prod.edge.domain.certificateArn to its ARN, ${PROD_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a CloudFront certificate of another account",
    prodCertificate(`arn:aws:acm:us-east-1:999999999999:certificate/${CERT_ID}`),
    report(
      problem(
        `prod.edge.domain.certificateArn: "arn:aws:acm:us-east-1:999999999999:certificate/${CERT_ID}" is a certificate of account 999999999999, not of prod's account 333333333333: CloudFront cannot use an ACM certificate of another account`,
        PROD_CERT_ALLOWED,
        `request or import a certificate for chat.example.com in account 333333333333 (us-east-1) and set prod.edge.domain.certificateArn to its ARN, ${PROD_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a CloudFront certificate of another account and region: both reported",
    prodCertificate(`arn:aws:acm:eu-west-1:999999999999:certificate/${CERT_ID}`),
    report(
      problem(
        `prod.edge.domain.certificateArn: "arn:aws:acm:eu-west-1:999999999999:certificate/${CERT_ID}" is a certificate in eu-west-1, but CloudFront only accepts ACM certificates from us-east-1`,
        PROD_CERT_ALLOWED,
        `request or import a certificate for chat.example.com in us-east-1 (account 333333333333) and set prod.edge.domain.certificateArn to its ARN, ${PROD_CERT_INSTEAD}`,
      ),
      problem(
        `prod.edge.domain.certificateArn: "arn:aws:acm:eu-west-1:999999999999:certificate/${CERT_ID}" is a certificate of account 999999999999, not of prod's account 333333333333: CloudFront cannot use an ACM certificate of another account`,
        PROD_CERT_ALLOWED,
        `request or import a certificate for chat.example.com in account 333333333333 (us-east-1) and set prod.edge.domain.certificateArn to its ARN, ${PROD_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a certificate ARN that is not an ACM certificate's (an IAM server certificate, a missing ID)",
    {
      mutate: (c) => {
        c.env.prod.edge.domain = { ...c.env.prod.edge.domain, certificateArn: "arn:aws:iam::333333333333:server-certificate/chat" };
        c.env.staging.edge.domain = { ...c.env.staging.edge.domain, certificateArn: "arn:aws:acm:us-east-1:222222222222:certificate/" };
      },
    },
    report(
      problem(
        'staging.edge.domain.certificateArn: "arn:aws:acm:us-east-1:222222222222:certificate/" is not an ACM certificate ARN',
        "the ARN of an issued ACM certificate covering staging.chat.example.com in us-east-1 of staging's account 222222222222: arn:aws:acm:us-east-1:222222222222:certificate/<uuid>",
        "set staging.edge.domain.certificateArn to the certificate's ARN as `aws acm list-certificates --region us-east-1` prints it, or remove staging.edge.domain.certificateArn to have one created and validated by DNS in the zone",
      ),
      problem(
        'prod.edge.domain.certificateArn: "arn:aws:iam::333333333333:server-certificate/chat" is not an ACM certificate ARN',
        PROD_CERT_ALLOWED,
        `set prod.edge.domain.certificateArn to the certificate's ARN as \`aws acm list-certificates --region us-east-1\` prints it, ${PROD_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a certificate ARN that is not a string",
    prodCertificate(123),
    report(problem("prod.edge.domain.certificateArn: 123 is not a string", PROD_CERT_ALLOWED, 'write it in quotes: "123"')),
  ],
  [
    "an edge section without its waf",
    { mutate: (c) => { delete c.env.dev.edge.waf; } },
    report(problem("dev.edge.waf: undefined is missing", "a WebAclConfig object", 'add a waf section to dev.edge, e.g. { rateLimitPerIp: 2000, rateLimitMode: "count", logRetentionDays: 365 }')),
  ],
];

describe("bad edge input is refused with a report naming the environment and field", () => {
  test.each(CASES)("%s", (_what, input, expected) => {
    expectRefused(harness.run(input), expected);
  });
});
