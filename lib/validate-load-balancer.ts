/**
 * Validates `edge.loadBalancer` (the public ALB in front of the EKS backend, built by
 * constructs/public-load-balancer in `<env>-edge` and bound to the backend's Service by a
 * TargetGroupBinding in `<env>-apps`). The rest of the `edge` section has its own validator.
 */
import { EnvironmentConfig, EdgeLoadBalancerConfig } from "./config";
import { DEFAULT_APP_PORT } from "./defaults";
import { namePrefix } from "./naming";
import { Problems, isInt, isRecord, isText, oneOf, section } from "./problems";
import { isSupportedRegion } from "./regions";
import { DEFAULT_LOAD_BALANCER_PATH_PATTERN, loadBalancerOriginName } from "./types/edge";
import { validateCertificateArn } from "../constructs/edge-domain";
import { ALB_PATH_PATTERN, ALB_PATH_PATTERN_ALLOWED, validatePublicLoadBalancerProps } from "../constructs/public-load-balancer";
import { API_PATH_PATTERN } from "../constructs/web-frontend";

/** Whether `value` is an AWS account ID (12 digits): the only kind a certificate's account is compared with. */
function isAccountId(value: unknown): value is string {
  return typeof value === "string" && /^\d{12}$/.test(value);
}
/** A Kubernetes namespace name (DNS-1123 label). */
const NAMESPACE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A Kubernetes Service name (DNS-1035 label: also starts with a letter). */
const SERVICE_NAME = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const DELETION_PROTECTIONS = ["enabled", "disabled"] as const;
/** Longest health check path Elastic Load Balancing accepts. */
export const MAX_HEALTH_CHECK_PATH = 1024;
/** Access log retention bounds (an S3 lifecycle expiration in days; the same bounds as the data buckets' logs). */
export const MAX_ACCESS_LOG_RETENTION_DAYS = 36_500;

