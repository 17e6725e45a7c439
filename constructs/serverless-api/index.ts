/**
 * ServerlessApi: the synchronous request path of reference 002, API Gateway HTTP API
 * `POST /chat` -> Lambda `chatbot-backend-lambda` (python3.12, `main.lambda_handler`), with its
 * settings in Parameter Store under `/chatbot/<env>/`.
 *
 * - Parameters are *not* Terraform resources: the provider's Read always fetches a SecureString
 *   decrypted (GetParameter WithDecryption), so a managed parameter puts the secret in the state and
 *   makes every plan need kms:Decrypt. The construct owns their names, the SecureString key and the
 *   function's grants; people create the values with
 *   `aws ssm put-parameter --type SecureString --key-id <key> --name <name> --value ...`
 *   (`parameterNames`, `parametersKey`). Parameters earlier versions managed are forgotten from the
 *   state by `removed` blocks, never deleted.
 * - The function gets the parameter *names* as environment variables, X-Ray tracing, a KMS-encrypted
 *   log group with retention, and a role that may only write its logs and traces, read exactly its
 *   parameters and decrypt with the parameters' key.
 * - In a VPC: its own security group, HTTPS out, and out to the data subnets on the ports of the
 *   stores it uses (owned here, so the data stack never edits this group); on destroy its ENIs are
 *   moved to the VPC's default group first, so deleting its group does not wait for them.
 * - Its code is a placeholder package; the deploy pipeline replaces it and the stack ignores code
 *   changes, so an apply never reverts a release.
 * - An HTTP API integration times out at 30 s; a longer function timeout is rejected.
 * - Optional JWT authorizer on every route (`authorizer`); CORS preflight stays unauthenticated.
 * - Behind the edge (`originVerification: "header"`) the function also gets the name of the
 *   ORIGIN_VERIFY_TOKEN SecureString (set out of band like the others, never by Terraform) in
 *   `ORIGIN_VERIFY_PARAM`, and the header it must find it in, in `ORIGIN_VERIFY_HEADER`.
 */
import { Construct } from "constructs";
import { AssetType, TerraformAsset } from "cdktf";
import { Apigatewayv2Api } from "@cdktf/provider-aws/lib/apigatewayv2-api";
import { Apigatewayv2Authorizer } from "@cdktf/provider-aws/lib/apigatewayv2-authorizer";
import { Apigatewayv2Integration } from "@cdktf/provider-aws/lib/apigatewayv2-integration";
import { Apigatewayv2Route } from "@cdktf/provider-aws/lib/apigatewayv2-route";
import { Apigatewayv2Stage } from "@cdktf/provider-aws/lib/apigatewayv2-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { EncryptionKey } from "../encryption-key";
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_PARAMETER } from "../../lib/types/edge";
import { ForgottenResource } from "./private/forgotten-resource";

/** The longest an HTTP API waits for its integration. */
export const HTTP_API_INTEGRATION_LIMIT_SECONDS = 30;

/** A Parameter Store entry the function reads by name. */
export interface AppParameter {
  /** Name under the parameter path, e.g. `PINECONE_API_KEY`. */
  readonly name: string;
  /** Environment variable that carries the parameter's full name, e.g. `PINECONE_API_KEY_PARAM`. */
  readonly envVar: string;
}

/** Reference 002's parameters. */
export const BACKEND_PARAMETERS: readonly AppParameter[] = [
  { name: "PINECONE_API_KEY", envVar: "PINECONE_API_KEY_PARAM" },
  { name: "PINECONE_INDEX_NAME", envVar: "PINECONE_INDEX_NAME_PARAM" },
  { name: "HYPERCLOVA_API_KEY", envVar: "HYPERCLOVA_API_KEY_PARAM" },
];

/**
 * The origin verification parameter (lib/types/edge.ts): the token the edge puts in the
 * ORIGIN_VERIFY_HEADER of every request it forwards, which the function compares.
 */
export const ORIGIN_VERIFY_APP_PARAMETER: AppParameter = { name: ORIGIN_VERIFY_PARAMETER, envVar: "ORIGIN_VERIFY_PARAM" };

/**
 * Whether the function refuses requests that did not come through the edge:
 * - `none`: every request reaches the code (no edge in front of the API);
 * - `header`: the function reads ORIGIN_VERIFY_APP_PARAMETER too and refuses (403) a request whose
 *   ORIGIN_VERIFY_HEADER does not carry its value, so the public execute-api endpoint is useless
 *   without going through CloudFront.
 */
export type OriginVerification = "none" | "header";

/** Default identity source of a JWT authorizer. */
export const DEFAULT_JWT_IDENTITY_SOURCE = "$request.header.Authorization";

