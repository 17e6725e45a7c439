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
import { AssetType, Fn, TerraformAsset } from "cdktf";
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
import { LOG_LEVELS, LOG_RETENTION_DAYS } from "../../lib/config";
import { parseCidr } from "../../lib/cidr";
import { idPart } from "../../lib/naming";
import { Problems, isInt, isRecord, oneOf } from "../../lib/problems";
import { PropPaths, PropProblems, checkProps } from "../../lib/prop-checks";
import { joinText, known } from "../../lib/token-values";
import { validateJwtAuthorizer } from "../../lib/validate-authorizer";
import { ForgottenResource } from "./private/forgotten-resource";
import { ListedParameters } from "./private/listed-parameters";

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

/** Memory a Lambda function may have, in MB. */
const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 };
/** Requests per second (and burst) an HTTP API stage's default route accepts here. */
const THROTTLING_MAX = 100_000;
const NAME_PREFIX_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const FUNCTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
/** A CORS origin: scheme://host[:port], no path. */
export const ORIGIN_PATTERN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;
/** A Parameter Store path: `/`, then segments of letters, digits, `_`, `.`, `-`, each ending in `/`. */
const PARAMETER_PATH_PATTERN = /^\/([A-Za-z0-9_.-]+\/){0,14}$/;
const PARAMETER_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
const ENV_VAR_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Environment variables the function already sets (and the ones Lambda reserves start with AWS_). */
export const OWN_ENV_VARS = ["ENVIRONMENT", "LOG_LEVEL", "ALLOWED_ORIGINS", "ORIGIN_VERIFY_HEADER", ORIGIN_VERIFY_APP_PARAMETER.envVar];
/** PascalCase construct-id part of a data store. */
const STORE_ID_PATTERN = /^[A-Z][A-Za-z0-9]{0,39}$/;
/** What EC2 accepts in a security group rule's description. */
const RULE_DESCRIPTION_PATTERN = /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,200}$/;

/**
 * Pure validation of ServerlessApiProps: every problem at once, at `paths`. The config validation
 * (lib/validate.ts) calls it for `<env>.serverless`; the construct runs it on its own props; the
 * generated module (tools/modules) takes its validation messages from it. Values that are Terraform
 * expressions (tokens, in the module) are left to the module's validation blocks.
 */
