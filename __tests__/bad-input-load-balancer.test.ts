/**
 * Bad input of the public load balancer (`edge.loadBalancer`, lib/validate-load-balancer.ts) and of
 * the API's JWT authorizer (`serverless.authorizer`, lib/validate-authorizer.ts), through the
 * command line as users run it: exit 1, the report in config terms, no stack trace, the previous
 * cdktf.out intact. Most cases add the example edge (__tests__/helpers/edge-example.ts) to a copy
 * of a real environment; the certificate cases change prod's own load balancer.
 */
import { validateEnvironments } from "../lib/validate";
import { BadInput, copyConfig, expectRefused, problem, report, useBadInputHarness } from "./helpers/bad-input";
import { EXAMPLE_LOAD_BALANCER, exampleEdge } from "./helpers/edge-example";

const harness = useBadInputHarness();

/** dev's edge with these load balancer fields changed. */
const devLoadBalancer = (fields: Record<string, unknown>): BadInput => ({
  mutate: (c) => {
    c.env.dev.edge = exampleEdge({ ...EXAMPLE_LOAD_BALANCER, ...fields } as never);
  },
});
const devAuthorizer = (authorizer: unknown): BadInput => ({
  mutate: (c) => {
    c.env.dev.serverless = { ...c.env.dev.serverless, authorizer };
  },
});

const ISSUER_ALLOWED = "an https:// URL with no query or fragment, exactly the tokens' iss claim (e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id>)";
const ISSUER_FIX = "set dev.serverless.authorizer.issuer to the iss claim of the tokens, as the identity provider's /.well-known/openid-configuration lists it";
const AUDIENCES_ALLOWED = "a non-empty list of distinct, non-empty client IDs (the tokens' aud claim)";
const NAMESPACE_ALLOWED = 'a DNS-1123 label (lower-case letters, digits and \'-\', at most 63 characters) listed in dev.platform.apps.namespaces ("chatbot", "chatbot-ml")';
const PORT_ALLOWED = "an integer from 1 to 65535: the Service's port (its targetPort must be the network's appPort)";
const PORT_FIX = "set dev.edge.loadBalancer.backendService.port to the backend Service's port, e.g. 80";
const HEALTH_ALLOWED = "a path starting with '/', at most 1024 characters";
const HEALTH_FIX = 'set dev.edge.loadBalancer.healthCheckPath to the backend\'s health endpoint, or remove it for "/healthz" (reference 003)';
/** A well-formed ACM certificate ID. */
const CERT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/** prod's load balancer with this certificate ARN (prod: account 333333333333, ap-southeast-2). */
const prodLoadBalancerCertificate = (certificateArn: unknown): BadInput => ({
  mutate: (c) => {
    c.env.prod.edge = { ...c.env.prod.edge, loadBalancer: { ...c.env.prod.edge.loadBalancer, certificateArn } };
  },
});
const LB_CERT_ALLOWED = "the ARN of an issued ACM certificate covering origin.chat.example.com in ap-southeast-2 of prod's account 333333333333: arn:aws:acm:ap-southeast-2:333333333333:certificate/<uuid>";
const LB_CERT_INSTEAD = "or remove prod.edge.loadBalancer.certificateArn to have one created and validated by DNS in the zone";