/** A JWT authorizer on every route of the API (API Gateway validates the token before the function runs). */
export interface ServerlessApiAuthorizerProps {
  /** Issuer URL (`https://...`) the token's `iss` must equal; its `/.well-known/openid-configuration` gives the keys. */
  readonly issuer: string;
  /** Accepted `aud` (or `client_id`) values, at least one. */
  readonly audiences: readonly string[];
  /**
   * Where the token is read from (`$request.header.<Name>` or `$request.querystring.<name>`).
   * @default DEFAULT_JWT_IDENTITY_SOURCE
   */
  readonly identitySource?: string;
}

/** A store in the data subnets the function connects to: one egress rule towards its ports. */
export interface ServerlessApiDataStore {
  /** PascalCase name of the store, part of the rule's construct id, e.g. `Postgres`. */
  readonly id: string;
  /** What the store is, for the rule's description (ASCII), e.g. `PostgreSQL`. */
  readonly description: string;
  /** First TCP port of the store. */
  readonly fromPort: number;
  /** Last TCP port of the store (`fromPort` for a single port). */
  readonly toPort: number;
}

export interface ServerlessApiVpcProps {
  /** VPC of the subnets (for the function's security group). */
  readonly vpcId: string;
  /** Private app subnets (egress through NAT). */
  readonly subnetIds: string[];
  /**
   * CIDR blocks of the data subnets, the destination of the egress to `dataStores`.
   * @default - none; required when `dataStores` is not empty
   */
  readonly dataSubnetCidrs?: readonly string[];
  /**
   * Stores in the data subnets the function connects to.
   * @default - none: HTTPS is the only egress
   */
  readonly dataStores?: readonly ServerlessApiDataStore[];
}

export interface ServerlessApiProps {
  /** Prefix of physical names, e.g. `chatbot-dev`. */
  readonly namePrefix: string;
  /** Account of the function (key policies, parameter ARNs). */
  readonly accountId: string;
  /** Region of the function (parameter and log ARNs). */
  readonly region: string;
  /** Value of the function's `ENVIRONMENT` variable. */
  readonly environmentLabel: string;
  /** Parameter Store path, `/chatbot/<env>/`. */
  readonly parameterPath: string;
  /**
   * Parameters the function reads.
   * @default BACKEND_PARAMETERS
   */
  readonly parameters?: readonly AppParameter[];
  /** Function name. */
  readonly functionName: string;
  /** Name of the execution role (workload roles follow a pattern other policies match). */
  readonly roleName: string;
  /** Zip file of the placeholder code package (handler `main.lambda_handler`). */
  readonly placeholderCodeZip: string;
  /** Memory of the function in MB (also scales its CPU). */
  readonly memoryMb: number;
  /** Function timeout, 1 to 30 seconds (the API's integration limit). */
  readonly timeoutSeconds: number;
  /**
   * Reserved concurrency.
   * @default - unreserved
   */
  readonly reservedConcurrency?: number;
  /** The function's `LOG_LEVEL`. */
  readonly logLevel: string;
  /** Days the function's and the API's log groups keep events. */
  readonly logRetentionDays: number;
  /** CORS allowed origins (also the function's `ALLOWED_ORIGINS`). */
  readonly allowedOrigins: readonly string[];
  /** Steady-state requests per second the API stage accepts. */
  readonly throttlingRateLimit: number;
  /** Burst of requests the API stage accepts. */
  readonly throttlingBurstLimit: number;
  /**
   * Run the function in these subnets.
   * @default - outside any VPC
   */
  readonly vpc?: ServerlessApiVpcProps;
  /**
   * A JWT authorizer on every route. CORS preflight requests stay unauthenticated: with a CORS
   * configuration, API Gateway answers OPTIONS itself and no OPTIONS route exists.
   * @default - no authorizer: the routes are open (stage throttling still applies)
   */
  readonly authorizer?: ServerlessApiAuthorizerProps;
  /**
   * Whether the function checks that requests came through the edge; see OriginVerification.
   * @default "none"
   */
  readonly originVerification?: OriginVerification;
}

const CODE_ATTRIBUTES = ["filename", "source_code_hash", "s3_bucket", "s3_key", "s3_object_version", "image_uri"];

