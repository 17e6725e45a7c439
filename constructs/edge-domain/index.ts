/**
 * EdgeDomain: an environment's custom domain (reference 002/003, Route 53 + ACM):
 *
 * - the public hosted zone: an existing one used by its ID (no look-up, so a plan needs no
 *   network call for it), or one created here whose name servers the parent zone must delegate to;
 * - an ACM certificate for the domain in us-east-1 (CloudFront only takes certificates from
 *   there, through `certificateProvider`), validated by DNS: one validation record (the domain
 *   names are known at synth, one name per certificate, so no `for_each`) and an
 *   `aws_acm_certificate_validation` that waits until ACM has issued it; or none of these when
 *   the caller brings an issued certificate (`certificateArn`, e.g. issued centrally);
 * - optionally a REGIONAL certificate (the scope's default provider: the environment's region)
 *   for an origin name such as `origin.chat.example.com`, for a load balancer's HTTPS listener,
 *   validated the same way, or the caller's (`originCertificateArn`);
 * - alias A and AAAA records on demand: `aliasTo` for the domain (the distribution),
 *   `aliasOriginTo` for the origin name (the load balancer), each to a target's DNS name and zone.
 *
 * ACM's DNS validation only completes once the zone answers publicly: a created zone must be
 * delegated before the first apply can finish (docs/edge.md).
 */
import { Construct } from "constructs";
import { TerraformProvider, Token } from "cdktf";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { Problems, isRecord, wrongType } from "../../lib/problems";
import { CLOUDFRONT_REGION, HostedZoneSource } from "../../lib/types/edge";

export type { HostedZoneSource } from "../../lib/types/edge";

/** A Route 53 hosted zone ID (as the console and the API show it, without `/hostedzone/`). */
export const HOSTED_ZONE_ID_PATTERN = /^Z[A-Z0-9]+$/;
/** A DNS name: labels of letters, digits and '-', at least one dot. */
export const DNS_NAME_PATTERN = /^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** TTL of the certificate validation records, in seconds. */
const VALIDATION_TTL = 300;
/**
 * An ACM certificate ARN: `arn:<partition>:acm:<region>:<12-digit account>:certificate/<uuid>`
 * (ACM's certificate IDs are lower-case UUIDs). Groups: partition, region, account, ID.
 */
export const ACM_CERTIFICATE_ARN_PATTERN = /^arn:(aws(?:-[a-z]+)*):acm:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):certificate\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The parts of an ACM certificate ARN. */
export interface AcmCertificateArnParts {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly certificateId: string;
}

/** The parts of `arn`, or undefined when it is not an ACM certificate ARN. */
export function parseAcmCertificateArn(arn: unknown): AcmCertificateArnParts | undefined {
  const m = typeof arn === "string" ? ACM_CERTIFICATE_ARN_PATTERN.exec(arn) : null;
  return m ? { partition: m[1], region: m[2], accountId: m[3], certificateId: m[4] } : undefined;
}

/** Where an existing certificate must be, to be used where it is given. */
export interface CertificatePlacement {
  /** The service that presents it, for the reports: `CloudFront`, `an ALB listener`. */
  readonly usedBy: string;
  /** The name it must cover, e.g. `chat.example.com` (for the reports). */
  readonly covers: string;
  /**
   * The region it must be in, and why no other: e.g. `CloudFront only accepts ACM certificates
   * from us-east-1`.
   * @default - not checked (the caller does not know the region)
   */
  readonly region?: { readonly name: string; readonly reason: string };
  /**
   * The account it must belong to, and whose it is (`prod's account`).
   * @default - not checked
   */
  readonly account?: { readonly id: string; readonly owner: string };
  /**
   * The other way out the fixes offer, after "or ": e.g. `leave out certificate for the default name`.
   * @default - removing the field, to have a certificate created and validated by DNS in the zone
   */
  readonly otherwise?: string;
}

/**
 * Checks an existing certificate's ARN at `path`: an ACM certificate ARN, in the placement's
 * region and account (ACM certificates are regional and cannot be used across accounts by
 * CloudFront or a load balancer). Undefined passes (none given); a token is not judged (known at
 * apply). Whether it is issued and covers the name is only known to ACM at apply time.
 */
