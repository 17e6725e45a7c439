import { Lazy, Testing } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EdgeDomain, EdgeDomainProps, isInZone, parseAcmCertificateArn, validateEdgeDomainProps } from "../constructs/edge-domain";
import { Problems } from "../lib/problems";
import { TfJson, resources } from "./helpers";

const DISTRIBUTION_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ORIGIN_CERT = "arn:aws:acm:ap-southeast-2:123456789012:certificate/1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
const existing: EdgeDomainProps = { domainName: "chat.example.com", zone: { kind: "existing", zoneId: "Z0123456789ABC", zoneName: "example.com" } };

function synth(p: Partial<EdgeDomainProps> = {}, use?: (d: EdgeDomain) => void): string {
  return Testing.synthScope((scope: Construct) => {
    new AwsProvider(scope, "Aws", { region: "ap-southeast-2" });
    const certificateProvider = new AwsProvider(scope, "UsEast1", { alias: "us_east_1", region: "us-east-1" });
    const domain = new EdgeDomain(scope, "Domain", { ...existing, certificateProvider, ...p });
    use?.(domain);
  });
}
const json = (p: Partial<EdgeDomainProps> = {}, use?: (d: EdgeDomain) => void): TfJson => JSON.parse(synth(p, use));
const byId = (j: TfJson, type: string, prefix: string): any => Object.entries(j.resource[type] ?? {}).find(([id]) => id.startsWith(prefix))?.[1];

