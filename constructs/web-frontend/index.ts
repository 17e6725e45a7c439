/**
 * WebFrontend: the public entry of an environment (reference 001 "CloudFront -> S3", 003): a
 * CloudFront distribution serving the web build from a private S3 bucket and routing the API path
 * to the backend.
 *
 * - Bucket `<namePrefix>-web-<accountId>`: public access blocked, ACLs disabled, versioned, TLS
 *   only, SSE-KMS with a key of its own whose policy lets `cloudfront.amazonaws.com` decrypt only
 *   for this distribution (`AWS:SourceArn`), as an origin access control needs for SSE-KMS objects.
 *   The bucket policy lets CloudFront `s3:GetObject` for this distribution only; nothing else reads.
 * - Origin access control: SigV4, always signed.
 * - Default behaviour (the bucket): `index.html` as root object, the managed CachingOptimized
 *   policy, and a viewer-request CloudFront Function that rewrites extensionless paths
 *   (client-side routes such as `/chat/42`) to `/index.html`. A function rather than custom error
 *   responses for 403/404: error responses apply to every origin, so the API's own 403 and 404
 *   would come back as the web page with status 200.
 * - `/assets/*` (hashed file names from the build): a cache policy of a year, compressed.
 * - The API path (`/api/*` by default): to the HTTP API's execute-api host (or, when given, the
 *   load balancer's name INSTEAD), HTTPS only with TLS 1.2, every method, the managed
 *   CachingDisabled and AllViewerExceptHostHeader policies (the origin needs its own Host). A
 *   viewer-request function strips the path's prefix for the HTTP API (`/api/chat` -> `/chat`: its
 *   `$default` stage has `POST /chat`; a load balancer gets the path unchanged, its listener rule
 *   forwards the API path pattern itself) and sets the origin verification header
 *   (ORIGIN_VERIFY_HEADER) from the distribution's KeyValueStore (key ORIGIN_VERIFY_KVS_KEY),
 *   overwriting whatever the viewer sent. Terraform never writes that value (docs/edge.md).
 * - Every behaviour: redirect to HTTPS, a security headers policy (HSTS, nosniff, frame options
 *   DENY, referrer policy). HTTP/2 and HTTP/3, IPv6, the configured price class, the web ACL.
 * - TLS: with a certificate, its aliases and TLSv1.2_2021 as minimum; without, the default
 *   `*.cloudfront.net` certificate, for which CloudFront fixes the minimum at TLSv1.
 * - Access logs: CloudFront standard logging v2 through CloudWatch vended log delivery (delivery
 *   source, destination and delivery, in us-east-1) into a KMS-encrypted log group kept for a
 *   configured number of days: no log bucket with ACLs, which the legacy logging needs.
 */
import { Construct } from "constructs";
import { TerraformProvider, Token } from "cdktf";
import { CloudfrontCachePolicy } from "@cdktf/provider-aws/lib/cloudfront-cache-policy";
import { CloudfrontDistribution, CloudfrontDistributionOrderedCacheBehavior, CloudfrontDistributionViewerCertificate } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { CloudfrontFunction } from "@cdktf/provider-aws/lib/cloudfront-function";
import { CloudfrontKeyValueStore } from "@cdktf/provider-aws/lib/cloudfront-key-value-store";
import { CloudfrontOriginAccessControl } from "@cdktf/provider-aws/lib/cloudfront-origin-access-control";
import { CloudfrontResponseHeadersPolicy } from "@cdktf/provider-aws/lib/cloudfront-response-headers-policy";
import { CloudwatchLogDelivery } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery";
import { CloudwatchLogDeliveryDestination } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-destination";
import { CloudwatchLogDeliverySource } from "@cdktf/provider-aws/lib/cloudwatch-log-delivery-source";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { distributionCertificatePlacement, validateCertificateArn } from "../edge-domain";
import { EncryptionKey } from "../encryption-key";
import { lockDownBucket } from "../../lib/bucket-guard-rails";
import { LOG_RETENTION_DAYS } from "../../lib/config";
import { InlineGrants } from "../../lib/inline-grants";
import { policyName } from "../../lib/policy-name";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord, oneOf } from "../../lib/problems";
import { CLOUDFRONT_PRICE_CLASSES, CloudFrontPriceClass, DEFAULT_API_PATH_PATTERN, DEFAULT_LOAD_BALANCER_PATH_PATTERN, ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_KVS_KEY } from "../../lib/types/edge";