export function validateCertificateArn(problems: Problems, path: string, arn: unknown, where: CertificatePlacement): void {
  if (arn === undefined || Token.isUnresolved(arn)) {
    return;
  }
  const region = where.region?.name ?? "<region>";
  const account = where.account?.id ?? "<12-digit account>";
  const allowed = `the ARN of an issued ACM certificate covering ${where.covers}${where.region ? ` in ${where.region.name}` : ""}${where.account ? ` of ${where.account.owner} ${where.account.id}` : ""}: arn:aws:acm:${region}:${account}:certificate/<uuid>`;
  const instead = `or ${where.otherwise ?? `remove ${path} to have one created and validated by DNS in the zone`}`;
  if (typeof arn !== "string") {
    wrongType(problems, path, arn, "a string", { allowed, fix: `set ${path} to the certificate's ARN, ${instead}` });
    return;
  }
  const parts = parseAcmCertificateArn(arn);
  if (parts === undefined) {
    problems.add(path, arn, "is not an ACM certificate ARN", allowed, `set ${path} to the certificate's ARN as \`aws acm list-certificates${where.region ? ` --region ${where.region.name}` : ""}\` prints it, ${instead}`);
    return;
  }
  if (where.region && parts.region !== where.region.name) {
    problems.add(
      path,
      arn,
      `is a certificate in ${parts.region}, but ${where.region.reason}`,
      allowed,
      `request or import a certificate for ${where.covers} in ${where.region.name}${where.account ? ` (account ${where.account.id})` : ""} and set ${path} to its ARN, ${instead}`,
    );
  }
  if (where.account && parts.accountId !== where.account.id) {
    problems.add(
      path,
      arn,
      `is a certificate of account ${parts.accountId}, not of ${where.account.owner} ${where.account.id}: ${where.usedBy} cannot use an ACM certificate of another account`,
      allowed,
      `request or import a certificate for ${where.covers} in account ${where.account.id}${where.region ? ` (${where.region.name})` : ""} and set ${path} to its ARN, ${instead}`,
    );
  }
}

/** Where the distribution's certificate must be: us-east-1, whatever the environment's region. */
export function distributionCertificatePlacement(domainName: string, account?: CertificatePlacement["account"], otherwise?: string): CertificatePlacement {
  return {
    usedBy: "CloudFront",
    covers: domainName,
    region: { name: CLOUDFRONT_REGION, reason: `CloudFront only accepts ACM certificates from ${CLOUDFRONT_REGION}` },
    account,
    otherwise,
  };
}

/** Whether `name` is `zone` itself or a name inside it (case-insensitive, no trailing dot). */
export function isInZone(name: string, zone: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, "");
  const z = zone.toLowerCase().replace(/\.$/, "");
  return n === z || n.endsWith(`.${z}`);
}

/** What an alias record points at. */
export interface AliasTarget {
  /** DNS name of the target, e.g. the distribution's `dxxxx.cloudfront.net` or an ALB's name. */
  readonly dnsName: string;
  /** Route 53 hosted zone ID of the target (CloudFront: Z2FDTNDATAQYW2; an ALB: its `zone_id`). */
  readonly zoneId: string;
}

export interface EdgeDomainProps {
  /** The name users open, e.g. `chat.example.com`: the zone's name or inside it. */
  readonly domainName: string;
  /** The public hosted zone the records go into. */
  readonly zone: HostedZoneSource;
  /**
   * Provider in us-east-1 for the distribution's certificate (unused with `certificateArn`).
   * @default - the scope's default provider (which must then be in us-east-1)
   */
  readonly certificateProvider?: TerraformProvider;
  /**
   * ARN of an existing, issued ACM certificate in us-east-1 covering `domainName`, used instead of
   * creating one: no certificate, validation record or validation wait is created for it.
   * @default - a certificate is created and validated by DNS in the zone
   */
  readonly certificateArn?: string;
  /**
   * A name inside the zone for an origin behind CloudFront (e.g. `origin.chat.example.com`):
   * creates a regional certificate for it (the scope's default provider), for a load balancer's
   * listener; `aliasOriginTo` then points it at the load balancer.
   * @default - none
   */
  readonly originName?: string;
  /**
   * ARN of an existing, issued ACM certificate in the load balancer's region covering
   * `originName`, used instead of creating one (needs `originName`).
   * @default - a certificate is created and validated by DNS in the zone
   */
  readonly originCertificateArn?: string;
}

