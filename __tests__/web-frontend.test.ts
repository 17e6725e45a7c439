import { Testing } from "cdktf";
import { Construct } from "constructs";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { WebFrontend, WebFrontendProps, apiRequestCode, spaRewriteCode } from "../constructs/web-frontend";
import { TfJson, resources } from "./helpers";

const props: WebFrontendProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  priceClass: "PriceClass_100",
  apiOrigin: { domainName: "abc123.execute-api.ap-southeast-2.amazonaws.com" },
  accessLogs: { retentionDays: 90, keyArn: "arn:aws:kms:us-east-1:123456789012:key/logs" },
};
const BUCKET = "chatbot-test-web-123456789012";
const CERTIFICATE_ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

function synth(p: Partial<WebFrontendProps> = {}, grant = false): string {
  return Testing.synthScope((scope: Construct) => {
    const provider = new AwsProvider(scope, "UsEast1", { alias: "us_east_1", region: "us-east-1" });
    const frontend = new WebFrontend(scope, "WebFrontend", { ...props, ...p, accessLogs: { ...props.accessLogs, provider, ...p.accessLogs } });
    if (grant) {
      const role = new IamRole(scope, "DeployRole", { name: "chatbot-test-github-deploy", assumeRolePolicy: "{}" });
      frontend.grantDeploy(role);
      frontend.grantDeploy(role);
    }
  });
}
const json = (p: Partial<WebFrontendProps> = {}, grant = false): TfJson => JSON.parse(synth(p, grant));
const distribution = (j: TfJson): any => resources(j, "aws_cloudfront_distribution")[0];
const distributionRef = (j: TfJson, attr: string): string => `\${aws_cloudfront_distribution.${Object.keys(j.resource.aws_cloudfront_distribution)[0]}.${attr}}`;
const bucketRef = (j: TfJson, attr: string): string => `\${aws_s3_bucket.${Object.keys(j.resource.aws_s3_bucket)[0]}.${attr}}`;
/** The policy document an aws_s3_bucket_policy or aws_iam_role_policy points at. */
const docOf = (j: TfJson, policy: any): any => j.data!.aws_iam_policy_document[/aws_iam_policy_document\.([^.]+)\.json/.exec(policy.policy)![1]];
const behaviour = (j: TfJson, pattern: string): any => distribution(j).ordered_cache_behavior.find((b: any) => b.path_pattern === pattern);