export function validateEdgeLoadBalancer(env: EnvironmentConfig, problems: Problems): void {
  if (!isRecord(env.edge)) {
    return; // no edge, or one the edge validator reports
  }
  const edge = env.edge;
  const base = `${env.name}.edge.loadBalancer`;
  const lb = section<EdgeLoadBalancerConfig>(problems, base, edge.loadBalancer, {
    allowed: "an EdgeLoadBalancerConfig { deletionProtection, backendService, accessLogRetentionDays, healthCheckPath? }",
    fix: `remove ${base}, or make it an object like the one in docs/load-balancer-and-auth.md`,
    optional: true,
  });
  if (!lb) {
    return;
  }
  const before = problems.list.length;

  if (edge.domain === undefined || edge.domain === null) {
    problems.add(
      `${env.name}.edge.domain`,
      edge.domain,
      `is missing, but ${base} is set: the load balancer's HTTPS listener needs a certificate for a name, and CloudFront reaches its origins by name`,
      "an EdgeDomainConfig { name, zone } whenever edge.loadBalancer is set",
      `add ${env.name}.edge.domain, or remove ${base}`,
    );
  }
  if (env.platform === undefined || env.platform === null) {
    problems.add(
      `${env.name}.platform`,
      env.platform,
      `is missing, but ${base} is set: the load balancer forwards to the backend in the EKS cluster`,
      "a PlatformConfig whenever edge.loadBalancer is set",
      `add a platform section to environments/${env.name}.ts, or remove ${base}`,
    );
  }

  const dp = lb.deletionProtection;
  if (!(DELETION_PROTECTIONS as readonly unknown[]).includes(dp)) {
    problems.add(`${base}.deletionProtection`, dp, dp === undefined || dp === null ? "is missing" : "is not a deletion protection setting", oneOf(DELETION_PROTECTIONS), `set ${base}.deletionProtection to "enabled" (production) or "disabled"`);
  } else if (env.criticality === "production" && dp !== "enabled") {
    problems.add(
      `${base}.deletionProtection`,
      dp,
      "lets a destroy or a replacement delete the production load balancer, and with it the backend's only way in",
      '"enabled" in production',
      `set ${base}.deletionProtection to "enabled"; disable it in a reviewed change just before a deliberate removal`,
    );
  }

  const path = lb.healthCheckPath;
  if (isText(problems, `${base}.healthCheckPath`, path, { allowed: `a path starting with '/', at most ${MAX_HEALTH_CHECK_PATH} characters`, fix: `remove ${base}.healthCheckPath for "/healthz"`, optional: true }) && (!path.startsWith("/") || path.length > MAX_HEALTH_CHECK_PATH)) {
    problems.add(`${base}.healthCheckPath`, path, path.startsWith("/") ? `is ${path.length} characters long` : "does not start with '/'", `a path starting with '/', at most ${MAX_HEALTH_CHECK_PATH} characters`, `set ${base}.healthCheckPath to the backend's health endpoint, or remove it for "/healthz" (reference 003)`);
  }

  const svcBase = `${base}.backendService`;
  const svc = section(problems, svcBase, lb.backendService, {
    allowed: "{ namespace, name, port }: the Kubernetes Service of the backend",
    fix: `set ${svcBase} to e.g. { namespace: "chatbot", name: "chatbot-backend", port: 80 }`,
  });
  if (svc) {
    const appNamespaces = isRecord(env.platform) && isRecord(env.platform.apps) && Array.isArray(env.platform.apps.namespaces) ? env.platform.apps.namespaces.filter(isRecord).map((n) => n.name) : [];
    const nsAllowed = `a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters) listed in ${env.name}.platform.apps.namespaces${appNamespaces.length > 0 ? ` (${appNamespaces.map((n) => JSON.stringify(n)).join(", ")})` : ""}`;
    if (isText(problems, `${svcBase}.namespace`, svc.namespace, { allowed: nsAllowed, fix: `set ${svcBase}.namespace to the backend's namespace` })) {
      if (!NAMESPACE_NAME.test(svc.namespace)) {
        problems.add(`${svcBase}.namespace`, svc.namespace, "is not a Kubernetes namespace name", nsAllowed, `set ${svcBase}.namespace to the backend's namespace`);
      } else if (isRecord(env.platform) && !appNamespaces.includes(svc.namespace)) {
        problems.add(`${svcBase}.namespace`, svc.namespace, `is not one of ${env.name}'s application namespaces`, nsAllowed, `set ${svcBase}.namespace to one of ${env.name}.platform.apps.namespaces (the backend's is the first), or add the namespace there`);
      }
    }
    const nameAllowed = "a DNS-1035 label (lower-case letters, digits and '-', starting with a letter, at most 63 characters)";
    if (isText(problems, `${svcBase}.name`, svc.name, { allowed: nameAllowed, fix: `set ${svcBase}.name to the backend Service's name` }) && !SERVICE_NAME.test(svc.name)) {
      problems.add(`${svcBase}.name`, svc.name, "is not a Kubernetes Service name", nameAllowed, `set ${svcBase}.name to the backend Service's name, e.g. "chatbot-backend"`);
    }
    if (!isInt(svc.port, 1, 65535)) {
      problems.add(`${svcBase}.port`, svc.port, typeof svc.port === "number" ? "is not a TCP port" : svc.port === undefined ? "is missing" : "is not a number", "an integer from 1 to 65535: the Service's port (its targetPort must be the network's appPort)", `set ${svcBase}.port to the backend Service's port, e.g. 80`);
    }
  }

  // The path pattern is both a CloudFront behaviour (checked with the rest of the edge section)
  // and the load balancer's forwarding rule, whose patterns are narrower: only a pattern CloudFront
  // routes but the rule cannot take is reported here, so none is reported twice.
  const pattern: unknown = isRecord(edge.loadBalancer) ? edge.loadBalancer.pathPattern : undefined;
  if (typeof pattern === "string" && API_PATH_PATTERN.test(pattern) && !ALB_PATH_PATTERN.test(pattern)) {
    problems.add(`${base}.pathPattern`, pattern, "is not a path pattern the load balancer's forwarding rule accepts", ALB_PATH_PATTERN_ALLOWED, `set ${base}.pathPattern to e.g. "${DEFAULT_LOAD_BALANCER_PATH_PATTERN}"`);
  }

  // A certificate the environment brings: the listener's region is the environment's, and
  // neither a listener nor CloudFront's origin check can use another account's certificate.
  // An environment region or account that is itself wrong is reported with the environment, and
  // is not compared with.
  const domainName: unknown = isRecord(edge.domain) ? edge.domain.name : undefined;
  validateCertificateArn(problems, `${base}.certificateArn`, lb.certificateArn, {
    usedBy: "a load balancer listener",
    covers: loadBalancerOriginName(typeof domainName === "string" ? domainName : "<edge.domain.name>"),
    region: isSupportedRegion(env.region) ? { name: env.region, reason: `an ALB listener only takes certificates from its own region, ${env.region}` } : undefined,
    account: isAccountId(env.accountId) ? { id: env.accountId, owner: `${env.name}'s account` } : undefined,
  });

  if (!isInt(lb.accessLogRetentionDays, 1, MAX_ACCESS_LOG_RETENTION_DAYS)) {
    problems.add(`${base}.accessLogRetentionDays`, lb.accessLogRetentionDays, "is not a number of days", `an integer from 1 to ${MAX_ACCESS_LOG_RETENTION_DAYS} (the S3 lifecycle expiration of the access logs)`, `set ${base}.accessLogRetentionDays to e.g. 90`);
  }

  // The construct's own rules, on what the edge stack would pass it; only on a section that passed
  // the rules above, so nothing is reported twice. Placement, names and the certificate come from
  // other stacks, the path pattern from the edge section (null: not reported here).
  if (problems.list.length === before) {
    const appPort = isRecord(env.network) && isInt(env.network.appPort, 1, 65535) ? (env.network.appPort as number) : DEFAULT_APP_PORT;
    validatePublicLoadBalancerProps(
      {
        namePrefix: namePrefix(env.name),
        accountId: env.accountId,
        vpcId: "vpc-planned",
        publicSubnetIds: ["subnet-planned-a", "subnet-planned-b"],
        targetSubnetCidrs: ["10.0.0.0/20"],
        targetPort: appPort,
        // Created in the stack, or the environment's own (checked above).
        certificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/planned",
        apiPathPatterns: [typeof lb.pathPattern === "string" ? lb.pathPattern : DEFAULT_LOAD_BALANCER_PATH_PATTERN],
        healthCheckPath: lb.healthCheckPath,
        deletionProtection: lb.deletionProtection,
        accessLogRetentionDays: lb.accessLogRetentionDays,
      },
      problems,
      {
        base,
        props: {
          namePrefix: null,
          accountId: null,
          vpcId: null,
          publicSubnetIds: null,
          targetSubnetCidrs: null,
          targetPort: null,
          certificateArn: null,
          // Checked above and by the edge validator (CloudFront's rules).
          apiPathPatterns: null,
        },
      },
    );
  }
}