/** Pure validation of EdgeDomainProps: every problem at once, at `paths`. */
export function validateEdgeDomainProps(props: EdgeDomainProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const domainOk = p.text("domainName", props.domainName, "a DNS name, e.g. chat.example.com", "set the domain users open, e.g. chat.example.com") && (Token.isUnresolved(props.domainName) || DNS_NAME_PATTERN.test(props.domainName));
  if (typeof props.domainName === "string" && !domainOk) {
    p.add("domainName", props.domainName, "is not a DNS name", "labels of letters, digits and '-' separated by dots, e.g. chat.example.com", `correct ${p.name("domainName")}`);
  }
  const zone: unknown = props.zone;
  if (!isRecord(zone)) {
    p.add("zone", zone, zone === undefined ? "is missing" : "is not an object", '{ kind: "existing", zoneId, zoneName } or { kind: "create", zoneName }', `set ${p.name("zone")} to the hosted zone the records go into`);
    return;
  }
  if (zone.kind !== "existing" && zone.kind !== "create") {
    p.add("zone.kind", zone.kind, "is not a zone source", '"existing" (a zone that exists: zoneId and zoneName) or "create" (a zone created here)', `set ${p.name("zone.kind")} to "existing" or "create"`);
  }
  const zoneName = zone.zoneName;
  const zoneNameOk = typeof zoneName === "string" && DNS_NAME_PATTERN.test(zoneName.replace(/\.$/, ""));
  if (!zoneNameOk) {
    p.add("zone.zoneName", zoneName, typeof zoneName === "string" ? "is not a DNS name" : zoneName === undefined ? "is missing" : "is not a string", "the zone's DNS name, e.g. example.com", `set ${p.name("zone.zoneName")} to the name of the hosted zone`);
  }
  if (zone.kind === "existing") {
    const id = zone.zoneId;
    if (typeof id !== "string" || !HOSTED_ZONE_ID_PATTERN.test(id)) {
      p.add(
        "zone.zoneId",
        id,
        "is not a Route 53 hosted zone ID",
        '"Z" followed by upper-case letters and digits, e.g. "Z0123456789ABCDEFGHIJ" (without "/hostedzone/")',
        `set ${p.name("zone.zoneId")} to the ID of aws route53 list-hosted-zones-by-name --dns-name ${zoneNameOk ? zoneName : "<zone name>"}`,
      );
    }
  }
  if (domainOk && zoneNameOk && !Token.isUnresolved(props.domainName) && !isInZone(props.domainName, zoneName as string)) {
    p.add("domainName", props.domainName, `is outside the zone ${zoneName}: its records could not be created there`, `${zoneName} or a name ending in .${zoneName}`, `set ${p.name("domainName")} to a name in ${zoneName}, or ${p.name("zone")} to the zone of ${props.domainName}`);
  }
  // Only the rules the construct knows: the ARN's shape and CloudFront's region. The account,
  // and the origin certificate's region (the default provider's), are the caller's to check
  // (lib/validate-edge.ts and lib/validate-load-balancer.ts do, with the environment's).
  const certificatePath = p.path("certificateArn");
  if (certificatePath !== undefined) {
    validateCertificateArn(problems, certificatePath, props.certificateArn, distributionCertificatePlacement(typeof props.domainName === "string" ? props.domainName : "the domain"));
  }
  const originCertificatePath = p.path("originCertificateArn");
  if (originCertificatePath !== undefined) {
    validateCertificateArn(problems, originCertificatePath, props.originCertificateArn, { usedBy: "a load balancer listener", covers: typeof props.originName === "string" ? props.originName : "the origin name" });
    if (props.originCertificateArn !== undefined && props.originName === undefined) {
      p.add("originCertificateArn", props.originCertificateArn, "is set without originName: there is no origin for it to serve", "an originCertificateArn only together with originName", `pass originName (e.g. origin.${props.domainName}), or remove ${p.name("originCertificateArn")}`);
    }
  }
  const origin = props.originName;
  if (origin !== undefined) {
    if (typeof origin !== "string" || !DNS_NAME_PATTERN.test(origin)) {
      p.add("originName", origin, "is not a DNS name", "a DNS name in the zone, e.g. origin.chat.example.com", `correct ${p.name("originName")}`);
    } else if (zoneNameOk && !isInZone(origin, zoneName as string)) {
      p.add("originName", origin, `is outside the zone ${zoneName}`, `a name ending in .${zoneName}`, `set ${p.name("originName")} to a name in ${zoneName}, e.g. origin.${props.domainName}`);
    } else if (typeof props.domainName === "string" && origin.toLowerCase() === props.domainName.toLowerCase()) {
      p.add("originName", origin, "is the domain itself, which points at the distribution", "another name in the zone", `set ${p.name("originName")} to e.g. origin.${props.domainName}`);
    }
  }
}