const errorOf = (p: Partial<WebFrontendProps>): string => {
  try {
    synth(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("no error thrown");
};

/** Runs a CloudFront Function's handler on a request (cloudfront-js-2.0 is close enough to Node for these). */
async function runFunction(code: string, uri: string, headers: Record<string, { value: string }> = {}, store: Record<string, string> = {}): Promise<any> {
  const body = code.replace(/^import cf from 'cloudfront';\n/, "");
  const cf = { kvs: () => ({ get: async (key: string) => (key in store ? store[key] : Promise.reject(new Error("not found"))) }) };
  const handler = new Function("cf", `${body}\nreturn handler;`)(cf);
  return handler({ request: { uri, headers: { ...headers } } });
}

describe("WebFrontend", () => {
  describe("bucket", () => {
    test("private, versioned, ACLs disabled, SSE-KMS with its own key", () => {
      const j = json();
      expect(resources(j, "aws_s3_bucket")[0]).toMatchObject({ bucket: BUCKET, force_destroy: false });
      const block = resources(j, "aws_s3_bucket_public_access_block")[0];
      expect([block.block_public_acls, block.block_public_policy, block.ignore_public_acls, block.restrict_public_buckets]).toEqual([true, true, true, true]);
      expect(resources(j, "aws_s3_bucket_ownership_controls")[0].rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
      expect(resources(j, "aws_s3_bucket_versioning")[0].versioning_configuration).toEqual({ status: "Enabled" });
      const sse = resources(j, "aws_s3_bucket_server_side_encryption_configuration")[0].rule[0];
      expect(sse.apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: `\${aws_kms_key.${Object.keys(j.resource.aws_kms_key)[0]}.arn}` });
    });

    test("the bucket policy denies plain HTTP and lets only this distribution's CloudFront read objects", () => {
      const j = json();
      const doc = docOf(j, resources(j, "aws_s3_bucket_policy")[0]);
      expect(doc.statement.map((s: any) => s.sid)).toEqual(["DenyInsecureTransport", "CloudFrontReadsThroughOriginAccessControl"]);
      expect(doc.statement[1]).toEqual({
        sid: "CloudFrontReadsThroughOriginAccessControl",
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }],
        actions: ["s3:GetObject"],
        resources: [`${bucketRef(j, "arn")}/*`],
        condition: [{ test: "StringEquals", variable: "AWS:SourceArn", values: [distributionRef(j, "arn")] }],
      });
    });

    test("the key lets CloudFront decrypt, and only for this distribution", () => {
      const j = json();
      const keyPolicy = Object.entries(j.data!.aws_iam_policy_document).find(([id]) => id.startsWith("WebFrontend_Key_Policy"))![1];
      const cloudfront = keyPolicy.statement.find((s: any) => s.sid === "CloudFrontReadsThroughOriginAccessControl");
      expect(cloudfront.actions).toEqual(["kms:Decrypt"]);
      expect(cloudfront.principals).toEqual([{ type: "Service", identifiers: ["cloudfront.amazonaws.com"] }]);
      expect(cloudfront.condition).toEqual([{ test: "StringEquals", variable: "AWS:SourceArn", values: [distributionRef(j, "arn")] }]);
    });
  });

  describe("distribution", () => {
    test("the bucket through an origin access control that always signs with SigV4", () => {
      const j = json();
      expect(resources(j, "aws_cloudfront_origin_access_control")[0]).toMatchObject({ origin_access_control_origin_type: "s3", signing_behavior: "always", signing_protocol: "sigv4" });
      const s3 = distribution(j).origin.find((o: any) => o.origin_id === "web");
      expect(s3.domain_name).toBe(bucketRef(j, "bucket_regional_domain_name"));
      expect(s3.origin_access_control_id).toMatch(/^\$\{aws_cloudfront_origin_access_control\./);
    });

    test("index.html, HTTP/2 and 3, IPv6, the price class, the web ACL, HTTPS only for viewers on every behaviour", () => {
      const d = distribution(json({ priceClass: "PriceClass_All", webAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1" }));
      expect(d).toMatchObject({ default_root_object: "index.html", http_version: "http2and3", is_ipv6_enabled: true, price_class: "PriceClass_All", web_acl_id: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/x/1" });
      const all = [d.default_cache_behavior, ...d.ordered_cache_behavior];
      expect(all.map((b: any) => b.viewer_protocol_policy)).toEqual(["redirect-to-https", "redirect-to-https", "redirect-to-https"]);
      expect(new Set(all.map((b: any) => b.response_headers_policy_id)).size).toBe(1);
    });

    test("without a certificate: the default certificate; with one: its aliases, SNI and TLSv1.2_2021", () => {
      expect(distribution(json()).viewer_certificate).toEqual({ cloudfront_default_certificate: true });
      expect(distribution(json()).aliases).toBeUndefined();
      const d = distribution(json({ certificate: { certificateArn: CERTIFICATE_ARN, aliases: ["chat.example.com"] } }));
      expect(d.aliases).toEqual(["chat.example.com"]);
      expect(d.viewer_certificate).toEqual({ acm_certificate_arn: CERTIFICATE_ARN, ssl_support_method: "sni-only", minimum_protocol_version: "TLSv1.2_2021" });
    });

    test("the API path: the HTTP API over HTTPS/TLS 1.2, every method, no caching, the viewer's headers but Host", () => {
      const j = json();
      const api = behaviour(j, "/api/*");
      expect(api).toMatchObject({
        target_origin_id: "api",
        allowed_methods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
        cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
        origin_request_policy_id: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
      });
      expect(api.function_association).toEqual([{ event_type: "viewer-request", function_arn: expect.stringMatching(/aws_cloudfront_function\.WebFrontend_ApiRequest_/) }]);
      const origin = distribution(j).origin.find((o: any) => o.origin_id === "api");
      expect(origin).toMatchObject({
        domain_name: props.apiOrigin.domainName,
        custom_origin_config: { https_port: 443, origin_protocol_policy: "https-only", origin_ssl_protocols: ["TLSv1.2"] },
      });
    });

    test("a load balancer origin gets its own path next to the HTTP API's, HTTPS only to its name", () => {
      const j = json({ loadBalancerOrigin: { domainName: "origin.chat.example.com" }, loadBalancerPathPattern: "/svc/*" });
      const origins = distribution(j).origin;
      expect(origins.map((o: any) => [o.origin_id, o.domain_name])).toEqual([
        ["web", bucketRef(j, "bucket_regional_domain_name")],
        ["api", "abc123.execute-api.ap-southeast-2.amazonaws.com"],
        ["backend", "origin.chat.example.com"],
      ]);
      expect(origins[2].custom_origin_config.origin_protocol_policy).toBe("https-only");
      expect(origins[2].custom_origin_config.origin_ssl_protocols).toEqual(["TLSv1.2"]);
      expect(behaviour(j, "/svc/*").target_origin_id).toBe("backend");
      expect(behaviour(j, "/svc/*").cache_policy_id).toBe(behaviour(j, "/api/*").cache_policy_id);
      expect(behaviour(j, "/api/*").target_origin_id).toBe("api");
      // Without a load balancer: no second origin, no default /backend/* path.
      expect(distribution(json()).origin.map((o: any) => o.origin_id)).toEqual(["web", "api"]);
      expect(behaviour(json(), "/backend/*")).toBeUndefined();
    });

    test("hashed assets are cached for a year; the default behaviour rewrites client-side routes with a function", () => {
      const j = json();
      const cache = resources(j, "aws_cloudfront_cache_policy")[0];
      expect([cache.default_ttl, cache.max_ttl]).toEqual([31536000, 31536000]);
      expect(behaviour(j, "/assets/*")).toMatchObject({ target_origin_id: "web", allowed_methods: ["GET", "HEAD"], cache_policy_id: expect.stringMatching(/aws_cloudfront_cache_policy/) });
      expect(distribution(j).default_cache_behavior.function_association).toEqual([{ event_type: "viewer-request", function_arn: expect.stringMatching(/WebFrontend_SpaRewrite_/) }]);
      // No custom error responses: they would turn the API's 403/404 into the web page.
      expect(distribution(j).custom_error_response).toBeUndefined();
    });

    test("security headers: HSTS two years with subdomains, nosniff, frame DENY, referrer policy", () => {
      const headers = resources(json(), "aws_cloudfront_response_headers_policy")[0].security_headers_config;
      expect(headers).toEqual({
        strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: false, override: true },
        content_type_options: { override: true },
        frame_options: { frame_option: "DENY", override: true },
        referrer_policy: { referrer_policy: "strict-origin-when-cross-origin", override: true },
      });
    });

    test("access logs: vended log delivery from the distribution to a KMS log group in us-east-1", () => {
      const j = json();
      const group = resources(j, "aws_cloudwatch_log_group")[0];
      expect(group).toMatchObject({ name: "/aws/vendedlogs/cloudfront/chatbot-test", retention_in_days: 90, kms_key_id: props.accessLogs.keyArn, provider: "aws.us_east_1" });
      expect(resources(j, "aws_cloudwatch_log_delivery_source")[0]).toMatchObject({ log_type: "ACCESS_LOGS", resource_arn: distributionRef(j, "arn"), provider: "aws.us_east_1" });
      expect(resources(j, "aws_cloudwatch_log_delivery_destination")[0].delivery_destination_configuration).toEqual([{ destination_resource_arn: expect.stringMatching(/aws_cloudwatch_log_group\..*\.arn/) }]);
      expect(resources(j, "aws_cloudwatch_log_delivery")).toHaveLength(1);
    });

    test("the API function reads the KeyValueStore associated with it; Terraform never writes a key", () => {
      const j = json();
      const fn = Object.entries(j.resource.aws_cloudfront_function).find(([id]) => id.startsWith("WebFrontend_ApiRequest"))![1];
      expect(fn.runtime).toBe("cloudfront-js-2.0");
      expect(fn.key_value_store_associations).toEqual([expect.stringMatching(/aws_cloudfront_key_value_store\..*\.arn/)]);
      // The function reads the store associated with it; its code holds no Terraform interpolation.
      expect(fn.code).toContain("cf.kvs()");
      expect(fn.code).not.toContain("${");
      expect(Object.keys(j.resource).filter((t) => t.startsWith("aws_cloudfrontkeyvaluestore"))).toEqual([]);
    });
  });

  describe("functions", () => {
    test("the SPA rewrite sends extensionless paths to /index.html and leaves files and the root alone", async () => {
      const code = spaRewriteCode();
      expect((await runFunction(code, "/chat/42")).uri).toBe("/index.html");
      expect((await runFunction(code, "/settings/")).uri).toBe("/index.html");
      expect((await runFunction(code, "/assets/app.1a2b.js")).uri).toBe("/assets/app.1a2b.js");
      expect((await runFunction(code, "/")).uri).toBe("/");
    });

    test("the API function strips the prefix and overwrites the viewer's origin verification header with the stored token", async () => {
      const code = apiRequestCode("/api");
      const forged = { "x-origin-verify": { value: "forged" } };
      const request = await runFunction(code, "/api/chat", forged, { "origin-verify": "token-from-store" });
      expect(request.uri).toBe("/chat");
      expect(request.headers["x-origin-verify"]).toEqual({ value: "token-from-store" });
      expect((await runFunction(code, "/api", {}, { "origin-verify": "t" })).uri).toBe("/");
      expect((await runFunction(code, "/apiary", {}, { "origin-verify": "t" })).uri).toBe("/apiary");
    });

    test("for a load balancer the path stays as the viewer sent it (its listener rule forwards that pattern); the API's loses its prefix", async () => {
      const request = await runFunction(apiRequestCode(undefined), "/backend/chat", {}, { "origin-verify": "t" });
      expect(request.uri).toBe("/backend/chat");
      expect(request.headers["x-origin-verify"]).toEqual({ value: "t" });
      const j = json({ loadBalancerOrigin: { domainName: "origin.chat.example.com" } });
      const fn = (prefix: string): any => Object.entries(j.resource.aws_cloudfront_function).find(([id]) => id.startsWith(prefix))![1];
      expect(fn("WebFrontend_BackendRequest").code).toContain("const PREFIX = null;");
      expect(fn("WebFrontend_ApiRequest").code).toContain("const PREFIX = '/api';");
      expect(behaviour(j, "/backend/*").function_association[0].function_arn).toMatch(/aws_cloudfront_function\.WebFrontend_BackendRequest_.*\.arn/);
    });

    test("without a stored token the viewer's header is dropped, never forwarded", async () => {
      const request = await runFunction(apiRequestCode("/api"), "/api/chat", { "x-origin-verify": { value: "forged" } });
      expect(request.headers["x-origin-verify"]).toBeUndefined();
    });
  });

  describe("grantDeploy", () => {
    test("list, sync and encrypt the build through S3, invalidate this distribution; nothing else, once per role", () => {
      const j = json({}, true);
      const policies = resources(j, "aws_iam_role_policy");
      expect(policies).toHaveLength(1);
      const doc = docOf(j, policies[0]);
      expect(doc.statement.map((s: any) => [s.sid, s.actions, s.resources])).toEqual([
        ["ListBuild", ["s3:ListBucket"], [bucketRef(j, "arn")]],
        ["SyncBuild", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [`${bucketRef(j, "arn")}/*`]],
        ["EncryptBuild", ["kms:GenerateDataKey", "kms:Decrypt"], [`\${aws_kms_key.${Object.keys(j.resource.aws_kms_key)[0]}.arn}`]],
        ["InvalidateDistribution", ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"], [distributionRef(j, "arn")]],
      ]);
      expect(doc.statement[2].condition).toEqual([{ test: "StringEquals", variable: "kms:ViaService", values: ["s3.ap-southeast-2.amazonaws.com"] }]);
    });
  });

  describe("errors", () => {
    test("a price class that does not exist and an API path CloudFront cannot route as a prefix", () => {
      expect(errorOf({ priceClass: "PriceClass_300" as never, apiPathPattern: "api/*" })).toBe(
        [
          "WebFrontend chatbot-test: 2 invalid props; nothing was created:",
          '  - priceClass: "PriceClass_300" is not a CloudFront price class',
          '    allowed: one of "PriceClass_100", "PriceClass_200", "PriceClass_All"',
          '    fix: set priceClass to "PriceClass_100" (North America, Europe, Israel) or "PriceClass_All"',
          '  - apiPathPattern: "api/*" is not a path pattern the API behaviour can route',
          '    allowed: "/<prefix>/*": a literal prefix of path segments (letters, digits and _ . ~ @ : + $ & = -), then "/*", at most 255 characters',
          '    fix: set apiPathPattern to e.g. "/api/*", or remove it for the default',
        ].join("\n"),
      );
    });

    test("a certificate CloudFront cannot use: another region, another account, no ACM ARN", () => {
      const allowed = "    allowed: the ARN of an issued ACM certificate covering chat.example.com in us-east-1 of the distribution's account 123456789012: arn:aws:acm:us-east-1:123456789012:certificate/<uuid>";
      const instead = "or leave out certificate for the default *.cloudfront.net name";
      expect(errorOf({ certificate: { certificateArn: "arn:aws:acm:ap-southeast-2:999999999999:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", aliases: ["chat.example.com"] } })).toBe(
        [
          "WebFrontend chatbot-test: 2 invalid props; nothing was created:",
          '  - certificate.certificateArn: "arn:aws:acm:ap-southeast-2:999999999999:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is a certificate in ap-southeast-2, but CloudFront only accepts ACM certificates from us-east-1',
          allowed,
          `    fix: request or import a certificate for chat.example.com in us-east-1 (account 123456789012) and set certificate.certificateArn to its ARN, ${instead}`,
          '  - certificate.certificateArn: "arn:aws:acm:ap-southeast-2:999999999999:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is a certificate of account 999999999999, not of the distribution\'s account 123456789012: CloudFront cannot use an ACM certificate of another account',
          allowed,
          `    fix: request or import a certificate for chat.example.com in account 123456789012 (us-east-1) and set certificate.certificateArn to its ARN, ${instead}`,
        ].join("\n"),
      );
      expect(errorOf({ certificate: { certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", aliases: ["chat.example.com"] } })).toBe(
        [
          "WebFrontend chatbot-test: 1 invalid prop; nothing was created:",
          '  - certificate.certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c" is not an ACM certificate ARN',
          allowed,
          `    fix: set certificate.certificateArn to the certificate's ARN as \`aws acm list-certificates --region us-east-1\` prints it, ${instead}`,
        ].join("\n"),
      );
    });

    test("a certificate without its ARN", () => {
      expect(errorOf({ certificate: { aliases: ["chat.example.com"] } as never })).toBe(
        [
          "WebFrontend chatbot-test: 1 invalid prop; nothing was created:",
          "  - certificate.certificateArn: undefined is missing",
          "    allowed: the ARN of an issued ACM certificate in us-east-1 covering every alias",
          "    fix: pass the certificate's ARN as certificate.certificateArn, or leave out certificate for the default name",
        ].join("\n"),
      );
    });

    test("a certificate ARN only known at apply time (a created certificate's) is not judged", () => {
      const created = Testing.synthScope((scope: Construct) => {
        const certificate = new AcmCertificate(scope, "Certificate", { domainName: "chat.example.com", validationMethod: "DNS" });
        new WebFrontend(scope, "WebFrontend", { ...props, certificate: { certificateArn: certificate.arn, aliases: ["chat.example.com"] } });
      });
      expect(distribution(JSON.parse(created)).viewer_certificate.acm_certificate_arn).toMatch(/^\$\{aws_acm_certificate\.Certificate\.arn\}$/);
    });

    test("the assets path as API path, a retention CloudWatch does not offer, an origin that is not a DNS name", () => {
      expect(errorOf({ apiPathPattern: "/assets/*", accessLogs: { retentionDays: 10, keyArn: "k" }, loadBalancerOrigin: { domainName: "https://alb" } })).toBe(
        [
          "WebFrontend chatbot-test: 3 invalid props; nothing was created:",
          '  - apiPathPattern: "/assets/*" is the path of the web build\'s assets',
          '    allowed: any "/<prefix>/*" but "/assets/*"',
          '    fix: set apiPathPattern to e.g. "/api/*"',
          "  - accessLogs.retentionDays: 10 is not a retention CloudWatch Logs offers",
          "    allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
          "    fix: set accessLogs.retentionDays to e.g. 90 or 365",
          '  - loadBalancerOrigin.domainName: "https://alb" is not a DNS name',
          "    allowed: a host name without scheme or path, e.g. origin.chat.example.com",
          "    fix: pass the origin's host name as loadBalancerOrigin.domainName",
        ].join("\n"),
      );
    });
  });
});