/** CloudFront's managed policies (IDs are the same in every account; AWS documents them). */
export const MANAGED_CACHE_POLICY = { cachingOptimized: "658327ea-f89d-4fab-a63d-7e88639e58f6", cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" } as const;
export const MANAGED_ORIGIN_REQUEST_POLICY = { allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac" } as const;
/** Route 53 hosted zone of every CloudFront distribution (alias records point at it). */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";
/** The path of the hashed build assets, cached for a year. */
export const ASSETS_PATH_PATTERN = "/assets/*";
/** Seconds hashed assets are cached (a year: their names change with their content). */
export const ASSETS_TTL_SECONDS = 31_536_000;
/** HSTS max-age: two years, as hstspreload.org asks. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;
/** Minimum TLS of viewers with a custom certificate. */
export const MINIMUM_PROTOCOL_VERSION = "TLSv1.2_2021";
/**
 * A path pattern the API behaviour accepts: `/<prefix>/*`, where the prefix is one or more path
 * segments of the characters CloudFront allows in path patterns, without wildcards (the API
 * function strips the prefix, so it must be literal).
 */
export const API_PATH_PATTERN = /^\/[A-Za-z0-9_.~@:+$&=-]+(?:\/[A-Za-z0-9_.~@:+$&=-]+)*\/\*$/;
/** A DNS name (no scheme, no path). */
const DNS_NAME = /^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** Days a replaced or deleted object version of the web build is kept (rollback window). */
const NONCURRENT_VERSION_DAYS = 30;

/** An HTTPS origin reached by its DNS name. */
export interface HttpsOrigin {
  /** DNS name of the origin, e.g. `abc123.execute-api.ap-southeast-2.amazonaws.com`. */
  readonly domainName: string;
}

/** A certificate in us-east-1 for the distribution's names. */
export interface DistributionCertificate {
  /** ARN of an issued ACM certificate in us-east-1 covering every alias. */
  readonly certificateArn: string;
  /** Names the distribution answers to, e.g. `["chat.example.com"]`. */
  readonly aliases: readonly string[];
}

/** Where the distribution's access logs go. */
export interface DistributionAccessLogs {
  /** Days the log group keeps them (a CloudWatch Logs retention value). */
  readonly retentionDays: number;
  /**
   * KMS key (in us-east-1) of the log group; its policy must let `logs.us-east-1.amazonaws.com`
   * use it for `accessLogGroupName(namePrefix)`.
   */
  readonly keyArn: string;
  /**
   * Provider in us-east-1: CloudFront's log delivery source exists only there.
   * @default - the scope's default provider (which must then be in us-east-1)
   */
  readonly provider?: TerraformProvider;
}

/** Name of the distribution's access log group (vended logs go under `/aws/vendedlogs/`). */
export function accessLogGroupName(namePrefix: string): string {
  return `/aws/vendedlogs/cloudfront/${namePrefix}`;
}

export interface WebFrontendProps {
  /** Prefix of every name, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Account of the bucket: part of its name, administers the key. */
  readonly accountId: string;
  /** Region of the bucket. */
  readonly region: string;
  /** CloudFront price class. */
  readonly priceClass: CloudFrontPriceClass;
  /**
   * Path pattern routed to the API, `/<prefix>/*`; the prefix is stripped before the origin.
   * @default "/api/*"
   */
  readonly apiPathPattern?: string;
  /** The HTTP API (its execute-api host; the `$default` stage). */
  readonly apiOrigin: HttpsOrigin;
  /**
   * A load balancer in front of a second backend (the EKS services), reached on
   * `loadBalancerPathPattern` (HTTPS only, to this name: its listener's certificate must cover it).
   * @default - none: only the HTTP API behind the edge
   */
  readonly loadBalancerOrigin?: HttpsOrigin;
  /**
   * Path pattern routed to `loadBalancerOrigin`, `/<prefix>/*`, forwarded with its prefix.
   * @default "/backend/*"
   */
  readonly loadBalancerPathPattern?: string;
  /**
   * ARN of a WAF web ACL of scope CLOUDFRONT.
   * @default - none
   */
  readonly webAclArn?: string;
  /**
   * Certificate and names; TLSv1.2_2021 as minimum.
   * @default - the default `*.cloudfront.net` certificate (CloudFront then fixes the minimum at TLSv1)
   */
  readonly certificate?: DistributionCertificate;
  /** Access logs. */
  readonly accessLogs: DistributionAccessLogs;
  /**
   * Let `terraform destroy` delete the bucket while it still holds the build (throw-away
   * environments only).
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/** What a routed path pattern (the API's, the load balancer's) may be. */
const BEHAVIOUR_PATTERN_ALLOWED = `"/<prefix>/*": a literal prefix of path segments (letters, digits and _ . ~ @ : + $ & = -), then "/*", at most 255 characters`;

/** A `/<prefix>/*` pattern a behaviour routes and whose prefix a function can strip. */
function isBehaviourPattern(pattern: unknown): pattern is string {
  return typeof pattern === "string" && pattern.length <= 255 && API_PATH_PATTERN.test(pattern);
}

/** Pure validation of WebFrontendProps: every problem at once, at `paths`. */
export function validateWebFrontendProps(props: WebFrontendProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  if (!(CLOUDFRONT_PRICE_CLASSES as readonly unknown[]).includes(props.priceClass)) {
    p.add("priceClass", props.priceClass, "is not a CloudFront price class", oneOf(CLOUDFRONT_PRICE_CLASSES), `set ${p.name("priceClass")} to "PriceClass_100" (North America, Europe, Israel) or "PriceClass_All"`);
  }
  const pattern = props.apiPathPattern;
  if (pattern !== undefined) {
    if (!isBehaviourPattern(pattern)) {
      p.add("apiPathPattern", pattern, "is not a path pattern the API behaviour can route", BEHAVIOUR_PATTERN_ALLOWED, `set ${p.name("apiPathPattern")} to e.g. "/api/*", or remove it for the default`);
    } else if (pattern === ASSETS_PATH_PATTERN) {
      p.add("apiPathPattern", pattern, "is the path of the web build's assets", `any "/<prefix>/*" but "${ASSETS_PATH_PATTERN}"`, `set ${p.name("apiPathPattern")} to e.g. "/api/*"`);
    }
  }
  const lbPattern = props.loadBalancerPathPattern;
  if (lbPattern !== undefined) {
    if (!isBehaviourPattern(lbPattern)) {
      p.add(
        "loadBalancerPathPattern",
        lbPattern,
        "is not a path pattern a behaviour can route",
        BEHAVIOUR_PATTERN_ALLOWED,
        `set ${p.name("loadBalancerPathPattern")} to e.g. "${DEFAULT_LOAD_BALANCER_PATH_PATTERN}", or remove it for the default`,
      );
    } else if (lbPattern === ASSETS_PATH_PATTERN || lbPattern === (props.apiPathPattern ?? DEFAULT_API_PATH_PATTERN)) {
      p.add(
        "loadBalancerPathPattern",
        lbPattern,
        lbPattern === ASSETS_PATH_PATTERN ? "is the path of the web build's assets" : "is the HTTP API's path as well",
        `any "/<prefix>/*" but "${ASSETS_PATH_PATTERN}" and the API's "${props.apiPathPattern ?? DEFAULT_API_PATH_PATTERN}"`,
        `set ${p.name("loadBalancerPathPattern")} to e.g. "${DEFAULT_LOAD_BALANCER_PATH_PATTERN}"`,
      );
    }
  }
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(isRecord(props.accessLogs) ? props.accessLogs.retentionDays : undefined)) {
    p.add("accessLogs.retentionDays", isRecord(props.accessLogs) ? props.accessLogs.retentionDays : undefined, "is not a retention CloudWatch Logs offers", oneOf(LOG_RETENTION_DAYS), `set ${p.name("accessLogs.retentionDays")} to e.g. 90 or 365`);
  }
  for (const [prop, origin] of [
    ["apiOrigin", props.apiOrigin],
    ["loadBalancerOrigin", props.loadBalancerOrigin],
  ] as const) {
    if (origin === undefined && prop === "loadBalancerOrigin") {
      continue;
    }
    const name = isRecord(origin) ? origin.domainName : undefined;
    if (typeof name !== "string" || (!Token.isUnresolved(name) && !DNS_NAME.test(name))) {
      p.add(`${prop}.domainName`, name, "is not a DNS name", "a host name without scheme or path, e.g. origin.chat.example.com", `pass the origin's host name as ${p.name(`${prop}.domainName`)}`);
    }
  }
  const cert = props.certificate;
  if (cert !== undefined) {
    const aliases: unknown = isRecord(cert) ? cert.aliases : undefined;
    const arnPath = p.path("certificate.certificateArn");
    if (arnPath !== undefined) {
      const covers = Array.isArray(aliases) && aliases.length > 0 && aliases.every((a) => typeof a === "string") ? aliases.join(", ") : "the distribution's aliases";
      const account = typeof props.accountId === "string" && /^\d{12}$/.test(props.accountId) ? { id: props.accountId, owner: "the distribution's account" } : undefined;
      const arn: unknown = isRecord(cert) ? cert.certificateArn : undefined;
      if (arn === undefined) {
        p.add("certificate.certificateArn", arn, "is missing", "the ARN of an issued ACM certificate in us-east-1 covering every alias", `pass the certificate's ARN as ${arnPath}, or leave out certificate for the default name`);
      }
      validateCertificateArn(problems, arnPath, arn, distributionCertificatePlacement(covers, account, `leave out ${p.name("certificate")} for the default *.cloudfront.net name`));
    }
    if (!Array.isArray(aliases) || aliases.length === 0) {
      p.add("certificate.aliases", aliases, "is not a non-empty list", "the names the certificate covers, e.g. [\"chat.example.com\"]", `list the distribution's names in ${p.name("certificate.aliases")}, or leave out certificate for the default name`);
    } else {
      aliases.forEach((a, i) => {
        if (typeof a !== "string" || (!Token.isUnresolved(a) && !DNS_NAME.test(a))) {
          p.add(`certificate.aliases[${i}]`, a, "is not a DNS name", "a host name, e.g. chat.example.com", `correct ${p.name(`certificate.aliases[${i}]`)}`);
        }
      });
    }
  }
  if (p.text("namePrefix", props.namePrefix, 'a name prefix such as "chatbot-dev"', "use the naming helper") && !/^[a-z0-9][a-z0-9-]{0,30}$/.test(props.namePrefix)) {
    p.add("namePrefix", props.namePrefix, "is not a usable name prefix", "1 to 31 lower-case letters, digits and hyphens (bucket, function and policy names derive from it)", 'use the naming helper, e.g. "chatbot-dev"');
  }
}

/** The API path's prefix the function strips: `/api/*` -> `/api`. */
export function apiPrefix(pattern: string): string {
  return pattern.slice(0, -2);
}

/** Code of the default behaviour's viewer-request function (cloudfront-js-2.0). */
export function spaRewriteCode(): string {
  return [
    "// Client-side routes: a path whose last segment has no file extension is the single-page app.",
    "function handler(event) {",
    "  var request = event.request;",
    "  var last = request.uri.split('/').pop();",
    "  if (request.uri !== '/' && last.indexOf('.') === -1) {",
    "    request.uri = '/index.html';",
    "  }",
    "  return request;",
    "}",
    "",
  ].join("\n");
}

/**
 * Code of the API behaviour's viewer-request function (cloudfront-js-2.0): sets the origin
 * verification header from the KeyValueStore, overwriting what the viewer sent, and strips
 * `prefix` from the path when given. Until the operator has put the key, the header is only
 * removed (the backend then refuses).
 */
export function apiRequestCode(prefix: string | undefined): string {
  return [
    "import cf from 'cloudfront';",
    // Without an ID: the store associated with the function (there is exactly one).
    "const kvs = cf.kvs();",
    `const PREFIX = ${prefix === undefined ? "null" : `'${prefix}'`};`,
    `const HEADER = '${ORIGIN_VERIFY_HEADER}';`,
    "async function handler(event) {",
    "  const request = event.request;",
    "  delete request.headers[HEADER];",
    "  try {",
    `    request.headers[HEADER] = { value: await kvs.get('${ORIGIN_VERIFY_KVS_KEY}') };`,
    "  } catch (err) {",
    "    // No token in the store yet (docs/edge.md): forward without the header.",
    "  }",
    "  if (PREFIX !== null && (request.uri === PREFIX || request.uri.startsWith(PREFIX + '/'))) {",
    "    request.uri = request.uri.slice(PREFIX.length) || '/';",
    "  }",
    "  return request;",
    "}",
    "",
  ].join("\n");
}

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const READ_METHODS = ["GET", "HEAD"];
const S3_ORIGIN_ID = "web";
const API_ORIGIN_ID = "api";
const LOAD_BALANCER_ORIGIN_ID = "backend";

export class WebFrontend extends Construct {
  /** The bucket of the web build. */
  public readonly bucket: S3Bucket;
  /** Physical name of the bucket, `<namePrefix>-web-<accountId>`. */
  public readonly bucketName: string;
  /** The key that encrypts the bucket. */
  public readonly key: EncryptionKey;
  /** The distribution. */
  public readonly distribution: CloudfrontDistribution;
  /** ID of the distribution (invalidations). */
  public readonly distributionId: string;
  /** ARN of the distribution. */
  public readonly distributionArn: string;
  /** `dxxxx.cloudfront.net`. */
  public readonly distributionDomainName: string;
  /** Hosted zone of the distribution's name, for alias records. */
  public readonly distributionHostedZoneId: string = CLOUDFRONT_HOSTED_ZONE_ID;
  /** The KeyValueStore holding the origin verification token (ORIGIN_VERIFY_KVS_KEY). */
  public readonly keyValueStore: CloudfrontKeyValueStore;
  /** ARN of the KeyValueStore (`aws cloudfront-keyvaluestore put-key --kvs-arn`). */
  public readonly keyValueStoreArn: string;
  /** Origin the API path goes to: the HTTP API or the load balancer. */
  public readonly apiOriginDomainName: string;
  /** The access log group (us-east-1). */
  public readonly accessLogGroup: CloudwatchLogGroup;

  private readonly namePrefix: string;
  private readonly region: string;
  private readonly grants = new InlineGrants(this);

  constructor(scope: Construct, id: string, props: WebFrontendProps) {
    super(scope, id);
    checkProps(`WebFrontend ${props.namePrefix}`, props, validateWebFrontendProps);
    const apiPathPattern = props.apiPathPattern ?? DEFAULT_API_PATH_PATTERN;
    this.namePrefix = props.namePrefix;
    this.region = props.region;
    const name = (part: string): string => `${props.namePrefix}-${part}`;

    this.bucketName = name(`web-${props.accountId}`);
    this.bucket = new S3Bucket(this, "Bucket", { bucket: this.bucketName, forceDestroy: props.forceDestroy ?? false });

    this.keyValueStore = new CloudfrontKeyValueStore(this, "OriginVerifyStore", {
      name: name("origin-verify"),
      comment: `Origin verification token of ${props.namePrefix} (key ${ORIGIN_VERIFY_KVS_KEY}; set out of band, docs/edge.md)`,
    });
    this.keyValueStoreArn = this.keyValueStore.arn;

    const spaRewrite = new CloudfrontFunction(this, "SpaRewrite", {
      name: name("spa-rewrite"),
      runtime: "cloudfront-js-2.0",
      comment: "Client-side routes to /index.html",
      publish: true,
      code: spaRewriteCode(),
    });
    // The HTTP API serves `POST /chat` on `$default`: its requests lose the prefix.
    const strippedPrefix = apiPrefix(apiPathPattern);
    const apiRequest = new CloudfrontFunction(this, "ApiRequest", {
      name: name("api-request"),
      runtime: "cloudfront-js-2.0",
      comment: `Sets ${ORIGIN_VERIFY_HEADER} from the KeyValueStore; strips ${strippedPrefix}`,
      publish: true,
      keyValueStoreAssociations: [this.keyValueStore.arn],
      code: apiRequestCode(strippedPrefix),
    });
    // The load balancer forwards only its path pattern (constructs/public-load-balancer): its
    // requests keep the prefix.
    const lbPathPattern = props.loadBalancerPathPattern ?? DEFAULT_LOAD_BALANCER_PATH_PATTERN;
    const backendRequest = props.loadBalancerOrigin
      ? new CloudfrontFunction(this, "BackendRequest", {
          name: name("backend-request"),
          runtime: "cloudfront-js-2.0",
          comment: `Sets ${ORIGIN_VERIFY_HEADER} from the KeyValueStore`,
          publish: true,
          keyValueStoreAssociations: [this.keyValueStore.arn],
          code: apiRequestCode(undefined),
        })
      : undefined;

    const originAccess = new CloudfrontOriginAccessControl(this, "OriginAccessControl", {
      name: name("web"),
      description: `CloudFront reads ${this.bucketName}`,
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const assetsCache = new CloudfrontCachePolicy(this, "AssetsCachePolicy", {
      name: name("assets"),
      comment: "Hashed build assets: a year, compressed, no cookies, headers or query strings",
      minTtl: 86_400,
      defaultTtl: ASSETS_TTL_SECONDS,
      maxTtl: ASSETS_TTL_SECONDS,
      parametersInCacheKeyAndForwardedToOrigin: {
        cookiesConfig: { cookieBehavior: "none" },
        headersConfig: { headerBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "none" },
        enableAcceptEncodingBrotli: true,
        enableAcceptEncodingGzip: true,
      },
    });
    const securityHeaders = new CloudfrontResponseHeadersPolicy(this, "SecurityHeaders", {
      name: name("security-headers"),
      comment: "HSTS, nosniff, frame options DENY, referrer policy",
      securityHeadersConfig: {
        strictTransportSecurity: { accessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, includeSubdomains: true, preload: false, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: "DENY", override: true },
        referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
      },
    });

    this.apiOriginDomainName = props.apiOrigin.domainName;
    const viewerCertificate: CloudfrontDistributionViewerCertificate = props.certificate
      ? { acmCertificateArn: props.certificate.certificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: MINIMUM_PROTOCOL_VERSION }
      : { cloudfrontDefaultCertificate: true };
    const api: CloudfrontDistributionOrderedCacheBehavior = {
      pathPattern: apiPathPattern,
      targetOriginId: API_ORIGIN_ID,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ALL_METHODS,
      cachedMethods: READ_METHODS,
      cachePolicyId: MANAGED_CACHE_POLICY.cachingDisabled,
      originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY.allViewerExceptHostHeader,
      responseHeadersPolicyId: securityHeaders.id,
      compress: true,
      functionAssociation: [{ eventType: "viewer-request", functionArn: apiRequest.arn }],
    };
    const backend: CloudfrontDistributionOrderedCacheBehavior | undefined = backendRequest
      ? { ...api, pathPattern: lbPathPattern, targetOriginId: LOAD_BALANCER_ORIGIN_ID, functionAssociation: [{ eventType: "viewer-request", functionArn: backendRequest.arn }] }
      : undefined;
    const assets: CloudfrontDistributionOrderedCacheBehavior = {
      pathPattern: ASSETS_PATH_PATTERN,
      targetOriginId: S3_ORIGIN_ID,
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: READ_METHODS,
      cachedMethods: READ_METHODS,
      cachePolicyId: assetsCache.id,
      responseHeadersPolicyId: securityHeaders.id,
      compress: true,
    };
    this.distribution = new CloudfrontDistribution(this, "Distribution", {
      enabled: true,
      comment: `Web frontend and API of ${props.namePrefix}`,
      defaultRootObject: "index.html",
      httpVersion: "http2and3",
      isIpv6Enabled: true,
      priceClass: props.priceClass,
      aliases: props.certificate ? [...props.certificate.aliases] : undefined,
      webAclId: props.webAclArn,
      origin: [
        { originId: S3_ORIGIN_ID, domainName: this.bucket.bucketRegionalDomainName, originAccessControlId: originAccess.id },
        {
          originId: API_ORIGIN_ID,
          domainName: this.apiOriginDomainName,
          customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
        ...(props.loadBalancerOrigin
          ? [
              {
                originId: LOAD_BALANCER_ORIGIN_ID,
                domainName: props.loadBalancerOrigin.domainName,
                customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
              },
            ]
          : []),
      ],
      defaultCacheBehavior: {
        targetOriginId: S3_ORIGIN_ID,
        viewerProtocolPolicy: "redirect-to-https",
        allowedMethods: READ_METHODS,
        cachedMethods: READ_METHODS,
        cachePolicyId: MANAGED_CACHE_POLICY.cachingOptimized,
        responseHeadersPolicyId: securityHeaders.id,
        compress: true,
        functionAssociation: [{ eventType: "viewer-request", functionArn: spaRewrite.arn }],
      },
      orderedCacheBehavior: backend ? [api, backend, assets] : [api, assets],
      restrictions: { geoRestriction: { restrictionType: "none" } },
      viewerCertificate,
    });
    this.distributionId = this.distribution.id;
    this.distributionArn = this.distribution.arn;
    this.distributionDomainName = this.distribution.domainName;

    // Bucket encryption: CloudFront decrypts through the origin access control for this
    // distribution only; the deploy role encrypts through S3 (grantDeploy).
    this.key = new EncryptionKey(this, "Key", {
      aliasName: name("web-frontend"),
      description: `Encrypts the web build of ${props.namePrefix} (${this.bucketName})`,
      accountId: props.accountId,
      serviceUsers: [
        {
          sid: "CloudFrontReadsThroughOriginAccessControl",
          servicePrincipal: "cloudfront.amazonaws.com",
          actions: ["kms:Decrypt"],
          conditions: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [this.distribution.arn] }],
        },
      ],
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "BucketEncryption", {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.keyArn }, bucketKeyEnabled: true }],
    });
    lockDownBucket(this, "Bucket", this.bucket, [
      {
        sid: "CloudFrontReadsThroughOriginAccessControl",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
        actions: ["s3:GetObject"],
        resources: [`${this.bucket.arn}/*`],
        condition: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [this.distribution.arn] }],
      },
    ]);
    new S3BucketLifecycleConfiguration(this, "BucketLifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "expire-old-builds",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    // Access logs: standard logging v2 (vended log delivery), in us-east-1 with the distribution's source.
    const logs = props.accessLogs;
    this.accessLogGroup = new CloudwatchLogGroup(this, "AccessLogGroup", {
      name: accessLogGroupName(props.namePrefix),
      retentionInDays: logs.retentionDays,
      kmsKeyId: logs.keyArn,
      provider: logs.provider,
    });
    const source = new CloudwatchLogDeliverySource(this, "AccessLogSource", {
      name: name("cloudfront"),
      logType: "ACCESS_LOGS",
      resourceArn: this.distribution.arn,
      provider: logs.provider,
    });
    const destination = new CloudwatchLogDeliveryDestination(this, "AccessLogDestination", {
      name: name("cloudfront-access-logs"),
      outputFormat: "json",
      deliveryDestinationConfiguration: [{ destinationResourceArn: this.accessLogGroup.arn }],
      provider: logs.provider,
    });
    new CloudwatchLogDelivery(this, "AccessLogDelivery", {
      deliverySourceName: source.name,
      deliveryDestinationArn: destination.arn,
      provider: logs.provider,
    });
  }

  /**
   * Lets `grantee` publish the web build and nothing more: `s3:ListBucket` on the bucket,
   * `s3:GetObject`, `PutObject`, `DeleteObject` under it, the key through S3 only, and
   * `cloudfront:CreateInvalidation` / `GetInvalidation` on this distribution. Returns the inline
   * policy it adds to the role; granting again returns that policy.
   */
  public grantDeploy(grantee: IamRole): IamRolePolicy {
    const existing = this.grants.existing(grantee, "deploy");
    if (existing) {
      return existing;
    }
    return this.grants.add(grantee, "deploy", "Deploy", policyName([this.namePrefix, "web-frontend", "deploy"]), [
      { sid: "ListBuild", effect: "Allow", actions: ["s3:ListBucket"], resources: [this.bucket.arn] },
      { sid: "SyncBuild", effect: "Allow", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [`${this.bucket.arn}/*`] },
      {
        sid: "EncryptBuild",
        effect: "Allow",
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [this.key.keyArn],
        condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`s3.${this.region}.amazonaws.com`] }],
      },
      { sid: "InvalidateDistribution", effect: "Allow", actions: ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"], resources: [this.distribution.arn] },
    ]);
  }
}