export function validateServerlessApiProps(props: ServerlessApiProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const at = (prop: string): string => p.name(prop);
  if (typeof props.namePrefix !== "string" || (known(props.namePrefix) && !NAME_PREFIX_PATTERN.test(props.namePrefix))) {
    p.add("namePrefix", props.namePrefix, "is not a valid name prefix", "lower-case letters, digits and hyphens, starting with a letter", 'use the naming helper, e.g. "chatbot-dev"');
  }
  if (typeof props.functionName !== "string" || (known(props.functionName) && !FUNCTION_NAME_PATTERN.test(props.functionName))) {
    p.add("functionName", props.functionName, "is not a Lambda function name", "1 to 64 letters, digits, '-' or '_'", `rename ${at("functionName")}`);
  }
  if (typeof props.roleName !== "string" || (known(props.roleName) && !ROLE_NAME_PATTERN.test(props.roleName))) {
    p.add("roleName", props.roleName, "is not an IAM role name", "1 to 64 letters, digits and +=,.@_-", `rename ${at("roleName")}`);
  }
  if (typeof props.parameterPath !== "string" || (known(props.parameterPath) && !PARAMETER_PATH_PATTERN.test(props.parameterPath))) {
    p.add("parameterPath", props.parameterPath, "is not a Parameter Store path", "a path that starts and ends with '/', at most 15 levels of letters, digits, '_', '.' and '-', e.g. \"/team-a/dev/\"", `set ${at("parameterPath")} to e.g. "/team-a/dev/"`);
  }
  validateParameters(p, props.parameters ?? BACKEND_PARAMETERS);
  if (!known(props.memoryMb)) {
    // Checked by the module's validation blocks.
  } else if (!isInt(props.memoryMb, LAMBDA_MEMORY_MB.min, LAMBDA_MEMORY_MB.max)) {
    p.add("memoryMb", props.memoryMb, "is not a Lambda memory size", `an integer from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max} (MB)`, `set ${at("memoryMb")} to 1024 (reference 002)`);
  }
  const limit = HTTP_API_INTEGRATION_LIMIT_SECONDS;
  if (!known(props.timeoutSeconds)) {
    // Checked by the module's validation blocks.
  } else if (typeof props.timeoutSeconds === "number" && Number.isInteger(props.timeoutSeconds) && props.timeoutSeconds > limit) {
    p.add(
      "timeoutSeconds",
      props.timeoutSeconds,
      `is longer than the ${limit} s an API Gateway HTTP API waits for its Lambda integration: requests would fail with 503 after ${limit} s while the function keeps running and billing`,
      `1 to ${limit} seconds on the synchronous POST /chat path`,
      `set ${at("timeoutSeconds")} to ${limit} or less; for longer work, stream the answer from a Lambda function URL (up to 15 min) or accept the request, queue the job on SQS and let the client poll`,
    );
  } else if (!isInt(props.timeoutSeconds, 1, limit)) {
    p.add("timeoutSeconds", props.timeoutSeconds, "is not a timeout in whole seconds", `an integer from 1 to ${limit}`, `set ${at("timeoutSeconds")} to ${limit}`);
  }
  if (props.reservedConcurrency !== undefined && props.reservedConcurrency !== null && known(props.reservedConcurrency) && !isInt(props.reservedConcurrency, 1, Number.MAX_SAFE_INTEGER)) {
    p.add("reservedConcurrency", props.reservedConcurrency, "is not a usable reserved concurrency", "a positive integer (0 would disable the function)", `set ${at("reservedConcurrency")}, or remove it to use the unreserved pool`);
  }
  if (known(props.logLevel) && !(LOG_LEVELS as readonly unknown[]).includes(props.logLevel)) {
    p.add("logLevel", props.logLevel, "is not a log level", oneOf(LOG_LEVELS), `set ${at("logLevel")} to "INFO"`);
  }
  if (known(props.logRetentionDays) && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(props.logRetentionDays)) {
    p.add("logRetentionDays", props.logRetentionDays, "is not a CloudWatch Logs retention period", oneOf(LOG_RETENTION_DAYS), `set ${at("logRetentionDays")} to e.g. 365`);
  }
  validateOrigins(p, props.allowedOrigins);
  const rateKnown = known(props.throttlingRateLimit);
  if (rateKnown && !isInt(props.throttlingRateLimit, 1, THROTTLING_MAX)) {
    p.add("throttlingRateLimit", props.throttlingRateLimit, "is not a request rate", `an integer from 1 to ${THROTTLING_MAX} requests per second`, `set ${at("throttlingRateLimit")}`);
  }
  if (known(props.throttlingBurstLimit) && (!isInt(props.throttlingBurstLimit, 1, THROTTLING_MAX) || (rateKnown && typeof props.throttlingRateLimit === "number" && props.throttlingBurstLimit < props.throttlingRateLimit))) {
    p.add("throttlingBurstLimit", props.throttlingBurstLimit, "is not a burst limit at least as large as the rate limit", `an integer from the rate limit to ${THROTTLING_MAX}`, `set ${at("throttlingBurstLimit")} to about twice ${at("throttlingRateLimit")}`);
  }
  validateVpc(p, props.vpc);
  const authorizerPath = p.path("authorizer");
  if (authorizerPath !== undefined) {
    validateJwtAuthorizer(p.problems, authorizerPath, props.authorizer);
  }
}

