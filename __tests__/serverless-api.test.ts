import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { ServerlessApi, ServerlessApiProps } from "../constructs/serverless-api";
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_PARAMETER } from "../lib/types/edge";
import { ENVIRONMENTS, STATE } from "../environments";
import { EnvironmentConfig } from "../lib/config";
import { NetworkStack } from "../stacks/network-stack";
import { PLACEHOLDER_CODE_ZIP, ServerlessStack } from "../stacks/serverless-stack";
import { TfJson, backendSettings, resources, synthStack } from "./helpers";
import { exampleEdge } from "./helpers/edge-example";

const props: ServerlessApiProps = {
  namePrefix: "chatbot-test",
  accountId: "123456789012",
  region: "ap-southeast-2",
  environmentLabel: "test",
  parameterPath: "/chatbot/test/",
  functionName: "chatbot-backend-lambda",
  roleName: "chatbot-test-backend-lambda",
  placeholderCodeZip: PLACEHOLDER_CODE_ZIP,
  memoryMb: 1024,
  timeoutSeconds: 30,
  reservedConcurrency: 7,
  logLevel: "INFO",
  logRetentionDays: 365,
  allowedOrigins: ["https://a.example.com", "https://b.example.com"],
  throttlingRateLimit: 10,
  throttlingBurstLimit: 20,
};

function synth(p: Partial<ServerlessApiProps> = {}): string {
  return Testing.synthScope((scope) => {
    new ServerlessApi(scope, "ServerlessApi", { ...props, ...p });
  });
}
const json = (p: Partial<ServerlessApiProps> = {}): TfJson => JSON.parse(synth(p));
const doc = (j: TfJson, idPart: string): any => Object.entries(j.data!.aws_iam_policy_document).find(([id]) => id.includes(idPart))![1];

