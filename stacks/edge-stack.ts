/**
 * `<env>-edge`: the public edge of an environment (docs/edge.md): the web frontend's bucket and
 * CloudFront distribution with the API path in front of `<env>-serverless`'s HTTP API
 * (constructs/web-frontend), the WAF web ACL (constructs/web-acl) and, with a domain, the zone,
 * certificates (created, or the issued ones the environment names) and alias records
 * (constructs/edge-domain).
 *
 * CloudFront's global resources that live in us-east-1 (the CLOUDFRONT-scope web ACL, the
 * distribution's certificate, its log delivery source, and the log groups and their key) go
 * through a second AWS provider, alias `us_east_1`, pinned to the same account as the default one.
 *
 * Reads `<env>-serverless` (the API's id) and `<env>-delivery` (the deploy role it grants the
 * frontend to) through remote state: applied after both, and neither reads this stack.
 */
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { EdgeDomain } from "../constructs/edge-domain";
import { Network } from "../constructs/network";
import { PublicLoadBalancer } from "../constructs/public-load-balancer";
import { EncryptionKey } from "../constructs/encryption-key";
import { ServerlessApi } from "../constructs/serverless-api";
import { WebAcl, wafLogGroupName } from "../constructs/web-acl";
import { WebFrontend, accessLogGroupName } from "../constructs/web-frontend";
import { EdgeConfig } from "../lib/config";
import { DEFAULT_APP_PORT } from "../lib/defaults";
import { parameterPath } from "../lib/naming";
import { placeOn } from "../lib/providers";
import { CLOUDFRONT_REGION, DEFAULT_LOAD_BALANCER_PATH_PATTERN, ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_KVS_KEY, ORIGIN_VERIFY_PARAMETER, loadBalancerOriginName } from "../lib/types/edge";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

// Defined with the config's shapes (the load balancer validator names it in its reports).
export { loadBalancerOriginName } from "../lib/types/edge";

export interface EdgeStackProps extends EnvironmentStackProps {
  /** The environment's edge section. */
  readonly edge: EdgeConfig;
  /** The environment's network: the load balancer's public subnets and its targets' subnets. */
  readonly network: Network;
  /** The HTTP API the API path routes to (its execute-api host). */
  readonly serverless: ServerlessApi;
  /** The environment's GitHub deploy role: may publish the web build and invalidate. */
  readonly deployRole: IamRole;
}

export class EdgeStack extends EnvironmentStack {
  /** The provider in us-east-1 (alias `us_east_1`). */
  public readonly usEast1: AwsProvider;
  public readonly frontend: WebFrontend;
  public readonly webAcl: WebAcl;
  /** The domain, its zone and certificates (environments with `edge.domain`). */
  public readonly domain?: EdgeDomain;
  /**
   * The public ALB in front of the EKS backend (environments with `edge.loadBalancer`): reached
   * as `origin.<domain>` with the regional certificate; `<env>-apps` binds the backend to its
   * target group.
   */
  public readonly loadBalancer?: PublicLoadBalancer;