function validateParameters(p: PropProblems, parameters: readonly AppParameter[]): void {
  if (!p.list("parameters", parameters, "a list of { name, envVar }", "pass a list, or leave parameters unset for the backend's") || !known(parameters)) {
    return;
  }
  const names = new Map<string, number>();
  const envVars = new Map<string, number>();
  parameters.forEach((param: unknown, i) => {
    if (!isRecord(param)) {
      p.add(`parameters[${i}]`, param, "is not a parameter", "{ name, envVar }", "replace it with { name, envVar }, or remove it");
      return;
    }
    const { name, envVar } = param as Partial<AppParameter>;
    if (typeof name !== "string" || !PARAMETER_NAME_PATTERN.test(name)) {
      p.add(`parameters[${i}].name`, name, "is not a parameter name", "1 to 100 letters, digits, '_', '.' or '-' (the name under the parameter path)", 'rename it, e.g. "OPENAI_API_KEY"');
    } else if (names.has(name)) {
      p.add(`parameters[${i}].name`, name, `repeats parameters[${names.get(name)}].name`, "each parameter once", "remove the duplicate");
    } else {
      names.set(name, i);
    }
    if (typeof envVar !== "string" || !ENV_VAR_PATTERN.test(envVar)) {
      p.add(`parameters[${i}].envVar`, envVar, "is not an environment variable name", "a letter, then letters, digits and '_'", 'rename it, e.g. "OPENAI_API_KEY_PARAM"');
    } else if (envVar.startsWith("AWS_") || OWN_ENV_VARS.includes(envVar)) {
      p.add(`parameters[${i}].envVar`, envVar, "is a variable the function already sets or Lambda reserves", `a name that does not start with AWS_ and is none of ${OWN_ENV_VARS.join(", ")}`, 'rename it, e.g. with the suffix "_PARAM"');
    } else if (envVars.has(envVar)) {
      p.add(`parameters[${i}].envVar`, envVar, `repeats parameters[${envVars.get(envVar)}].envVar`, "each environment variable once", "rename one of them");
    } else {
      envVars.set(envVar, i);
    }
  });
}

function validateOrigins(p: PropProblems, origins: readonly string[]): void {
  if (!known(origins)) {
    return;
  }
  if (!Array.isArray(origins) || origins.length === 0) {
    p.add("allowedOrigins", origins, "is empty", "a non-empty list of origins such as \"https://chatbot.example.com\"", `list the frontend's origins in ${p.name("allowedOrigins")}`);
    return;
  }
  origins.forEach((origin, i) => {
    // "*" is the config validation's to judge (it depends on the environment's criticality).
    if (origin !== "*" && known(origin) && !ORIGIN_PATTERN.test(String(origin))) {
      p.add(`allowedOrigins[${i}]`, origin, "is not an origin", "scheme://host[:port] with no path or trailing slash, e.g. \"https://chatbot.example.com\"", "remove the path or trailing slash");
    }
  });
}

