/**
 * EdgeDomain: an environment's custom domain (reference 002/003, Route 53 + ACM):
 *
 * - the public hosted zone: an existing one used by its ID (no look-up, so a plan needs no
 *   network call for it), or one created here whose name servers the parent zone must delegate to;
 * - an ACM certificate for the domain in us-east-1 (CloudFront only takes certificates from
 *   there, through `certificateProvider`), validated by DNS: one validation record (the domain
 *   names are known at synth, one name per certificate, so no `for_each`) and an
 *   `aws_acm_certificate_validation` that waits until ACM has issued it;
 * - optionally a REGIONAL certificate (the scope's default provider: the environment's region)
 *   for an origin name such as `origin.chat.example.com`, for a load balancer's HTTPS listener,
 *   validated the same way;
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
import { Problems, isRecord } from "../../lib/problems";
import type { HostedZoneSource } from "../../lib/types/edge";

export type { HostedZoneSource } from "../../lib/types/edge";

/** A Route 53 hosted zone ID (as the console and the API show it, without `/hostedzone/`). */
export const HOSTED_ZONE_ID_PATTERN = /^Z[A-Z0-9]+$/;
/** A DNS name: labels of letters, digits and '-', at least one dot. */
export const DNS_NAME_PATTERN = /^(?=.{4,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
/** TTL of the certificate validation records, in seconds. */
const VALIDATION_TTL = 300;

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
   * Provider in us-east-1 for the distribution's certificate.
   * @default - the scope's default provider (which must then be in us-east-1)
   */
  readonly certificateProvider?: TerraformProvider;
  /**
   * A name inside the zone for an origin behind CloudFront (e.g. `origin.chat.example.com`):
   * creates a regional certificate for it (the scope's default provider), for a load balancer's
   * listener; `aliasOriginTo` then points it at the load balancer.
   * @default - none
   */
  readonly originName?: string;
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
  /** ARN of the issued us-east-1 certificate for the domain (the distribution's). */
  public readonly certificateArn: string;
  /** The origin name, when asked for. */
  public readonly originName?: string;
  /** ARN of the issued regional certificate for the origin name (a load balancer's listener). */
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
    this.certificateArn = validatedCertificate(this, "Distribution", props.domainName, this.zoneId, props.certificateProvider).certificateArn;
    if (props.originName !== undefined) {
      this.originName = props.originName;
      this.originCertificateArn = validatedCertificate(this, "Origin", props.originName, this.zoneId, undefined).certificateArn;
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