/** [what is wrong, the input, the whole stderr]. */
const CASES: [string, BadInput, string][] = [
  // edge.loadBalancer
  [
    "a load balancer without a domain for its certificate",
    {
      mutate: (c) => {
        const { domain: _, ...edge } = exampleEdge();
        c.env.dev.edge = edge;
      },
    },
    report(
      problem(
        "dev.edge.domain: undefined is missing, but dev.edge.loadBalancer is set: the load balancer's HTTPS listener needs a certificate for a name, and CloudFront reaches its origins by name",
        "an EdgeDomainConfig { name, zone } whenever edge.loadBalancer is set",
        "add dev.edge.domain, or remove dev.edge.loadBalancer",
      ),
    ),
  ],
  [
    "a load balancer in an environment without a cluster",
    { mutate: (c) => { c.env.local.edge = exampleEdge(); } },
    report(
      problem(
        "local.platform: undefined is missing, but local.edge.loadBalancer is set: the load balancer forwards to the backend in the EKS cluster",
        "a PlatformConfig whenever edge.loadBalancer is set",
        "add a platform section to environments/local.ts, or remove local.edge.loadBalancer",
      ),
    ),
  ],
  [
    "a production load balancer without deletion protection",
    { mutate: (c) => { c.env.prod.edge = exampleEdge({ ...EXAMPLE_LOAD_BALANCER, deletionProtection: "disabled" }); } },
    report(
      problem(
        'prod.edge.loadBalancer.deletionProtection: "disabled" lets a destroy or a replacement delete the production load balancer, and with it the backend\'s only way in',
        '"enabled" in production',
        'set prod.edge.loadBalancer.deletionProtection to "enabled"; disable it in a reviewed change just before a deliberate removal',
      ),
    ),
  ],
  [
    "deletion protection as a boolean",
    devLoadBalancer({ deletionProtection: true }),
    report(problem("dev.edge.loadBalancer.deletionProtection: true is not a deletion protection setting", 'one of "enabled", "disabled"', 'set dev.edge.loadBalancer.deletionProtection to "enabled" (production) or "disabled"')),
  ],
  [
    "a health check path without the leading slash",
    devLoadBalancer({ healthCheckPath: "healthz" }),
    report(problem('dev.edge.loadBalancer.healthCheckPath: "healthz" does not start with \'/\'', HEALTH_ALLOWED, HEALTH_FIX)),
  ],
  [
    "a health check path longer than Elastic Load Balancing accepts",
    devLoadBalancer({ healthCheckPath: `/${"a".repeat(1024)}` }),
    report(problem(`dev.edge.loadBalancer.healthCheckPath: "/${"a".repeat(1024)}" is 1025 characters long`, HEALTH_ALLOWED, HEALTH_FIX)),
  ],
  [
    "a backend Service outside the application namespaces, with a name and port Kubernetes refuses",
    devLoadBalancer({ backendService: { namespace: "default", name: "Chatbot_Backend", port: 0 } }),
    report(
      problem(
        'dev.edge.loadBalancer.backendService.namespace: "default" is not one of dev\'s application namespaces',
        NAMESPACE_ALLOWED,
        "set dev.edge.loadBalancer.backendService.namespace to one of dev.platform.apps.namespaces (the backend's is the first), or add the namespace there",
      ),
      problem(
        'dev.edge.loadBalancer.backendService.name: "Chatbot_Backend" is not a Kubernetes Service name',
        "a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters)",
        'set dev.edge.loadBalancer.backendService.name to the backend Service\'s name, e.g. "chatbot-backend"',
      ),
      problem("dev.edge.loadBalancer.backendService.port: 0 is not a TCP port", PORT_ALLOWED, PORT_FIX),
    ),
  ],
  [
    "a namespace that is no Kubernetes name and a port in quotes",
    devLoadBalancer({ backendService: { namespace: "Chatbot", name: "chatbot-backend", port: "80" } }),
    report(
      problem('dev.edge.loadBalancer.backendService.namespace: "Chatbot" is not a Kubernetes namespace name', NAMESPACE_ALLOWED, "set dev.edge.loadBalancer.backendService.namespace to the backend's namespace"),
      problem('dev.edge.loadBalancer.backendService.port: "80" is not a number', PORT_ALLOWED, PORT_FIX),
    ),
  ],
  [
    "no backend Service",
    devLoadBalancer({ backendService: undefined }),
    report(problem("dev.edge.loadBalancer.backendService: undefined is missing", "{ namespace, name, port }: the Kubernetes Service of the backend", 'set dev.edge.loadBalancer.backendService to e.g. { namespace: "chatbot", name: "chatbot-backend", port: 80 }')),
  ],
  [
    "access logs kept for no day",
    devLoadBalancer({ accessLogRetentionDays: 0 }),
    report(problem("dev.edge.loadBalancer.accessLogRetentionDays: 0 is not a number of days", "an integer from 1 to 36500 (the S3 lifecycle expiration of the access logs)", "set dev.edge.loadBalancer.accessLogRetentionDays to e.g. 90")),
  ],
  [
    "a path pattern CloudFront routes but the load balancer's rule cannot take",
    // CloudFront routes up to 255 characters, an ALB rule's path condition up to 128.
    { mutate: (c) => { c.env.dev.edge = exampleEdge({ ...EXAMPLE_LOAD_BALANCER, pathPattern: `/${"a".repeat(130)}/*` } as never); } },
    report(
      problem(
        `dev.edge.loadBalancer.pathPattern: "/${"a".repeat(130)}/*" is not a path pattern the load balancer's forwarding rule accepts`,
        "up to 128 characters starting with '/' or '*': letters, digits, _ - . $ / ~ \" ' @ : + & and the wildcards * ?",
        'set dev.edge.loadBalancer.pathPattern to e.g. "/backend/*"',
      ),
    ),
  ],
  [
    "a load balancer path that is the API's",
    { mutate: (c) => { c.env.dev.edge = exampleEdge({ ...EXAMPLE_LOAD_BALANCER, pathPattern: "/api/*" } as never); } },
    report(
      problem(
        'dev.edge.loadBalancer.pathPattern: "/api/*" is the HTTP API\'s path as well',
        'any "/<prefix>/*" but "/assets/*" and the API\'s "/api/*"',
        'set dev.edge.loadBalancer.pathPattern to e.g. "/backend/*"',
      ),
    ),
  ],
  [
    "a load balancer certificate from us-east-1 in an ap-southeast-2 environment",
    prodLoadBalancerCertificate(`arn:aws:acm:us-east-1:333333333333:certificate/${CERT_ID}`),
    report(
      problem(
        `prod.edge.loadBalancer.certificateArn: "arn:aws:acm:us-east-1:333333333333:certificate/${CERT_ID}" is a certificate in us-east-1, but an ALB listener only takes certificates from its own region, ap-southeast-2`,
        LB_CERT_ALLOWED,
        `request or import a certificate for origin.chat.example.com in ap-southeast-2 (account 333333333333) and set prod.edge.loadBalancer.certificateArn to its ARN, ${LB_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a load balancer certificate of another account",
    prodLoadBalancerCertificate(`arn:aws:acm:ap-southeast-2:111111111111:certificate/${CERT_ID}`),
    report(
      problem(
        `prod.edge.loadBalancer.certificateArn: "arn:aws:acm:ap-southeast-2:111111111111:certificate/${CERT_ID}" is a certificate of account 111111111111, not of prod's account 333333333333: a load balancer listener cannot use an ACM certificate of another account`,
        LB_CERT_ALLOWED,
        `request or import a certificate for origin.chat.example.com in account 333333333333 (ap-southeast-2) and set prod.edge.loadBalancer.certificateArn to its ARN, ${LB_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a load balancer certificate ARN with an ID that is not ACM's",
    prodLoadBalancerCertificate("arn:aws:acm:ap-southeast-2:333333333333:certificate/origin-chat"),
    report(
      problem(
        'prod.edge.loadBalancer.certificateArn: "arn:aws:acm:ap-southeast-2:333333333333:certificate/origin-chat" is not an ACM certificate ARN',
        LB_CERT_ALLOWED,
        `set prod.edge.loadBalancer.certificateArn to the certificate's ARN as \`aws acm list-certificates --region ap-southeast-2\` prints it, ${LB_CERT_INSTEAD}`,
      ),
    ),
  ],
  [
    "a load balancer section that is not an object",
    { mutate: (c) => { c.env.dev.edge = { ...exampleEdge(), loadBalancer: "yes" }; } },
    report(
      problem(
        'dev.edge.loadBalancer: "yes" is not an object',
        "an EdgeLoadBalancerConfig { deletionProtection, backendService, accessLogRetentionDays, healthCheckPath? }",
        "replace dev.edge.loadBalancer with an EdgeLoadBalancerConfig { deletionProtection, backendService, accessLogRetentionDays, healthCheckPath? }",
      ),
    ),
  ],
  // serverless.authorizer
  [
    "an authorizer with a plain-HTTP issuer and no audience",
    devAuthorizer({ issuer: "http://idp.example.com", audiences: [] }),
    report(
      problem('dev.serverless.authorizer.issuer: "http://idp.example.com" is not an https:// URL', ISSUER_ALLOWED, ISSUER_FIX),
      problem("dev.serverless.authorizer.audiences: [] is empty, so no token would be accepted", AUDIENCES_ALLOWED, "list the app client IDs in dev.serverless.authorizer.audiences"),
    ),
  ],
  [
    "an issuer with a query, an empty and a repeated audience, an identity source that is no request field",
    devAuthorizer({ issuer: "https://idp.example.com/?x=1", audiences: ["a", "", "a"], identitySource: "header.Authorization" }),
    report(
      problem('dev.serverless.authorizer.issuer: "https://idp.example.com/?x=1" has a query or fragment', ISSUER_ALLOWED, ISSUER_FIX),
      problem('dev.serverless.authorizer.audiences[1]: "" is empty', AUDIENCES_ALLOWED, "remove dev.serverless.authorizer.audiences[1] or set it to a client ID"),
      problem('dev.serverless.authorizer.audiences[2]: "a" repeats dev.serverless.authorizer.audiences[0]', AUDIENCES_ALLOWED, "remove dev.serverless.authorizer.audiences[2]"),
      problem('dev.serverless.authorizer.identitySource: "header.Authorization" is not where a JWT authorizer can read a token', "$request.header.<Name> or $request.querystring.<name>", 'remove dev.serverless.authorizer.identitySource for "$request.header.Authorization"'),
    ),
  ],
  [
    "an authorizer without an issuer, and audiences as one string",
    devAuthorizer({ audiences: "client-a" }),
    report(
      problem("dev.serverless.authorizer.issuer: undefined is missing", ISSUER_ALLOWED, "set dev.serverless.authorizer.issuer to the token issuer's URL"),
      problem('dev.serverless.authorizer.audiences: "client-a" is not a list', AUDIENCES_ALLOWED, `replace dev.serverless.authorizer.audiences with ${AUDIENCES_ALLOWED}`),
    ),
  ],
];