describe("ServerlessApi", () => {
  test("the function follows reference 002: python3.12, 1024 MB, main.lambda_handler, tracing on", () => {
    expect(synth()).toHaveResourceWithProperties(LambdaFunction, {
      function_name: "chatbot-backend-lambda",
      runtime: "python3.12",
      handler: "main.lambda_handler",
      memory_size: 1024,
      timeout: 30,
      reserved_concurrent_executions: 7,
      tracing_config: { mode: "Active" },
    });
  });

  test("the function gets parameter names, never values, in its environment", () => {
    const [fn] = resources(json(), "aws_lambda_function");
    expect(fn.environment.variables).toEqual({
      ENVIRONMENT: "test",
      LOG_LEVEL: "INFO",
      ALLOWED_ORIGINS: "https://a.example.com,https://b.example.com",
      PINECONE_API_KEY_PARAM: "/chatbot/test/PINECONE_API_KEY",
      PINECONE_INDEX_NAME_PARAM: "/chatbot/test/PINECONE_INDEX_NAME",
      HYPERCLOVA_API_KEY_PARAM: "/chatbot/test/HYPERCLOVA_API_KEY",
    });
    expect(fn.kms_key_arn).toMatch(/aws_kms_key\.ServerlessApi_ParametersKey/);
  });

  test("an apply never reverts code the pipeline deployed", () => {
    const [fn] = resources(json(), "aws_lambda_function");
    expect(fn.lifecycle.ignore_changes).toEqual(expect.arrayContaining(["filename", "source_code_hash", "s3_key", "image_uri"]));
    expect(fn.filename).toMatch(/^assets\/.*\/backend-placeholder\.zip$/);
  });

  test("no parameter is a Terraform resource, so no refresh reads (or needs the key for) a secret", () => {
    const j = json();
    expect(resources(j, "aws_ssm_parameter")).toEqual([]);
    expect(JSON.stringify(j)).not.toContain("set-out-of-band");
  });

  test("parameters earlier versions managed are forgotten from the state, never destroyed", () => {
    // The addresses the parameters had in every environment's state (same construct path).
    expect((json() as any).removed).toEqual([
      { from: "aws_ssm_parameter.ServerlessApi_ParameterPINECONEAPIKEY_8088C907", lifecycle: { destroy: false } },
      { from: "aws_ssm_parameter.ServerlessApi_ParameterPINECONEINDEXNAME_14EACD5C", lifecycle: { destroy: false } },
      { from: "aws_ssm_parameter.ServerlessApi_ParameterHYPERCLOVAAPIKEY_7779086A", lifecycle: { destroy: false } },
    ]);
  });

  test("names and ARNs of the parameters are exposed for outputs and grants", () => {
    let api: ServerlessApi | undefined;
    Testing.synthScope((scope) => {
      api = new ServerlessApi(scope, "ServerlessApi", props);
    });
    expect(api!.parameterNames).toEqual({
      PINECONE_API_KEY: "/chatbot/test/PINECONE_API_KEY",
      PINECONE_INDEX_NAME: "/chatbot/test/PINECONE_INDEX_NAME",
      HYPERCLOVA_API_KEY: "/chatbot/test/HYPERCLOVA_API_KEY",
    });
    expect(api!.parameterArns.HYPERCLOVA_API_KEY).toBe("arn:aws:ssm:ap-southeast-2:123456789012:parameter/chatbot/test/HYPERCLOVA_API_KEY");
  });

  test("the execution role reads exactly its parameters and decrypts only with the parameters' key", () => {
    const permissions = doc(json(), "FunctionPermissions");
    const bySid = Object.fromEntries(permissions.statement.map((s: any) => [s.sid, s]));
    expect(bySid.ReadParameters.actions).toEqual(["ssm:GetParameter", "ssm:GetParameters"]);
    expect(bySid.ReadParameters.resources).toEqual([
      "arn:aws:ssm:ap-southeast-2:123456789012:parameter/chatbot/test/PINECONE_API_KEY",
      "arn:aws:ssm:ap-southeast-2:123456789012:parameter/chatbot/test/PINECONE_INDEX_NAME",
      "arn:aws:ssm:ap-southeast-2:123456789012:parameter/chatbot/test/HYPERCLOVA_API_KEY",
    ]);
    expect(bySid.DecryptParameters.actions).toEqual(["kms:Decrypt"]);
    expect(bySid.DecryptParameters.resources).toEqual(["${aws_kms_key.ServerlessApi_ParametersKey_E84CA42D.arn}"]);
    expect(bySid.WriteLogs.resources).toEqual(["${aws_cloudwatch_log_group.ServerlessApi_FunctionLogGroup_0E41D443.arn}:*"]);
    const actions = permissions.statement.flatMap((s: any) => s.actions);
    expect(actions.some((a: string) => a.endsWith(":*") || a === "*")).toBe(false);
    const trust = doc(json(), "FunctionTrust");
    expect(trust.statement[0].principals).toEqual([{ type: "Service", identifiers: ["lambda.amazonaws.com"] }]);
  });

  test("log groups are KMS-encrypted with retention", () => {
    const groups = resources(json({ logRetentionDays: 90 }), "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name).sort()).toEqual(["/aws/apigateway/chatbot-test-chat-api", "/aws/lambda/chatbot-backend-lambda"]);
    for (const g of groups) {
      expect(g.retention_in_days).toBe(90);
      expect(g.kms_key_id).toMatch(/aws_kms_key\.ServerlessApi_LogsKey/);
    }
  });

  test("POST /chat is proxied to the function within the API's 30 s", () => {
    expect(synth()).toHaveResourceWithProperties(Apigatewayv2Route, { route_key: "POST /chat" });
    expect(synth()).toHaveResourceWithProperties(Apigatewayv2Integration, {
      integration_type: "AWS_PROXY",
      payload_format_version: "2.0",
      timeout_milliseconds: 30000,
    });
    expect(synth()).toHaveResourceWithProperties(LambdaPermission, { principal: "apigateway.amazonaws.com", action: "lambda:InvokeFunction" });
    const [permission] = resources(json(), "aws_lambda_permission");
    expect(permission.source_arn).toMatch(/^\$\{aws_apigatewayv2_api\.[A-Za-z0-9_]+\.execution_arn\}\/\*\/POST\/chat$/);
  });

  test("CORS allows exactly the configured origins; the stage logs JSON and throttles", () => {
    const j = json();
    const [api] = resources(j, "aws_apigatewayv2_api");
    expect(api.cors_configuration.allow_origins).toEqual(["https://a.example.com", "https://b.example.com"]);
    expect(api.cors_configuration.allow_methods).toEqual(["POST", "OPTIONS"]);
    const [stage] = resources(j, "aws_apigatewayv2_stage");
    expect(JSON.parse(stage.access_log_settings.format)).toEqual(expect.objectContaining({ requestId: "$context.requestId", status: "$context.status" }));
    expect(stage.default_route_settings).toEqual({ throttling_rate_limit: 10, throttling_burst_limit: 20, detailed_metrics_enabled: true });
  });

  test("in a VPC: private subnets, its own security group with HTTPS egress only, and the VPC access policy", () => {
    const j = json({ vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"] } });
    const [fn] = resources(j, "aws_lambda_function");
    expect(fn.vpc_config.subnet_ids).toEqual(["subnet-a", "subnet-b"]);
    const rules = resources(j, "aws_security_group_rule");
    expect(rules.map((r) => [r.type, r.from_port, r.cidr_blocks])).toEqual([["egress", 443, ["0.0.0.0/0"]]]);
    expect(resources(j, "aws_iam_role_policy_attachment")[0].policy_arn).toBe("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole");
    expect(resources(json(), "aws_lambda_function")[0].vpc_config).toBeUndefined();
  });

  test("in a VPC, a destroy first moves the function's ENIs to the VPC's default security group", () => {
    const [inVpc] = resources(json({ vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"] } }), "aws_lambda_function");
    expect(inVpc.replace_security_groups_on_destroy).toBe(true);
    // No replacement list: the provider looks up the VPC's default group itself.
    expect(inVpc.replacement_security_group_ids).toBeUndefined();
    const [outside] = resources(json(), "aws_lambda_function");
    expect(outside.replace_security_groups_on_destroy).toBeUndefined();
  });

  test("in a VPC, its own group opens each data store's ports towards the data subnets", () => {
    const vpc = {
      vpcId: "vpc-1",
      subnetIds: ["subnet-a"],
      dataSubnetCidrs: ["10.0.136.0/24", "10.0.137.0/24"],
      dataStores: [
        { id: "Postgres", description: "PostgreSQL", fromPort: 5432, toPort: 5432 },
        { id: "Atlas", description: "MongoDB Atlas private endpoint", fromPort: 1024, toPort: 65535 },
      ],
    };
    const j = json({ vpc });
    const rules = Object.entries(j.resource!.aws_security_group_rule as Record<string, any>).filter(([id]) => id.includes("FunctionEgress") && !id.includes("Https"));
    const byId = rules.map(([id, r]) => [id.split("_")[1], r] as const).sort(([a], [b]) => (a < b ? 1 : -1));
    expect(byId.map(([id, r]) => [id, r.type, r.protocol, r.from_port, r.to_port, r.cidr_blocks, r.description])).toEqual([
      ["FunctionEgressPostgres", "egress", "tcp", 5432, 5432, ["10.0.136.0/24", "10.0.137.0/24"], "PostgreSQL in the data subnets"],
      ["FunctionEgressAtlas", "egress", "tcp", 1024, 65535, ["10.0.136.0/24", "10.0.137.0/24"], "MongoDB Atlas private endpoint in the data subnets"],
    ]);
    for (const [, r] of rules) {
      expect(r.security_group_id).toMatch(/aws_security_group\.ServerlessApi_FunctionSecurityGroup_[0-9A-F]+\.id/);
    }
  });

  test("reserved concurrency is left out unless it is given", () => {
    const [fn] = resources(json({ reservedConcurrency: undefined }), "aws_lambda_function");
    expect(fn).not.toHaveProperty("reserved_concurrent_executions");
  });

  test("the placeholder zip holds exactly the placeholder sources", () => {
    const listing = spawnSync("python3", ["-c", "import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))", PLACEHOLDER_CODE_ZIP], {
      encoding: "utf8",
    });
    expect(listing.status).toBe(0);
    const dir = path.join(path.dirname(PLACEHOLDER_CODE_ZIP), "backend-placeholder");
    const sources = Object.fromEntries(fs.readdirSync(dir).filter((n) => !n.startsWith(".")).map((n) => [n, fs.readFileSync(path.join(dir, n), "utf8")]));
    expect(JSON.parse(listing.stdout)).toEqual(sources);
  });

  describe("JWT authorizer", () => {
    const authorizer = { issuer: "https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Example", audiences: ["client-a", "client-b"] };

    test("without one no authorizer exists and the route is open", () => {
      const j = json();
      expect(resources(j, "aws_apigatewayv2_authorizer")).toEqual([]);
      const [route] = resources(j, "aws_apigatewayv2_route");
      expect(route.authorization_type).toBeUndefined();
      expect(route.authorizer_id).toBeUndefined();
    });

    test("a JWT authorizer with the issuer, audiences and the Authorization header by default", () => {
      expect(synth({ authorizer })).toHaveResourceWithProperties(Apigatewayv2Authorizer, {
        name: "chatbot-test-jwt",
        authorizer_type: "JWT",
        identity_sources: ["$request.header.Authorization"],
        jwt_configuration: { issuer: authorizer.issuer, audience: ["client-a", "client-b"] },
      });
      const [a] = resources(json({ authorizer: { ...authorizer, identitySource: "$request.querystring.token" } }), "aws_apigatewayv2_authorizer");
      expect(a.identity_sources).toEqual(["$request.querystring.token"]);
    });

    test("every route requires it; CORS preflight stays with the API's CORS configuration, no OPTIONS route exists", () => {
      const j = json({ authorizer });
      const routes = resources(j, "aws_apigatewayv2_route");
      expect(routes.length).toBeGreaterThan(0);
      for (const route of routes) {
        expect(route.authorization_type).toBe("JWT");
        expect(route.authorizer_id).toMatch(/^\$\{aws_apigatewayv2_authorizer\.ServerlessApi_JwtAuthorizer_[0-9A-F]+\.id\}$/);
        expect(route.route_key).not.toMatch(/^(OPTIONS|ANY) /);
        expect(route.route_key).not.toBe("$default");
      }
      const [api] = resources(j, "aws_apigatewayv2_api");
      expect(api.cors_configuration.allow_methods).toContain("OPTIONS");
      expect(api.cors_configuration.allow_headers).toContain("authorization");
    });
  });

  describe("origin verification", () => {
    const PARAM = `/chatbot/test/${ORIGIN_VERIFY_PARAMETER}`;

    test("off by default: no origin parameter, variable or grant", () => {
      const j = json();
      const [fn] = resources(j, "aws_lambda_function");
      expect(fn.environment.variables.ORIGIN_VERIFY_PARAM).toBeUndefined();
      expect(fn.environment.variables.ORIGIN_VERIFY_HEADER).toBeUndefined();
      expect(JSON.stringify(j)).not.toContain(ORIGIN_VERIFY_PARAMETER);
    });

    test("behind the edge the function gets the parameter's name and the header, and may read exactly that parameter", () => {
      const j = json({ originVerification: "header" });
      const [fn] = resources(j, "aws_lambda_function");
      expect(fn.environment.variables).toMatchObject({ ORIGIN_VERIFY_PARAM: PARAM, ORIGIN_VERIFY_HEADER: ORIGIN_VERIFY_HEADER });
      const read = doc(j, "FunctionPermissions").statement.find((st: any) => st.sid === "ReadParameters");
      expect(read.resources).toContain(`arn:aws:ssm:ap-southeast-2:123456789012:parameter${PARAM}`);
      expect(read.resources).toHaveLength(4);
    });

    test("the parameter is never a resource and never in a removed block (it was never managed)", () => {
      const j = json({ originVerification: "header" }) as any;
      expect(resources(j, "aws_ssm_parameter")).toEqual([]);
      expect(j.removed.map((r: any) => r.from)).toEqual([
        "aws_ssm_parameter.ServerlessApi_ParameterPINECONEAPIKEY_8088C907",
        "aws_ssm_parameter.ServerlessApi_ParameterPINECONEINDEXNAME_14EACD5C",
        "aws_ssm_parameter.ServerlessApi_ParameterHYPERCLOVAAPIKEY_7779086A",
      ]);
    });

    test("its name is exposed with the others for the operator's put-parameter", () => {
      let api: ServerlessApi | undefined;
      Testing.synthScope((scope) => {
        api = new ServerlessApi(scope, "ServerlessApi", { ...props, originVerification: "header" });
      });
      expect(api!.parameterNames[ORIGIN_VERIFY_PARAMETER]).toBe(PARAM);
    });
  });

  describe("errors", () => {
    test("a timeout the API cannot wait for", () => {
      expect(() => synth({ timeoutSeconds: 300 })).toThrow(
        [
          "ServerlessApi chatbot-backend-lambda: 1 invalid prop; nothing was created:",
          "  - timeoutSeconds: 300 is longer than the 30 s an API Gateway HTTP API waits for its Lambda integration: requests would fail with 503 after 30 s while the function keeps running and billing",
          "    allowed: 1 to 30 seconds on the synchronous POST /chat path",
          "    fix: set timeoutSeconds to 30 or less; for longer work, stream the answer from a Lambda function URL (up to 15 min) or accept the request, queue the job on SQS and let the client poll",
        ].join("\n"),
      );
    });

    test("data stores with no data subnets to reach them in", () => {
      const vpc = { vpcId: "vpc-1", subnetIds: ["subnet-a"], dataStores: [{ id: "Redis", description: "Redis", fromPort: 6379, toPort: 6379 }] };
      expect(() => synth({ vpc })).toThrow(
        [
          "ServerlessApi chatbot-backend-lambda: 1 invalid prop; nothing was created:",
          '  - vpc.dataSubnetCidrs: [] is empty, but vpc.dataStores ["Redis"] need the data subnets to open egress towards',
          "    allowed: the CIDR blocks of the data subnets",
          "    fix: pass the data subnets' CIDR blocks, or no dataStores",
        ].join("\n"),
      );
    });

    test("reports every bad prop at once: names, sizes, parameters, origins, throttling", () => {
      expect(() =>
        synth({
          namePrefix: "Chatbot_Test",
          functionName: "chat backend",
          roleName: "chat backend",
          parameterPath: "/chatbot/test",
          parameters: [
            { name: "API_KEY", envVar: "API_KEY_PARAM" },
            { name: "API_KEY", envVar: "LOG_LEVEL" },
            { name: "bad name!", envVar: "API_KEY_PARAM" },
          ],
          memoryMb: 64,
          reservedConcurrency: 0,
          logLevel: "TRACE",
          logRetentionDays: 10,
          allowedOrigins: ["https://a.example.com/", "*"],
          throttlingRateLimit: 100,
          throttlingBurstLimit: 50,
        }),
      ).toThrow(
        [
          "ServerlessApi chat backend: 14 invalid props; nothing was created:",
          '  - namePrefix: "Chatbot_Test" is not a valid name prefix',
          "    allowed: lower-case letters, digits and hyphens, starting with a letter",
          '    fix: use the naming helper, e.g. "chatbot-dev"',
          '  - functionName: "chat backend" is not a Lambda function name',
          "    allowed: 1 to 64 letters, digits, '-' or '_'",
          "    fix: rename functionName",
          '  - roleName: "chat backend" is not an IAM role name',
          "    allowed: 1 to 64 letters, digits and +=,.@_-",
          "    fix: rename roleName",
          '  - parameterPath: "/chatbot/test" is not a Parameter Store path',
          "    allowed: a path that starts and ends with '/', at most 15 levels of letters, digits, '_', '.' and '-', e.g. \"/team-a/dev/\"",
          '    fix: set parameterPath to e.g. "/team-a/dev/"',
          '  - parameters[1].name: "API_KEY" repeats parameters[0].name',
          "    allowed: each parameter once",
          "    fix: remove the duplicate",
          '  - parameters[1].envVar: "LOG_LEVEL" is a variable the function already sets or Lambda reserves',
          "    allowed: a name that does not start with AWS_ and is none of ENVIRONMENT, LOG_LEVEL, ALLOWED_ORIGINS, ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_PARAM",
          '    fix: rename it, e.g. with the suffix "_PARAM"',
          '  - parameters[2].name: "bad name!" is not a parameter name',
          "    allowed: 1 to 100 letters, digits, '_', '.' or '-' (the name under the parameter path)",
          '    fix: rename it, e.g. "OPENAI_API_KEY"',
          '  - parameters[2].envVar: "API_KEY_PARAM" repeats parameters[0].envVar',
          "    allowed: each environment variable once",
          "    fix: rename one of them",
          "  - memoryMb: 64 is not a Lambda memory size",
          "    allowed: an integer from 128 to 10240 (MB)",
          "    fix: set memoryMb to 1024 (reference 002)",
          "  - reservedConcurrency: 0 is not a usable reserved concurrency",
          "    allowed: a positive integer (0 would disable the function)",
          "    fix: set reservedConcurrency, or remove it to use the unreserved pool",
          '  - logLevel: "TRACE" is not a log level',
          '    allowed: one of "DEBUG", "INFO", "WARNING", "ERROR"',
          '    fix: set logLevel to "INFO"',
          "  - logRetentionDays: 10 is not a CloudWatch Logs retention period",
          "    allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
          "    fix: set logRetentionDays to e.g. 365",
          '  - allowedOrigins[0]: "https://a.example.com/" is not an origin',
          '    allowed: scheme://host[:port] with no path or trailing slash, e.g. "https://chatbot.example.com"',
          "    fix: remove the path or trailing slash",
          "  - throttlingBurstLimit: 50 is not a burst limit at least as large as the rate limit",
          "    allowed: an integer from the rate limit to 100000",
          "    fix: set throttlingBurstLimit to about twice throttlingRateLimit",
        ].join("\n"),
      );
    });

    test("the placement's subnets, CIDR blocks and store ports are checked too", () => {
      expect(() =>
        synth({
          vpc: {
            vpcId: "vpc-1",
            subnetIds: [],
            dataSubnetCidrs: ["10.0.20.1/24"],
            dataStores: [{ id: "postgres", description: "PostgreSQL \u00e9", fromPort: 5432, toPort: 70000 }, { id: "Range", description: "Range", fromPort: 2000, toPort: 1000 }],
          },
        }),
      ).toThrow(
        [
          "ServerlessApi chatbot-backend-lambda: 6 invalid props; nothing was created:",
          "  - vpc.subnetIds: [] is empty",
          "    allowed: the IDs of the private subnets the function runs in (two or more AZs for availability)",
          "    fix: list the private app subnets",
          '  - vpc.dataSubnetCidrs[0]: "10.0.20.1/24" has host bits set (the network address is 10.0.20.0/24)',
          "    allowed: an IPv4 CIDR block such as 10.0.20.0/24",
          "    fix: pass the data subnet's CIDR block",
          '  - vpc.dataStores[0].id: "postgres" is not a store id',
          '    allowed: PascalCase letters and digits, at most 40, e.g. "Postgres"',
          '    fix: rename it, e.g. "Postgres"',
          '  - vpc.dataStores[0].description: "PostgreSQL \u00e9" is not usable in a security group rule\'s description',
          "    allowed: 1 to 180 ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
          '    fix: shorten it to plain ASCII, e.g. "PostgreSQL"',
          "  - vpc.dataStores[0].toPort: 70000 is not a TCP port",
          "    allowed: an integer from 1 to 65535",
          "    fix: pass the store's last port (its fromPort for a single port)",
          "  - vpc.dataStores[1].toPort: 1000 is below fromPort (2000)",
          "    allowed: a port at least fromPort",
          "    fix: swap fromPort and toPort",
        ].join("\n"),
      );
    });

    test("the authorizer is checked with the config's rules, at the prop's path", () => {
      expect(() => synth({ authorizer: { issuer: "http://idp.example.com", audiences: [] } })).toThrow(
        [
          "ServerlessApi chatbot-backend-lambda: 2 invalid props; nothing was created:",
          '  - authorizer.issuer: "http://idp.example.com" is not an https:// URL',
        ].join("\n"),
      );
    });
  });
});

describe("serverless stack: the authorizer and origin verification come from the environment", () => {
  const dev = ENVIRONMENTS.find((e) => e.name === "dev")!;
  const stackJson = (env: EnvironmentConfig): TfJson => {
    const app = Testing.app();
    const network = new NetworkStack(app, { env, backendSettings, state: STATE });
    return synthStack(new ServerlessStack(app, { env, backendSettings, state: STATE, network: network.network }));
  };

  test("an edge section turns origin verification on; without one the function is as before", () => {
    const [behind] = resources(stackJson({ ...dev, edge: exampleEdge(null) }), "aws_lambda_function");
    expect(behind.environment.variables).toMatchObject({ ORIGIN_VERIFY_PARAM: `/chatbot/dev/${ORIGIN_VERIFY_PARAMETER}`, ORIGIN_VERIFY_HEADER: "x-origin-verify" });
    const [plain] = resources(stackJson({ ...dev, edge: undefined }), "aws_lambda_function");
    expect(plain.environment.variables.ORIGIN_VERIFY_PARAM).toBeUndefined();
  });

  test("the parameter_names output lists the origin verification parameter for the operator", () => {
    const out = stackJson({ ...dev, edge: exampleEdge(null) }).output!.parameter_names.value;
    expect(out).toContain(`/chatbot/dev/${ORIGIN_VERIFY_PARAMETER}`);
  });

  test("serverless.authorizer becomes the routes' JWT authorizer", () => {
    const j = stackJson({ ...dev, serverless: { ...dev.serverless, authorizer: { issuer: "https://idp.example.com", audiences: ["web"] } } });
    const [a] = resources(j, "aws_apigatewayv2_authorizer");
    expect(a.jwt_configuration).toEqual({ issuer: "https://idp.example.com", audience: ["web"] });
    expect(resources(j, "aws_apigatewayv2_route").every((r) => r.authorization_type === "JWT")).toBe(true);
  });
});