const errorOf = (p: Partial<EdgeDomainProps>): string => {
  try {
    synth(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};

describe("EdgeDomain", () => {
  test("an existing zone is used by its ID: no zone resource, no look-up", () => {
    const j = json();
    expect(j.resource.aws_route53_zone).toBeUndefined();
    expect(j.data?.aws_route53_zone).toBeUndefined();
    expect(resources(j, "aws_route53_record").map((r) => r.zone_id)).toEqual(["Z0123456789ABC"]);
  });

  test("a created zone holds the records", () => {
    const j = json({ zone: { kind: "create", zoneName: "chat.example.com" } });
    const [zoneId] = Object.keys(j.resource.aws_route53_zone);
    expect(j.resource.aws_route53_zone[zoneId]).toMatchObject({ name: "chat.example.com", force_destroy: false });
    expect(resources(j, "aws_route53_record")[0].zone_id).toBe(`\${aws_route53_zone.${zoneId}.zone_id}`);
  });

  test("the distribution's certificate: us-east-1, DNS validated through one record, waited for", () => {
    const j = json();
    const cert = byId(j, "aws_acm_certificate", "Domain_DistributionCertificate");
    expect(cert).toMatchObject({ domain_name: "chat.example.com", validation_method: "DNS", provider: "aws.us_east_1", lifecycle: { create_before_destroy: true } });
    const record = byId(j, "aws_route53_record", "Domain_DistributionValidationRecord");
    expect(record.name).toMatch(/^\$\{tolist\(aws_acm_certificate\.Domain_DistributionCertificate_[^.]+\.domain_validation_options\)\.0\.resource_record_name\}$/);
    const validation = byId(j, "aws_acm_certificate_validation", "Domain_DistributionValidation");
    expect(validation.provider).toBe("aws.us_east_1");
    expect(validation.validation_record_fqdns).toEqual([expect.stringMatching(/aws_route53_record\.Domain_DistributionValidationRecord_.*\.fqdn/)]);
  });

  test("an origin name gets a regional certificate (the default provider) and, on demand, its alias records", () => {
    const target = { dnsName: "my-alb-123.ap-southeast-2.elb.amazonaws.com", zoneId: "Z1GM3OXH4ZPM65" };
    const j = json({ originName: "origin.chat.example.com" }, (d) => d.aliasOriginTo(target));
    const cert = byId(j, "aws_acm_certificate", "Domain_OriginCertificate");
    expect(cert.domain_name).toBe("origin.chat.example.com");
    expect(cert.provider).toBeUndefined();
    expect(byId(j, "aws_acm_certificate_validation", "Domain_OriginValidation").provider).toBeUndefined();
    for (const type of ["A", "AAAA"]) {
      expect(byId(j, "aws_route53_record", `Domain_OriginAlias${type}_`)).toMatchObject({
        name: "origin.chat.example.com",
        type,
        alias: { name: target.dnsName, zone_id: target.zoneId, evaluate_target_health: false },
      });
    }
  });

  test("an issued certificate brought for the domain: nothing created for it, its ARN is the domain's certificate", () => {
    let arn: string | undefined;
    const j = json({ certificateArn: DISTRIBUTION_CERT }, (d) => {
      arn = d.certificateArn;
      d.aliasTo({ dnsName: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" });
    });
    expect(arn).toBe(DISTRIBUTION_CERT);
    expect(j.resource.aws_acm_certificate).toBeUndefined();
    expect(j.resource.aws_acm_certificate_validation).toBeUndefined();
    // Only the alias records are left: no validation record.
    expect(resources(j, "aws_route53_record").map((r) => [r.name, r.type]).sort()).toEqual([
      ["chat.example.com", "A"],
      ["chat.example.com", "AAAA"],
    ]);
  });

  test("an issued certificate brought for the origin name: only the distribution's is created", () => {
    let arn: string | undefined;
    const j = json({ originName: "origin.chat.example.com", originCertificateArn: ORIGIN_CERT }, (d) => {
      arn = d.originCertificateArn;
    });
    expect(arn).toBe(ORIGIN_CERT);
    expect(Object.keys(j.resource.aws_acm_certificate)).toEqual([expect.stringMatching(/^Domain_DistributionCertificate_/)]);
    expect(Object.keys(j.resource.aws_acm_certificate_validation)).toEqual([expect.stringMatching(/^Domain_DistributionValidation_/)]);
    expect(byId(j, "aws_route53_record", "Domain_OriginValidationRecord")).toBeUndefined();
  });

  test("parseAcmCertificateArn: partition, region, account and ID of an ACM certificate ARN, nothing else", () => {
    expect(parseAcmCertificateArn(DISTRIBUTION_CERT)).toEqual({ partition: "aws", region: "us-east-1", accountId: "123456789012", certificateId: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" });
    expect(parseAcmCertificateArn("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")?.region).toBe("us-gov-west-1");
    for (const bad of [
      "arn:aws:acm:us-east-1:123456789012:certificate/planned",
      "arn:aws:acm:us-east-1:12345678901:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      "arn:aws:iam::123456789012:server-certificate/chat",
      ` ${DISTRIBUTION_CERT}`,
      42,
    ]) {
      expect([bad, parseAcmCertificateArn(bad)]).toEqual([bad, undefined]);
    }
  });

  test("aliasTo points A and AAAA records of the domain at the distribution", () => {
    const j = json({}, (d) => d.aliasTo({ dnsName: "d111.cloudfront.net", zoneId: "Z2FDTNDATAQYW2" }));
    expect(byId(j, "aws_route53_record", "Domain_DomainAliasA_").alias).toEqual({ name: "d111.cloudfront.net", zone_id: "Z2FDTNDATAQYW2", evaluate_target_health: false });
    expect(byId(j, "aws_route53_record", "Domain_DomainAliasAAAA_").type).toBe("AAAA");
  });

  test("aliasOriginTo without an origin name says what to pass", () => {
    expect(() => synth({}, (d) => d.aliasOriginTo({ dnsName: "x.elb.amazonaws.com", zoneId: "Z1" }))).toThrow(
      "EdgeDomain chat.example.com: aliasOriginTo needs originName; pass originName (e.g. origin.chat.example.com) to the construct",
    );
  });

  test("isInZone: the zone itself and names below it, case and trailing dot aside", () => {
    expect(isInZone("chat.example.com", "example.com")).toBe(true);
    expect(isInZone("Example.COM.", "example.com")).toBe(true);
    expect(isInZone("badexample.com", "example.com")).toBe(false);
    expect(isInZone("example.com", "chat.example.com")).toBe(false);
  });

  describe("errors", () => {
    test("a domain outside its zone and a zone ID that is not a Route 53 one", () => {
      expect(errorOf({ domainName: "chat.example.org", zone: { kind: "existing", zoneId: "/hostedzone/Z0123", zoneName: "example.com" } })).toBe(
        [
          "EdgeDomain chat.example.org: 2 invalid props; nothing was created:",
          '  - zone.zoneId: "/hostedzone/Z0123" is not a Route 53 hosted zone ID',
          '    allowed: "Z" followed by upper-case letters and digits, e.g. "Z0123456789ABCDEFGHIJ" (without "/hostedzone/")',
          "    fix: set zone.zoneId to the ID of aws route53 list-hosted-zones-by-name --dns-name example.com",
          '  - domainName: "chat.example.org" is outside the zone example.com: its records could not be created there',
          "    allowed: example.com or a name ending in .example.com",
          "    fix: set domainName to a name in example.com, or zone to the zone of chat.example.org",
        ].join("\n"),
      );
    });

    test("a distribution certificate outside us-east-1, an origin certificate that is no ACM ARN and has no origin name", () => {
      expect(errorOf({ certificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", originCertificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/x" })).toBe(
        [
          "EdgeDomain chat.example.com: 3 invalid props; nothing was created:",
          '  - certificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is a certificate in ap-southeast-2, but CloudFront only accepts ACM certificates from us-east-1',
          "    allowed: the ARN of an issued ACM certificate covering chat.example.com in us-east-1: arn:aws:acm:us-east-1:<12-digit account>:certificate/<uuid>",
          "    fix: request or import a certificate for chat.example.com in us-east-1 and set certificateArn to its ARN, or remove certificateArn to have one created and validated by DNS in the zone",
          '  - originCertificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/x" is not an ACM certificate ARN',
          "    allowed: the ARN of an issued ACM certificate covering the origin name: arn:aws:acm:<region>:<12-digit account>:certificate/<uuid>",
          "    fix: set originCertificateArn to the certificate's ARN as `aws acm list-certificates` prints it, or remove originCertificateArn to have one created and validated by DNS in the zone",
          '  - originCertificateArn: "arn:aws:acm:ap-southeast-2:123456789012:certificate/x" is set without originName: there is no origin for it to serve',
          "    allowed: an originCertificateArn only together with originName",
          "    fix: pass originName (e.g. origin.chat.example.com), or remove originCertificateArn",
        ].join("\n"),
      );
    });

    test("a certificate ARN only known at apply time is not judged", () => {
      const problems = new Problems();
      const later = Lazy.stringValue({ produce: () => "known at apply" });
      validateEdgeDomainProps({ ...existing, certificateArn: later, originName: "origin.chat.example.com", originCertificateArn: later }, problems);
      expect(problems.list).toEqual([]);
    });

    test("an origin name outside the zone", () => {
      expect(errorOf({ originName: "origin.example.net" })).toBe(
        [
          "EdgeDomain chat.example.com: 1 invalid prop; nothing was created:",
          '  - originName: "origin.example.net" is outside the zone example.com',
          "    allowed: a name ending in .example.com",
          "    fix: set originName to a name in example.com, e.g. origin.chat.example.com",
        ].join("\n"),
      );
    });
  });
});