describe("bad edge.loadBalancer and serverless.authorizer input is refused with a report", () => {
  test.each(CASES)("%s", (_what, input, expected) => {
    expectRefused(harness.run(input), expected);
  });

  test("mistakes in both sections and in several environments are reported together", () => {
    const result = harness.run({
      mutate: (c) => {
        c.env.prod.edge = exampleEdge({ ...EXAMPLE_LOAD_BALANCER, deletionProtection: "disabled" });
        c.env.staging.serverless = { ...c.env.staging.serverless, authorizer: { issuer: "https://idp.example.com", audiences: [""] } };
      },
    });
    expectRefused(
      result,
      report(
        problem('staging.serverless.authorizer.audiences[0]: "" is empty', AUDIENCES_ALLOWED, "remove staging.serverless.authorizer.audiences[0] or set it to a client ID"),
        problem(
          'prod.edge.loadBalancer.deletionProtection: "disabled" lets a destroy or a replacement delete the production load balancer, and with it the backend\'s only way in',
          '"enabled" in production',
          'set prod.edge.loadBalancer.deletionProtection to "enabled"; disable it in a reviewed change just before a deliberate removal',
        ),
      ),
    );
  });
});

describe("valid input is accepted", () => {
  test("a load balancer and authorizers as the docs show them pass validation", () => {
    const c = copyConfig();
    c.env.dev.edge = exampleEdge({ ...EXAMPLE_LOAD_BALANCER, healthCheckPath: "/ready" });
    c.env.prod.edge = { ...exampleEdge({ ...EXAMPLE_LOAD_BALANCER, deletionProtection: "enabled" }), apiPathPattern: "/v1/*" };
    c.env.dev.serverless.authorizer = { issuer: "https://tenant.example.auth0.com/", audiences: ["client-a"] };
    c.env.prod.serverless.authorizer = { issuer: "https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Abc", audiences: ["x", "y"], identitySource: "$request.querystring.token" };
    expect(() => validateEnvironments(c.environments, c.shared, c.state)).not.toThrow();
  });

  test("certificates the environment brings pass: the distribution's from us-east-1, the listener's from the environment's region, both of its account", () => {
    const c = copyConfig();
    c.env.prod.edge = {
      ...c.env.prod.edge,
      domain: { ...c.env.prod.edge.domain, certificateArn: `arn:aws:acm:us-east-1:333333333333:certificate/${CERT_ID}` },
      loadBalancer: { ...c.env.prod.edge.loadBalancer, certificateArn: `arn:aws:acm:ap-southeast-2:333333333333:certificate/${CERT_ID}` },
    };
    expect(() => validateEnvironments(c.environments, c.shared, c.state)).not.toThrow();
  });
});