  constructor(scope: Construct, props: EdgeStackProps) {
    super(scope, "edge", props);
    const env = props.env;
    const edge = props.edge;
    this.usEast1 = this.addUsEast1Provider();

    // One key in us-east-1 for both log groups there (WAF logs, distribution access logs).
    const logArn = (name: string): string => `arn:aws:logs:${CLOUDFRONT_REGION}:${env.accountId}:log-group:${name}`;
    const logsKey = placeOn(
      new EncryptionKey(this, "LogsKey", {
        aliasName: `${this.namePrefix}-edge-logs`,
        description: `Encrypts the WAF and CloudFront access logs of ${env.name} (us-east-1)`,
        accountId: env.accountId,
        serviceUsers: [
          {
            sid: "CloudWatchLogs",
            servicePrincipal: `logs.${CLOUDFRONT_REGION}.amazonaws.com`,
            conditions: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: [logArn(wafLogGroupName(this.namePrefix)), logArn(accessLogGroupName(this.namePrefix))] }],
          },
        ],
      }),
      this.usEast1,
    );

    this.webAcl = new WebAcl(this, "WebAcl", {
      namePrefix: this.namePrefix,
      rateLimitPerIp: edge.waf.rateLimitPerIp,
      rateLimitWindowSeconds: edge.waf.rateLimitWindowSeconds,
      rateLimitMode: edge.waf.rateLimitMode,
      managedRuleModes: edge.waf.managedRuleModes,
      logRetentionDays: edge.waf.logRetentionDays,
      logsKeyArn: logsKey.keyArn,
      provider: this.usEast1,
    });

    if (edge.domain) {
      this.domain = new EdgeDomain(this, "Domain", {
        domainName: edge.domain.name,
        zone: edge.domain.zone,
        certificateProvider: this.usEast1,
        // An environment may bring issued certificates (e.g. issued centrally) instead.
        certificateArn: edge.domain.certificateArn,
        originName: edge.loadBalancer ? loadBalancerOriginName(edge.domain.name) : undefined,
        originCertificateArn: edge.loadBalancer?.certificateArn,
      });
    }

    // The ALB lives here, not in the platform stack: its certificate and alias record are the
    // domain's, and the distribution needs its name (platform <-> edge would be a cycle).
    const lb = edge.loadBalancer;
    if (lb && this.domain?.originCertificateArn && this.domain.originName) {
      const network = props.network;
      this.loadBalancer = new PublicLoadBalancer(this, "PublicLoadBalancer", {
        namePrefix: this.namePrefix,
        accountId: env.accountId,
        vpcId: network.vpcId,
        publicSubnetIds: network.publicSubnetIds,
        // The planned blocks (literals, known at synth), like the serverless stack's data subnets.
        targetSubnetCidrs: network.privateAppSubnets.map((subnet) => subnet.cidrBlockInput as string),
        targetPort: env.network.appPort ?? DEFAULT_APP_PORT,
        certificateArn: this.domain.originCertificateArn,
        apiPathPatterns: [lb.pathPattern ?? DEFAULT_LOAD_BALANCER_PATH_PATTERN],
        healthCheckPath: lb.healthCheckPath,
        deletionProtection: lb.deletionProtection,
        accessLogRetentionDays: lb.accessLogRetentionDays,
        forceDestroy: env.criticality === "test",
      });
      this.domain.aliasOriginTo({ dnsName: this.loadBalancer.loadBalancerDnsName, zoneId: this.loadBalancer.loadBalancerZoneId });
    }

    this.frontend = new WebFrontend(this, "WebFrontend", {
      namePrefix: this.namePrefix,
      accountId: env.accountId,
      region: env.region,
      priceClass: edge.priceClass,
      apiPathPattern: edge.apiPathPattern,
      apiOrigin: { domainName: `${props.serverless.api.id}.execute-api.${env.region}.amazonaws.com` },
      // The origin is the certificate's name, not the ALB's own DNS name.
      loadBalancerOrigin: this.loadBalancer && this.domain?.originName ? { domainName: this.domain.originName } : undefined,
      loadBalancerPathPattern: lb?.pathPattern,
      webAclArn: this.webAcl.webAclArn,
      certificate: this.domain ? { certificateArn: this.domain.certificateArn, aliases: [this.domain.domainName] } : undefined,
      accessLogs: { retentionDays: edge.accessLogRetentionDays, keyArn: logsKey.keyArn, provider: this.usEast1 },
      forceDestroy: env.criticality === "test",
    });
    this.domain?.aliasTo({ dnsName: this.frontend.distributionDomainName, zoneId: this.frontend.distributionHostedZoneId });
    this.frontend.grantDeploy(props.deployRole);

    const site = edge.domain ? `https://${edge.domain.name}` : `https://${this.frontend.distributionDomainName}`;
    new TerraformOutput(this, "site_url", {
      value: site,
      description: edge.domain ? "The site (custom domain, certificate in us-east-1)" : "The site: no edge.domain, so the distribution's default *.cloudfront.net name and certificate",
    });
    new TerraformOutput(this, "distribution_id", { value: this.frontend.distributionId, description: "CloudFront distribution (aws cloudfront create-invalidation --distribution-id)" });
    new TerraformOutput(this, "distribution_domain_name", { value: this.frontend.distributionDomainName, description: "The distribution's *.cloudfront.net name" });
    new TerraformOutput(this, "frontend_bucket_name", { value: this.frontend.bucketName, description: "Bucket of the web build (aws s3 sync <build> s3://<name>/ --delete)" });
    new TerraformOutput(this, "web_acl_arn", { value: this.webAcl.webAclArn, description: "WAF web ACL (scope CLOUDFRONT, us-east-1)" });
    new TerraformOutput(this, "origin_verify_kvs_arn", {
      value: this.frontend.keyValueStoreArn,
      description: `KeyValueStore of the origin verification token: put key ${ORIGIN_VERIFY_KVS_KEY} (docs/edge.md)`,
    });
    new TerraformOutput(this, "origin_verify", {
      value: {
        header: ORIGIN_VERIFY_HEADER,
        kvs_key: ORIGIN_VERIFY_KVS_KEY,
        kvs_arn: this.frontend.keyValueStoreArn,
        parameter_name: `${parameterPath(env.name)}${ORIGIN_VERIFY_PARAMETER}`,
        parameter_region: env.region,
      },
      description: "Inputs of the origin verification commands (docs/edge.md): the same token in the KeyValueStore and the SecureString parameter",
    });
    new TerraformOutput(this, "certificate", {
      value: this.domain ? this.domain.certificateArn : "none: default *.cloudfront.net certificate (no edge.domain)",
      description: "Certificate of the distribution",
    });
    if (this.domain?.nameServers) {
      new TerraformOutput(this, "name_servers", { value: this.domain.nameServers, description: `Name servers of the created zone: delegate ${edge.domain!.zone.zoneName} to them (NS records in the parent zone)` });
    }
    if (this.loadBalancer) {
      new TerraformOutput(this, "load_balancer_dns_name", { value: this.loadBalancer.loadBalancerDnsName, description: "The ALB (reached by CloudFront as the origin name; its security group admits CloudFront only)" });
      new TerraformOutput(this, "load_balancer_target_group_arn", { value: this.loadBalancer.targetGroupArn, description: "Target group the backend Service is bound to (TargetGroupBinding in <env>-apps)" });
    }
    if (this.domain?.originCertificateArn) {
      new TerraformOutput(this, "origin_certificate_arn", { value: this.domain.originCertificateArn, description: `Regional certificate for ${this.domain.originName} (the load balancer's listener)` });
    }
  }
}