function validateVpc(p: PropProblems, vpc: ServerlessApiVpcProps | undefined): void {
  if (vpc === undefined || vpc === null || !known(vpc)) {
    return;
  }
  if (!isRecord(vpc)) {
    p.add("vpc", vpc, "is not a VPC placement", "{ vpcId, subnetIds, dataSubnetCidrs?, dataStores? }", "pass the placement, or leave vpc unset to run outside any VPC");
    return;
  }
  if (known(vpc.subnetIds) && (!Array.isArray(vpc.subnetIds) || vpc.subnetIds.length === 0)) {
    p.add("vpc.subnetIds", vpc.subnetIds, "is empty", "the IDs of the private subnets the function runs in (two or more AZs for availability)", "list the private app subnets");
  }
  const stores = vpc.dataStores ?? [];
  const cidrs = vpc.dataSubnetCidrs ?? [];
  if (known(stores) && known(cidrs) && stores.length > 0 && cidrs.length === 0) {
    p.add("vpc.dataSubnetCidrs", cidrs, `is empty, but vpc.dataStores ${JSON.stringify(stores.map((d) => d.id))} need the data subnets to open egress towards`, "the CIDR blocks of the data subnets", "pass the data subnets' CIDR blocks, or no dataStores");
  }
  if (known(cidrs)) {
    cidrs.forEach((cidr, i) => {
      const parsed = typeof cidr === "string" ? parseCidr(cidr) : "is not a string";
      if (known(cidr) && typeof parsed === "string") {
        p.add(`vpc.dataSubnetCidrs[${i}]`, cidr, parsed, "an IPv4 CIDR block such as 10.0.20.0/24", "pass the data subnet's CIDR block");
      }
    });
  }
  if (!known(stores)) {
    return;
  }
  stores.forEach((store, i) => {
    const path = `vpc.dataStores[${i}]`;
    if (known(store.id) && (typeof store.id !== "string" || !STORE_ID_PATTERN.test(store.id))) {
      p.add(`${path}.id`, store.id, "is not a store id", "PascalCase letters and digits, at most 40, e.g. \"Postgres\"", 'rename it, e.g. "Postgres"');
    }
    if (known(store.description) && (typeof store.description !== "string" || !RULE_DESCRIPTION_PATTERN.test(`${store.description} in the data subnets`))) {
      p.add(`${path}.description`, store.description, "is not usable in a security group rule's description", "1 to 180 ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*", "shorten it to plain ASCII, e.g. \"PostgreSQL\"");
    }
    const fromOk = !known(store.fromPort) || isInt(store.fromPort, 1, 65_535);
    const toOk = !known(store.toPort) || isInt(store.toPort, 1, 65_535);
    if (!fromOk) {
      p.add(`${path}.fromPort`, store.fromPort, "is not a TCP port", "an integer from 1 to 65535", "pass the store's first port");
    }
    if (!toOk) {
      p.add(`${path}.toPort`, store.toPort, "is not a TCP port", "an integer from 1 to 65535", "pass the store's last port (its fromPort for a single port)");
    } else if (fromOk && known(store.fromPort, store.toPort) && store.toPort < store.fromPort) {
      p.add(`${path}.toPort`, store.toPort, `is below fromPort (${store.fromPort})`, "a port at least fromPort", "swap fromPort and toPort");
    }
  });
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
    checkProps(`ServerlessApi ${props.functionName}`, props, validateServerlessApiProps);
    const dataStores = props.vpc?.dataStores ?? [];
    const dataSubnetCidrs = props.vpc?.dataSubnetCidrs ?? [];
    const name = (suffix: string): string => `${props.namePrefix}-${suffix}`;
    this.region = props.region;
    const originVerification = props.originVerification ?? "none";
    // The listed parameters, then the origin verification parameter behind an edge.
    const arnPrefix = `arn:aws:ssm:${props.region}:${props.accountId}:parameter`;
    const listed = new ListedParameters(props.parameters ?? BACKEND_PARAMETERS, props.parameterPath, arnPrefix);
    const fixed = originVerification === "header" ? [ORIGIN_VERIFY_APP_PARAMETER] : [];
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
    for (const p of [...listed.known, ...fixed]) {
      names[p.name] = `${props.parameterPath}${p.name}`;
      arns[p.name] = `${arnPrefix}${props.parameterPath}${p.name}`;
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
        resources: listed.arns(fixed.map((p) => arns[p.name])),
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
        new SecurityGroupRule(this, `FunctionEgress${idPart(store.id)}`, {
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
    // A path known only at plan time (the generated module's package input) is read by Terraform.
    const code = known(props.placeholderCodeZip)
      ? new TerraformAsset(this, "PlaceholderCode", { path: props.placeholderCodeZip, type: AssetType.FILE })
      : { path: props.placeholderCodeZip, assetHash: Fn.filebase64sha256(props.placeholderCodeZip) };
    const fixedEnvironment: Record<string, string> = {};
    for (const p of fixed) {
      fixedEnvironment[p.envVar] = `${props.parameterPath}${p.name}`;
    }
    if (originVerification === "header") {
      fixedEnvironment.ORIGIN_VERIFY_HEADER = ORIGIN_VERIFY_HEADER;
    }
    const environment = listed.environment(
      { ENVIRONMENT: props.environmentLabel, LOG_LEVEL: props.logLevel, ALLOWED_ORIGINS: joinText(",", props.allowedOrigins) },
      fixedEnvironment,
    );
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
    const doc = this.deployPolicyDocument(role, "LambdaDeployPolicyDocument");
    return new IamRolePolicy(role, "LambdaDeploy", { name: "lambda-deploy", role: role.id, policy: doc.json });
  }

  /**
   * The policy document grantCodeDeploy attaches, created in `scope`: for a deploy role this
   * construct does not see (the generated module outputs it).
   */
  public deployPolicyDocument(scope: Construct, id: string): DataAwsIamPolicyDocument {
    return new DataAwsIamPolicyDocument(scope, id, {
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
  }
}