/** A DNS-validated certificate: the certificate, its one validation record, and the wait for it. */
function validatedCertificate(scope: Construct, id: string, domainName: string, zoneId: string, provider: TerraformProvider | undefined): AcmCertificateValidation {
  const certificate = new AcmCertificate(scope, `${id}Certificate`, {
    domainName,
    validationMethod: "DNS",
    keyAlgorithm: "EC_prime256v1",
    lifecycle: { createBeforeDestroy: true },
    provider,
  });
  // One name per certificate: its validation options hold exactly one entry.
  const option = certificate.domainValidationOptions.get(0);
  const record = new Route53Record(scope, `${id}ValidationRecord`, {
    zoneId,
    name: option.resourceRecordName,
    type: option.resourceRecordType,
    records: [option.resourceRecordValue],
    ttl: VALIDATION_TTL,
    allowOverwrite: true,
  });
  return new AcmCertificateValidation(scope, `${id}Validation`, {
    certificateArn: certificate.arn,
    validationRecordFqdns: [record.fqdn],
    provider,
  });
}

export class EdgeDomain extends Construct {
  /** The domain users open. */
  public readonly domainName: string;
  /** ID of the hosted zone (created or existing). */
  public readonly zoneId: string;
  /** The zone, when created here. */
  public readonly zone?: Route53Zone;
  /** Name servers of a created zone (to delegate to); undefined for an existing zone. */
  public readonly nameServers?: string[];
  /**
   * ARN of the issued us-east-1 certificate for the domain (the distribution's): the created one
   * once validated, or the given `certificateArn`.
   */
  public readonly certificateArn: string;
  /** The origin name, when asked for. */
  public readonly originName?: string;
  /**
   * ARN of the issued regional certificate for the origin name (a load balancer's listener): the
   * created one once validated, or the given `originCertificateArn`.
   */
  public readonly originCertificateArn?: string;

  constructor(scope: Construct, id: string, props: EdgeDomainProps) {
    super(scope, id);
    checkProps(`EdgeDomain ${props.domainName}`, props, validateEdgeDomainProps);
    this.domainName = props.domainName;
    if (props.zone.kind === "create") {
      this.zone = new Route53Zone(this, "Zone", { name: props.zone.zoneName, comment: `Public zone of ${props.domainName}`, forceDestroy: false });
      this.zoneId = this.zone.zoneId;
      this.nameServers = this.zone.nameServers;
    } else {
      this.zoneId = props.zone.zoneId;
    }
    this.certificateArn = props.certificateArn ?? validatedCertificate(this, "Distribution", props.domainName, this.zoneId, props.certificateProvider).certificateArn;
    if (props.originName !== undefined) {
      this.originName = props.originName;
      this.originCertificateArn = props.originCertificateArn ?? validatedCertificate(this, "Origin", props.originName, this.zoneId, undefined).certificateArn;
    }
  }

  /** Alias A and AAAA records for the domain, to `target` (the distribution). */
  public aliasTo(target: AliasTarget): Route53Record[] {
    return this.alias("Domain", this.domainName, target);
  }

  /** Alias A and AAAA records for the origin name, to `target` (the load balancer). */
  public aliasOriginTo(target: AliasTarget): Route53Record[] {
    if (this.originName === undefined) {
      throw new Error(`EdgeDomain ${this.domainName}: aliasOriginTo needs originName; pass originName (e.g. origin.${this.domainName}) to the construct`);
    }
    return this.alias("Origin", this.originName, target);
  }

  private alias(id: string, name: string, target: AliasTarget): Route53Record[] {
    return (["A", "AAAA"] as const).map(
      (type) =>
        new Route53Record(this, `${id}Alias${type}`, {
          zoneId: this.zoneId,
          name,
          type,
          alias: { name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth: false },
        }),
    );
  }
}