export class ServerlessApi extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  /** The function's security group when it runs in the VPC (clients of the data tier allow it in). */
  public readonly securityGroup?: SecurityGroup;
  public readonly api: Apigatewayv2Api;
  public readonly stage: Apigatewayv2Stage;
  /** Full Parameter Store name of each parameter, by parameter name (`PINECONE_API_KEY` -> `/chatbot/<env>/PINECONE_API_KEY`). */
  public readonly parameterNames: Readonly<Record<string, string>>;
  /** ARN of each parameter, by parameter name. */
  public readonly parameterArns: Readonly<Record<string, string>>;
  /** Key the parameters are created with (`--key-id`) and the function's environment is encrypted with. */
  public readonly parametersKey: EncryptionKey;
  public readonly logsKey: EncryptionKey;
  /** Base URL of the API (`POST <url>/chat`). */
  public readonly apiUrl: string;
  /** Region of the function and its parameters. */
  private readonly region: string;
  /** The JWT authorizer of the routes, when one is configured. */
  public readonly authorizer?: Apigatewayv2Authorizer;

  constructor(scope: Construct, id: string, props: ServerlessApiProps) {
    super(scope, id);
    if (props.timeoutSeconds > HTTP_API_INTEGRATION_LIMIT_SECONDS) {
      throw new Error(
        `ServerlessApi ${props.functionName}: timeoutSeconds ${props.timeoutSeconds} exceeds the ${HTTP_API_INTEGRATION_LIMIT_SECONDS} s an HTTP API waits for its integration`,
      );
    }
    const dataStores = props.vpc?.dataStores ?? [];
    const dataSubnetCidrs = props.vpc?.dataSubnetCidrs ?? [];
    if (dataStores.length > 0 && dataSubnetCidrs.length === 0) {
      throw new Error(
        `ServerlessApi ${props.functionName}: vpc.dataStores ${JSON.stringify(dataStores.map((d) => d.id))} need vpc.dataSubnetCidrs to open egress towards; pass the data subnets' CIDR blocks`,
      );
    }
    const name = (suffix: string): string => `${props.namePrefix}-${suffix}`;
    this.region = props.region;
    const originVerification = props.originVerification ?? "none";
    const parameters = [...(props.parameters ?? BACKEND_PARAMETERS), ...(originVerification === "header" ? [ORIGIN_VERIFY_APP_PARAMETER] : [])];
    const logArn = (group: string): string => `arn:aws:logs:${props.region}:${props.accountId}:log-group:${group}`;
    const functionLogGroupName = `/aws/lambda/${props.functionName}`;
    const apiLogGroupName = `/aws/apigateway/${name("chat-api")}`;

    // Keys: one for the parameters and the function's environment, one for the logs.
    this.parametersKey = new EncryptionKey(this, "ParametersKey", {
      aliasName: name("parameters"),
      description: `Encrypts the Parameter Store secrets and Lambda environment of ${props.namePrefix}`,
      accountId: props.accountId,
    });
    this.logsKey = new EncryptionKey(this, "LogsKey", {
      aliasName: name("serverless-logs"),
      description: `Encrypts the Lambda and API logs of ${props.namePrefix}`,
      accountId: props.accountId,
      serviceUsers: [
        {
          sid: "CloudWatchLogs",
          servicePrincipal: `logs.${props.region}.amazonaws.com`,
          conditions: [{ test: "ArnEquals", variable: "kms:EncryptionContext:aws:logs:arn", values: [logArn(functionLogGroupName), logArn(apiLogGroupName)] }],
        },
      ],
    });

    // Parameters: names and grants only, the values never pass through Terraform (see the header).
    // Earlier versions declared them under these ids; `removed` drops them from the state and keeps them.
    // The origin verification parameter came later and was never a resource.
    const names: Record<string, string> = {};
    const arns: Record<string, string> = {};
    for (const p of parameters) {
      names[p.name] = `${props.parameterPath}${p.name}`;
      arns[p.name] = `arn:aws:ssm:${props.region}:${props.accountId}:parameter${props.parameterPath}${p.name}`;
      if (p !== ORIGIN_VERIFY_APP_PARAMETER) {
        new ForgottenResource(this, `Parameter${p.name.replace(/_/g, "")}`, "aws_ssm_parameter");
      }
    }
    this.parameterNames = names;
    this.parameterArns = arns;

    // Logs.
    const functionLogs = new CloudwatchLogGroup(this, "FunctionLogGroup", {
      name: functionLogGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.logsKey.keyArn,
    });
    const apiLogs = new CloudwatchLogGroup(this, "ApiLogGroup", {
      name: apiLogGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: this.logsKey.keyArn,
    });

    // Execution role.
    const trust = new DataAwsIamPolicyDocument(this, "FunctionTrust", {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }],
        },
      ],
    });
    this.role = new IamRole(this, "FunctionRole", {
      name: props.roleName,
      description: "Execution role of the backend Lambda",
      assumeRolePolicy: trust.json,
    });
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      { sid: "WriteLogs", effect: "Allow", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: [`${functionLogs.arn}:*`] },
      // X-Ray has no resource-level permissions: AWS requires "*".
      { sid: "WriteTraces", effect: "Allow", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
      {
        sid: "ReadParameters",
        effect: "Allow",
        actions: ["ssm:GetParameter", "ssm:GetParameters"],
        resources: parameters.map((p) => arns[p.name]),
      },
      { sid: "DecryptParameters", effect: "Allow", actions: ["kms:Decrypt"], resources: [this.parametersKey.keyArn] },
    ];
    const rolePolicy = new IamRolePolicy(this, "FunctionRolePolicy", {
      name: "backend-lambda",
      role: this.role.id,
      policy: new DataAwsIamPolicyDocument(this, "FunctionPermissions", { statement: statements }).json,
    });

    // Optional VPC placement: own security group, egress HTTPS only.
    let vpcConfig: LambdaFunction["vpcConfigInput"];
    let vpcAccess: IamRolePolicyAttachment | undefined;
    if (props.vpc) {
      const sg = new SecurityGroup(this, "FunctionSecurityGroup", {
        name: name("backend-lambda"),
        // A group's description cannot change without replacing the group: keep it as created.
        description: "Backend Lambda: no inbound, HTTPS out (AI providers through NAT, AWS APIs)",
        vpcId: props.vpc.vpcId,
        tags: { Name: name("backend-lambda") },
      });
      this.securityGroup = sg;
      new SecurityGroupRule(this, "FunctionEgressHttps", {
        type: "egress",
        securityGroupId: sg.id,
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ["0.0.0.0/0"],
        description: "HTTPS to AI providers through NAT and to VPC endpoints",
      });
      // The data stores' ports, to the data subnets: this stack owns every rule of its group, so
      // replacing the group or a store never waits on the other stack.
      for (const store of dataStores) {
        new SecurityGroupRule(this, `FunctionEgress${store.id}`, {
          type: "egress",
          securityGroupId: sg.id,
          protocol: "tcp",
          fromPort: store.fromPort,
          toPort: store.toPort,
          cidrBlocks: [...dataSubnetCidrs],
          description: `${store.description} in the data subnets`,
        });
      }
      vpcConfig = { subnetIds: props.vpc.subnetIds, securityGroupIds: [sg.id] };
      // The AWS-managed policy for the ENIs Lambda creates in the subnets (needs "*" resources).
      vpcAccess = new IamRolePolicyAttachment(this, "FunctionVpcAccess", {
        role: this.role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
      });
    }

    // A prebuilt zip shipped as a file asset: cdktf copies it as is (an ARCHIVE asset would zip a
    // directory in a child process per stack, the largest cost of a synth).
    const code = new TerraformAsset(this, "PlaceholderCode", { path: props.placeholderCodeZip, type: AssetType.FILE });
    const environment: Record<string, string> = {
      ENVIRONMENT: props.environmentLabel,
      LOG_LEVEL: props.logLevel,
      ALLOWED_ORIGINS: props.allowedOrigins.join(","),
    };
    for (const p of parameters) {
      environment[p.envVar] = `${props.parameterPath}${p.name}`;
    }
    if (originVerification === "header") {
      environment.ORIGIN_VERIFY_HEADER = ORIGIN_VERIFY_HEADER;
    }
    this.function = new LambdaFunction(this, "Function", {
      functionName: props.functionName,
      description: "Chatbot backend behind POST /chat",
      role: this.role.arn,
      runtime: "python3.12",
      handler: "main.lambda_handler",
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      filename: code.path,
      sourceCodeHash: code.assetHash,
      environment: { variables: environment },
      kmsKeyArn: this.parametersKey.keyArn,
      tracingConfig: { mode: "Active" },
      vpcConfig,
      // On destroy, move the function's ENIs to the VPC's default security group first (the
      // provider looks it up by name; the network keeps it without rules, which is all a
      // placeholder needs), so deleting this function's group does not wait for Lambda to
      // release the ENIs.
      replaceSecurityGroupsOnDestroy: props.vpc ? true : undefined,
      loggingConfig: { logFormat: "JSON", logGroup: functionLogs.name },
      // The deploy pipeline owns the code after the first apply.
      lifecycle: { ignoreChanges: CODE_ATTRIBUTES },
      dependsOn: [rolePolicy, functionLogs, ...(vpcAccess ? [vpcAccess] : [])],
    });

    // HTTP API: POST /chat -> the function.
    this.api = new Apigatewayv2Api(this, "Api", {
      name: name("chat-api"),
      description: "Chatbot API (POST /chat)",
      protocolType: "HTTP",
      corsConfiguration: {
        allowOrigins: [...props.allowedOrigins],
        allowMethods: ["POST", "OPTIONS"],
        allowHeaders: ["content-type", "authorization"],
        maxAge: 300,
      },
    });
    const integration = new Apigatewayv2Integration(this, "Integration", {
      apiId: this.api.id,
      integrationType: "AWS_PROXY",
      integrationMethod: "POST",
      integrationUri: this.function.invokeArn,
      payloadFormatVersion: "2.0",
      timeoutMilliseconds: HTTP_API_INTEGRATION_LIMIT_SECONDS * 1000,
    });
    // Optional JWT authorizer on every route. Preflight (OPTIONS) never reaches it: API Gateway
    // answers preflight requests from the CORS configuration, and no OPTIONS route exists.
    if (props.authorizer) {
      this.authorizer = new Apigatewayv2Authorizer(this, "JwtAuthorizer", {
        apiId: this.api.id,
        name: name("jwt"),
        authorizerType: "JWT",
        identitySources: [props.authorizer.identitySource ?? DEFAULT_JWT_IDENTITY_SOURCE],
        jwtConfiguration: { issuer: props.authorizer.issuer, audience: [...props.authorizer.audiences] },
      });
    }
    const routeAuth = this.authorizer ? { authorizationType: "JWT", authorizerId: this.authorizer.id } : {};
    new Apigatewayv2Route(this, "ChatRoute", {
      apiId: this.api.id,
      routeKey: "POST /chat",
      target: `integrations/${integration.id}`,
      ...routeAuth,
    });
    this.stage = new Apigatewayv2Stage(this, "Stage", {
      apiId: this.api.id,
      name: "$default",
      autoDeploy: true,
      accessLogSettings: {
        destinationArn: apiLogs.arn,
        format: JSON.stringify({
          requestId: "$context.requestId",
          ip: "$context.identity.sourceIp",
          requestTime: "$context.requestTime",
          routeKey: "$context.routeKey",
          status: "$context.status",
          protocol: "$context.protocol",
          responseLength: "$context.responseLength",
          integrationLatency: "$context.integrationLatency",
          integrationError: "$context.integrationErrorMessage",
        }),
      },
      defaultRouteSettings: {
        throttlingRateLimit: props.throttlingRateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit,
        detailedMetricsEnabled: true,
      },
    });
    new LambdaPermission(this, "ApiInvoke", {
      statementId: "AllowChatApiInvoke",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.api.executionArn}/*/POST/chat`,
    });
    this.apiUrl = this.stage.invokeUrl;
  }

  /**
   * Lets `role` read the origin verification token (ORIGIN_VERIFY_PARAMETER) and decrypt it with
   * the parameters' key through Parameter Store, nothing else: for another backend behind the
   * same edge (the EKS services behind the load balancer) that checks the same header.
   */
  public grantOriginVerifyRead(role: IamRole): IamRolePolicy {
    const arn = this.parameterArns[ORIGIN_VERIFY_PARAMETER];
    if (arn === undefined) {
      throw new Error(`ServerlessApi ${this.node.path}: grantOriginVerifyRead needs originVerification "header" (no origin verification parameter without an edge)`);
    }
    const doc = new DataAwsIamPolicyDocument(role, "OriginVerifyReadPolicyDocument", {
      statement: [
        { sid: "ReadOriginVerifyToken", effect: "Allow", actions: ["ssm:GetParameter"], resources: [arn] },
        {
          sid: "DecryptOriginVerifyToken",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: [this.parametersKey.keyArn],
          condition: [{ test: "StringEquals", variable: "kms:ViaService", values: [`ssm.${this.region}.amazonaws.com`] }],
        },
      ],
    });
    return new IamRolePolicy(role, "OriginVerifyRead", { name: "origin-verify-read", role: role.id, policy: doc.json });
  }

  /**
   * Lets `role` deploy new code and configuration to the function (and read it back); nothing
   * else, and no iam:PassRole, so the function's role cannot be swapped.
   */
  public grantCodeDeploy(role: IamRole): IamRolePolicy {
    const doc = new DataAwsIamPolicyDocument(role, "LambdaDeployPolicyDocument", {
      statement: [
        {
          sid: "DeployFunction",
          effect: "Allow",
          actions: [
            "lambda:GetFunction",
            "lambda:GetFunctionConfiguration",
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
            "lambda:PublishVersion",
          ],
          resources: [this.function.arn],
        },
      ],
    });
    return new IamRolePolicy(role, "LambdaDeploy", { name: "lambda-deploy", role: role.id, policy: doc.json });
  }
}
