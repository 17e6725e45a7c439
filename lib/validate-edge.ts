/**
 * Validation of an environment's `edge` section (`<env>-edge`, docs/edge.md), before any construct
 * exists: the rules of the constructs the edge stack builds from it (WebFrontend, WebAcl,
 * EdgeDomain), run through their exported validators at the config's paths, plus what only the
 * configuration decides (the access logs' retention, and that a certificate the environment
 * brings is in us-east-1 and in the environment's account). `edge.loadBalancer`, with the domain and the
 * cluster it needs, belongs to lib/validate-load-balancer.ts.
 *
 * Not a rule, on purpose: production may run a managed rule group or the rate rule in `count`.
 * Counting a new rule on real traffic before blocking with it is how WAF rules are introduced
 * (issue #15: "count-mode for a new rule before block"), and production traffic is the only one
 * that shows a rule's false positives; docs/edge.md says to review the count metrics and switch.
 */
import { distributionCertificatePlacement, validateCertificateArn, validateEdgeDomainProps } from "../constructs/edge-domain";
import { validateWebAclProps } from "../constructs/web-acl";
import { validateWebFrontendProps } from "../constructs/web-frontend";
import { EdgeConfig, EnvironmentConfig, LOG_RETENTION_DAYS, WebAclConfig } from "./config";
import { namePrefix } from "./naming";
import { Problems, oneOf, section } from "./problems";
import type { EdgeDomainConfig } from "./types/edge";

export function validateEdge(problems: Problems, env: EnvironmentConfig): void {
  const base = `${env.name}.edge`;
  const edge = section<EdgeConfig>(problems, base, env.edge, {
    allowed: "an EdgeConfig object",
    fix: `add an edge section to environments/${env.name}.ts`,
    replace: `make ${base} an object like the edge section of prod.ts, or remove it`,
    optional: true,
  });
  if (edge === undefined) {
    return;
  }
  const prefix = namePrefix(env.name);

  validateWebFrontendProps(
    {
      namePrefix: prefix,
      accountId: env.accountId,
      region: env.region,
      priceClass: edge.priceClass,
      apiPathPattern: edge.apiPathPattern,
      apiOrigin: { domainName: "api.execute-api.example.com" },
      // A section of the wrong shape is reported by the load balancer's validator.
      loadBalancerPathPattern: typeof edge.loadBalancer === "object" && edge.loadBalancer !== null ? edge.loadBalancer.pathPattern : undefined,
      accessLogs: { retentionDays: edge.accessLogRetentionDays, keyArn: "<logs key>" },
    },
    problems,
    { base, props: { namePrefix: null, accountId: null, region: null, apiOrigin: null, loadBalancerOrigin: null, loadBalancerPathPattern: `${base}.loadBalancer.pathPattern`, webAclArn: null, certificate: null, accessLogs: null, forceDestroy: null } },
  );
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(edge.accessLogRetentionDays)) {
    problems.add(`${base}.accessLogRetentionDays`, edge.accessLogRetentionDays, "is not a retention CloudWatch Logs offers", oneOf(LOG_RETENTION_DAYS), `set ${base}.accessLogRetentionDays to e.g. 90 or 365`);
  }

  const waf = section<WebAclConfig>(problems, `${base}.waf`, edge.waf, {
    allowed: "a WebAclConfig object",
    fix: `add a waf section to ${base}, e.g. { rateLimitPerIp: 2000, rateLimitMode: "count", logRetentionDays: 365 }`,
  });
  if (waf) {
    validateWebAclProps({ ...waf, namePrefix: prefix, logsKeyArn: "<logs key>" }, problems, { base: `${base}.waf`, props: { namePrefix: null, logsKeyArn: null, provider: null } });
  }

  const domain = section<EdgeDomainConfig>(problems, `${base}.domain`, edge.domain, {
    allowed: "an EdgeDomainConfig object ({ name, zone })",
    fix: `remove ${base}.domain for the default *.cloudfront.net name`,
    optional: true,
  });
  if (domain) {
    // The certificate's ARN is checked below, with the environment's account as well; the origin
    // name and its certificate come from edge.loadBalancer (lib/validate-load-balancer.ts).
    validateEdgeDomainProps(
      { domainName: domain.name, zone: domain.zone },
      problems,
      { base: `${base}.domain`, props: { domainName: `${base}.domain.name`, certificateProvider: null, certificateArn: null, originName: null, originCertificateArn: null } },
    );
    validateCertificateArn(
      problems,
      `${base}.domain.certificateArn`,
      domain.certificateArn,
      // An account ID that is itself wrong is reported with the environment, not compared with.
      distributionCertificatePlacement(typeof domain.name === "string" ? domain.name : `${base}.domain.name`, typeof env.accountId === "string" && /^\d{12}$/.test(env.accountId) ? { id: env.accountId, owner: `${env.name}'s account` } : undefined),
    );
  }
  // edge.loadBalancer (and the domain and platform it needs) is checked by lib/validate-load-balancer.ts.
}
