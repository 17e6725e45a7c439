/**
 * Module `lambda-http-api`: constructs/serverless-api (an API Gateway HTTP API `POST /chat` in
 * front of a Lambda function that reads its secrets from Parameter Store by name, with encrypted
 * logs, tracing, an optional VPC placement and an optional JWT authorizer).
 */
import { Fn, Token, ref } from "cdktf";
import { AppParameter, OWN_ENV_VARS, ServerlessApi, ServerlessApiProps, validateServerlessApiProps } from "../../constructs/serverless-api";
import { LOG_LEVELS, LOG_RETENTION_DAYS } from "../../lib/config";
import { Problems } from "../../lib/problems";
import { hclIntIn, hclList } from "./hcl";
import { TAGS_VARIABLE, type ModuleDefinition, type Probe } from "./definition";
import { elementRule, variableRule } from "./messages";

/** The placeholder package the module creates the function with when the caller gives none. */
export const PLACEHOLDER_FILE = "placeholder.zip";

const BASE_STORE = { id: "Postgres", description: "PostgreSQL", fromPort: 5432, toPort: 5432 };
export const LAMBDA_HTTP_API_BASE: ServerlessApiProps = {
  namePrefix: "team-a-dev",
  accountId: "123456789012",
  region: "ap-southeast-2",
  environmentLabel: "dev",
  parameterPath: "/team-a/dev/",
  parameters: [{ name: "OPENAI_API_KEY", envVar: "OPENAI_API_KEY_PARAM" }],
  functionName: "team-a-dev-answer",
  roleName: "team-a-dev-answer",
  placeholderCodeZip: PLACEHOLDER_FILE,
  memoryMb: 1024,
  timeoutSeconds: 30,
  logLevel: "INFO",
  logRetentionDays: 365,
  allowedOrigins: ["https://team-a.example.com"],
  throttlingRateLimit: 50,
  throttlingBurstLimit: 100,
  vpc: { vpcId: "vpc-1", subnetIds: ["subnet-a"], dataSubnetCidrs: ["10.0.20.0/24"], dataStores: [BASE_STORE] },
  authorizer: { issuer: "https://idp.example.com/", audiences: ["client-a"] },
};

export const probeLambdaHttpApi: Probe = (mistake) => {
  const problems = new Problems();
  validateServerlessApiProps({ ...LAMBDA_HTTP_API_BASE, ...mistake } as ServerlessApiProps, problems, "");
  return problems.list;
};

/** camelCase props that appear in the messages (written snake_case in the module). */
export const LAMBDA_HTTP_API_PROPS = [
  "namePrefix", "functionName", "roleName", "parameterPath", "parameters", "envVar", "memoryMb", "timeoutSeconds",
  "reservedConcurrency", "logLevel", "logRetentionDays", "allowedOrigins", "throttlingRateLimit", "throttlingBurstLimit",
  "vpc", "subnetIds", "dataSubnetCidrs", "dataStores", "fromPort", "toPort", "authorizer", "audiences", "identitySource",
];

const probe = probeLambdaHttpApi;
const props = LAMBDA_HTTP_API_PROPS;
const param = (change: Record<string, unknown>, index = 0): Record<string, unknown> => {
  const list: Record<string, unknown>[] = [{ name: "A", envVar: "A_PARAM" }, { name: "B", envVar: "B_PARAM" }];
  list[index] = { ...list[index], ...change };
  return { parameters: list };
};
const vpcWith = (change: Record<string, unknown>): Record<string, unknown> => ({ vpc: { ...LAMBDA_HTTP_API_BASE.vpc, ...change } });
const store = (change: Record<string, unknown>): Record<string, unknown> => vpcWith({ dataStores: [{ ...BASE_STORE, ...change }] });
/** A rule on an optional object: true when the object is null. */
const whenSet = (object: string, condition: string): string => `(var.${object} == null ? true : ${condition})`;
const STORES = "(var.vpc == null ? [] : var.vpc.data_stores)";
const CIDRS = "(var.vpc == null ? [] : var.vpc.data_subnet_cidrs)";
const ISSUER = "^https://[A-Za-z0-9.-]+(:\\\\d{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$";
const ORIGIN = "^https?://[A-Za-z0-9.-]+(:\\\\d{1,5})?$";
const CIDR_FORM = "can(regex(\"^[0-9]{1,3}(\\\\.[0-9]{1,3}){3}/[0-9]{1,2}$\", x))";
const CIDR_OCTETS = `alltrue([for o in split(".", split("/", x)[0]) : tonumber(o) <= 255])`;
const CIDR_PREFIX = `(tonumber(split("/", x)[1]) <= 32)`;
const TIMEOUT_OK = hclIntIn("var.timeout_seconds", 1, 30);
const issuerHttps = 'startswith(var.authorizer.issuer, "https://")';
const issuerQuery = 'can(regex("[?#]", var.authorizer.issuer))';

export const lambdaHttpApi: ModuleDefinition = {
  name: "lambda-http-api",
  version: "1.0.0",
  construct: "constructs/serverless-api",
  summary: "An API Gateway HTTP API (`POST /chat`) in front of a Lambda function that reads its secrets from Parameter Store by name: encrypted logs, tracing, throttling, optional VPC placement and JWT authorizer.",
  details: [
    "The function (python3.12, handler `main.lambda_handler`, X-Ray tracing, JSON logs) is created from `package_file` (default: a placeholder that answers 503 (not deployed yet) until the first release) and then belongs to the deploy pipeline: the module ignores later code changes (`filename`, `source_code_hash`, `s3_*`, `image_uri`), so an apply never reverts a release. Give the pipeline's role the `deploy_policy_json` output.",
    "Secrets never pass through Terraform: for each entry of `parameters` the function gets the parameter's full name (`<parameter_path><name>`) in the environment variable `env_var`, and its role may read exactly those parameters and decrypt with the module's parameters key. Create each value with `aws ssm put-parameter --type SecureString --key-id <parameters_key_arn> --name <name> --value ...`. The role may also write its own log group and traces, nothing else.",
    "The HTTP API has one route, `POST /chat`, a CORS configuration for `allowed_origins` (preflight is answered by API Gateway, never authorized), stage throttling, access logs in JSON, and an integration timeout of 30 s (so `timeout_seconds` is at most 30). Logs of the function and the API are encrypted with the module's logs key and kept `log_retention_days`.",
    "With `vpc`, the function runs in the given private subnets with its own security group: HTTPS out, and out to `data_subnet_cidrs` on each data store's ports; on destroy its network interfaces are moved to the VPC's default security group first, so the group's deletion does not wait for Lambda. With `authorizer`, a JWT authorizer guards the route.",
  ].join("\n\n"),
  e2e: true,
  template: { local: "data_stores", value: `{ for s in ${STORES} : s.id => s }` },
  optional: [
    {
      when: "var.vpc != null",
      constructs: ["FunctionSecurityGroup", "FunctionEgressHttps", "FunctionVpcAccess"],
      arguments: ["aws_lambda_function.function.vpc_config", "aws_lambda_function.function.replace_security_groups_on_destroy"],
    },
    { when: "var.authorizer != null", constructs: ["JwtAuthorizer"], arguments: ["aws_apigatewayv2_route.chat_route.authorization_type"] },
  ],
  files: { [PLACEHOLDER_FILE]: "assets/backend-placeholder.zip" },
  variables: [
    {
      name: "name_prefix",
      type: "string",
      description: "Prefix of physical names, e.g. `team-a-dev`: the API is `<name_prefix>-chat-api`, the keys `<name_prefix>-parameters` and `<name_prefix>-serverless-logs`.",
      example: "team-a-dev",
      validation: [variableRule(probe, "name_prefix", props, { mistake: { namePrefix: "Team_A" }, path: "namePrefix", condition: 'can(regex("^[a-z][a-z0-9-]*[a-z0-9]$", var.name_prefix))' })],
    },
    {
      name: "function_name",
      type: "string",
      description: "Name of the Lambda function, unique in the account and region.",
      example: "team-a-dev-answer",
      validation: [variableRule(probe, "function_name", props, { mistake: { functionName: "team a" }, path: "functionName", condition: 'can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))' })],
    },
    {
      name: "role_name",
      type: "string",
      description: "Name of the function's execution role.",
      example: "team-a-dev-answer",
      validation: [variableRule(probe, "role_name", props, { mistake: { roleName: "team a" }, path: "roleName", condition: 'can(regex("^[\\\\w+=,.@-]{1,64}$", var.role_name))' })],
    },
    {
      name: "environment_label",
      type: "string",
      description: "Value of the function's `ENVIRONMENT` variable, e.g. `dev`.",
      example: "dev",
    },
    {
      name: "parameter_path",
      type: "string",
      description: "Parameter Store path of the function's parameters, starting and ending with `/`, e.g. `/team-a/dev/`.",
      example: "/team-a/dev/",
      validation: [
        variableRule(probe, "parameter_path", props, { mistake: { parameterPath: "/team-a/dev" }, path: "parameterPath", condition: 'can(regex("^/([A-Za-z0-9_.-]+/){0,14}$", var.parameter_path))' }),
      ],
    },
    {
      name: "parameters",
      type: "list(object({ name = string, env_var = string }))",
      description:
        "SecureString parameters the function reads, created out of band: `name` under `parameter_path` (1 to 100 letters, digits, `_`, `.`, `-`), and `env_var`, the environment variable that carries its full name (not `AWS_*` nor one the function sets). Empty: the function reads none.",
      default: [],
      example: [{ name: "OPENAI_API_KEY", env_var: "OPENAI_API_KEY_PARAM" }],
      validation: [
        elementRule(probe, "parameters", "parameters", props, { mistake: param({ name: "bad name!" }), prop: "name", condition: 'can(regex("^[A-Za-z0-9_.-]{1,100}$", x.name))' }),
        elementRule(probe, "parameters", "parameters", props, {
          mistake: param({ name: "A" }, 1),
          prop: "name",
          index: 1,
          condition: '!can(regex("^[A-Za-z0-9_.-]{1,100}$", x.name)) || index([for y in var.parameters : y.name], x.name) == i',
          substitutions: [["parameters[0].name", 'format("parameters[%d].name", index([for y in var.parameters : y.name], x.name))']],
        }),
        elementRule(probe, "parameters", "parameters", props, { mistake: param({ envVar: "1X" }), prop: "envVar", condition: 'can(regex("^[A-Za-z][A-Za-z0-9_]*$", x.env_var))' }),
        elementRule(probe, "parameters", "parameters", props, {
          mistake: param({ envVar: "LOG_LEVEL" }),
          prop: "envVar",
          condition: `!can(regex("^[A-Za-z][A-Za-z0-9_]*$", x.env_var)) || !(startswith(x.env_var, "AWS_") || contains(${hclList(OWN_ENV_VARS)}, x.env_var))`,
        }),
        elementRule(probe, "parameters", "parameters", props, {
          mistake: param({ envVar: "A_PARAM" }, 1),
          prop: "envVar",
          index: 1,
          condition: `!can(regex("^[A-Za-z][A-Za-z0-9_]*$", x.env_var)) || startswith(x.env_var, "AWS_") || contains(${hclList(OWN_ENV_VARS)}, x.env_var) || index([for y in var.parameters : y.env_var], x.env_var) == i`,
          substitutions: [["parameters[0].envVar", 'format("parameters[%d].env_var", index([for y in var.parameters : y.env_var], x.env_var))']],
        }),
      ],
    },
    {
      name: "package_file",
      type: "string",
      description: "Path of the zip the function is created with (handler `main.lambda_handler`); later code changes are the deploy pipeline's. Null: the module's placeholder package.",
      default: null,
      nullable: true,
      example: null,
    },
    {
      name: "memory_mb",
      type: "number",
      description: "Memory of the function in MB, 128 to 10240 (CPU scales with it).",
      default: 1024,
      example: 1024,
      validation: [variableRule(probe, "memory_mb", props, { mistake: { memoryMb: 64 }, path: "memoryMb", condition: hclIntIn("var.memory_mb", 128, 10240) })],
    },
    {
      name: "timeout_seconds",
      type: "number",
      description: "Function timeout, 1 to 30 seconds: an HTTP API waits at most 30 s for its integration.",
      default: 30,
      example: 30,
      validation: [
        variableRule(probe, "timeout_seconds", props, {
          mistake: { timeoutSeconds: 300 },
          path: "timeoutSeconds",
          condition: "!(var.timeout_seconds == floor(var.timeout_seconds) && var.timeout_seconds > 30)",
        }),
        variableRule(probe, "timeout_seconds", props, {
          mistake: { timeoutSeconds: 0 },
          path: "timeoutSeconds",
          condition: `(var.timeout_seconds == floor(var.timeout_seconds) && var.timeout_seconds > 30) || ${TIMEOUT_OK}`,
        }),
      ],
    },
    {
      name: "reserved_concurrency",
      type: "number",
      description: "Executions reserved for the function (AWS keeps 100 of the account's quota unreserved). Null: the unreserved pool.",
      default: null,
      nullable: true,
      example: null,
      validation: [
        variableRule(probe, "reserved_concurrency", props, {
          mistake: { reservedConcurrency: 0 },
          path: "reservedConcurrency",
          condition: `var.reserved_concurrency == null ? true : (var.reserved_concurrency == floor(var.reserved_concurrency) && var.reserved_concurrency >= 1)`,
        }),
      ],
    },
    {
      name: "log_level",
      type: "string",
      description: `The function's \`LOG_LEVEL\`, one of ${LOG_LEVELS.map((l) => `\`${l}\``).join(", ")}.`,
      default: "INFO",
      example: "INFO",
      validation: [variableRule(probe, "log_level", props, { mistake: { logLevel: "TRACE" }, path: "logLevel", condition: `contains(${hclList(LOG_LEVELS)}, var.log_level)` })],
    },
    {
      name: "log_retention_days",
      type: "number",
      description: "Days the function's and the API's log groups keep events (a CloudWatch Logs retention period, e.g. 365).",
      default: 365,
      example: 365,
      validation: [
        variableRule(probe, "log_retention_days", props, { mistake: { logRetentionDays: 10 }, path: "logRetentionDays", condition: `contains(${hclList(LOG_RETENTION_DAYS)}, var.log_retention_days)` }),
      ],
    },
    {
      name: "allowed_origins",
      type: "list(string)",
      description: "Origins (`scheme://host[:port]`) browsers may call the API from (CORS; also the function's `ALLOWED_ORIGINS`). `\"*\"` lets any website call it: only for development.",
      example: ["https://team-a.example.com"],
      validation: [
        variableRule(probe, "allowed_origins", props, { mistake: { allowedOrigins: [] }, path: "allowedOrigins", condition: "length(var.allowed_origins) > 0" }),
        elementRule(probe, "allowed_origins", "allowedOrigins", props, {
          mistake: { allowedOrigins: ["https://team-a.example.com/"] },
          prop: "",
          condition: `x == "*" || can(regex("${ORIGIN}", x))`,
        }),
      ],
    },
    {
      name: "throttling_rate_limit",
      type: "number",
      description: "Steady-state requests per second the API accepts, 1 to 100000.",
      example: 50,
      validation: [
        variableRule(probe, "throttling_rate_limit", props, { mistake: { throttlingRateLimit: 0 }, path: "throttlingRateLimit", condition: hclIntIn("var.throttling_rate_limit", 1, 100000) }),
      ],
    },
    {
      name: "throttling_burst_limit",
      type: "number",
      description: "Burst of requests the API accepts, from `throttling_rate_limit` to 100000 (compared with the rate at plan time: `validate` does not know the other input).",
      example: 100,
      validation: [
        variableRule(probe, "throttling_burst_limit", props, { mistake: { throttlingBurstLimit: 0 }, path: "throttlingBurstLimit", condition: hclIntIn("var.throttling_burst_limit", 1, 100000) }),
        {
          ...variableRule(probe, "throttling_burst_limit", props, {
            mistake: { throttlingBurstLimit: 10 },
            path: "throttlingBurstLimit",
            condition: `!${hclIntIn("var.throttling_burst_limit", 1, 100000)} || var.throttling_burst_limit >= var.throttling_rate_limit`,
          }),
          acrossInputs: true,
        },
      ],
    },
    {
      name: "vpc",
      type: "object({ vpc_id = string, subnet_ids = list(string), data_subnet_cidrs = optional(list(string), []), data_stores = optional(list(object({ id = string, description = string, from_port = number, to_port = number })), []) })",
      description:
        "Run the function in private subnets (with a route to the internet through NAT, and an `ssm` interface endpoint or NAT for Parameter Store): `vpc_id`, `subnet_ids`, and the stores in `data_subnet_cidrs` it connects to (`id`: PascalCase, e.g. `Postgres`; `description`: ASCII; TCP `from_port`..`to_port`). Null: outside any VPC.",
      default: null,
      nullable: true,
      example: null,
      validation: [
        variableRule(probe, "vpc", props, {
          mistake: vpcWith({ subnetIds: [] }),
          path: "vpc.subnetIds",
          value: "try(var.vpc.subnet_ids, null)",
          condition: whenSet("vpc", "length(var.vpc.subnet_ids) > 0"),
        }),
        variableRule(probe, "vpc", props, {
          mistake: vpcWith({ dataSubnetCidrs: [] }),
          path: "vpc.dataSubnetCidrs",
          value: "try(var.vpc.data_subnet_cidrs, null)",
          condition: whenSet("vpc", "length(var.vpc.data_stores) == 0 || length(var.vpc.data_subnet_cidrs) > 0"),
          substitutions: [['["Postgres"]', "jsonencode(try([for s in var.vpc.data_stores : s.id], []))"]],
        }),
        elementRule(probe, "vpc", "vpc.dataSubnetCidrs", props, { list: CIDRS, mistake: vpcWith({ dataSubnetCidrs: ["10.0.20/24"] }), prop: "", condition: CIDR_FORM }),
        elementRule(probe, "vpc", "vpc.dataSubnetCidrs", props, { list: CIDRS, mistake: vpcWith({ dataSubnetCidrs: ["10.0.300.0/24"] }), prop: "", condition: `!${CIDR_FORM} || ${CIDR_OCTETS}` }),
        elementRule(probe, "vpc", "vpc.dataSubnetCidrs", props, { list: CIDRS, mistake: vpcWith({ dataSubnetCidrs: ["10.0.20.0/33"] }), prop: "", condition: `!${CIDR_FORM} || !${CIDR_OCTETS} || ${CIDR_PREFIX}` }),
        elementRule(probe, "vpc", "vpc.dataSubnetCidrs", props, {
          list: CIDRS,
          mistake: vpcWith({ dataSubnetCidrs: ["10.0.20.1/24"] }),
          prop: "",
          condition: `!${CIDR_FORM} || !${CIDR_OCTETS} || !${CIDR_PREFIX} || cidrsubnet(x, 0, 0) == x`,
          substitutions: [["10.0.20.0/24)", 'format("%s)", cidrsubnet(x, 0, 0))']],
        }),
        elementRule(probe, "vpc", "vpc.dataStores", props, { list: STORES, mistake: store({ id: "postgres" }), prop: "id", value: "x.id", condition: 'can(regex("^[A-Z][A-Za-z0-9]{0,39}$", x.id))' }),
        elementRule(probe, "vpc", "vpc.dataStores", props, {
          list: STORES,
          mistake: store({ description: "PostgreSQL \u00e9" }),
          prop: "description",
          condition: 'can(regex("^[A-Za-z0-9 ._\\\\-:/()#,@\\\\[\\\\]+=&;{}!$*]{1,200}$", "${x.description} in the data subnets"))',
        }),
        elementRule(probe, "vpc", "vpc.dataStores", props, { list: STORES, mistake: store({ fromPort: 0 }), prop: "fromPort", condition: hclIntIn("x.from_port", 1, 65535) }),
        elementRule(probe, "vpc", "vpc.dataStores", props, { list: STORES, mistake: store({ toPort: 70000 }), prop: "toPort", condition: hclIntIn("x.to_port", 1, 65535) }),
        elementRule(probe, "vpc", "vpc.dataStores", props, {
          list: STORES,
          mistake: store({ fromPort: 2000, toPort: 1000 }),
          prop: "toPort",
          condition: `!(${hclIntIn("x.from_port", 1, 65535)} && ${hclIntIn("x.to_port", 1, 65535)}) || x.to_port >= x.from_port`,
          substitutions: [["(2000)", 'format("(%d)", x.from_port)']],
        }),
      ],
    },
    {
      name: "authorizer",
      type: 'object({ issuer = string, audiences = list(string), identity_source = optional(string, "$request.header.Authorization") })',
      description:
        "A JWT authorizer on the route: `issuer` (https URL, exactly the tokens' `iss`), `audiences` (accepted `aud` / client IDs), `identity_source` (default `$request.header.Authorization`). Null: the route is open (throttling still applies).",
      default: null,
      nullable: true,
      example: { issuer: "https://idp.example.com/", audiences: ["team-a-web"] },
      validation: [
        variableRule(probe, "authorizer", props, {
          mistake: { authorizer: { issuer: "http://idp.example.com", audiences: ["a"] } },
          path: "authorizer.issuer",
          value: "try(var.authorizer.issuer, null)",
          condition: whenSet("authorizer", issuerHttps),
        }),
        variableRule(probe, "authorizer", props, {
          mistake: { authorizer: { issuer: "https://idp.example.com/?x=1", audiences: ["a"] } },
          path: "authorizer.issuer",
          value: "try(var.authorizer.issuer, null)",
          condition: whenSet("authorizer", `!${issuerHttps} || !${issuerQuery}`),
        }),
        variableRule(probe, "authorizer", props, {
          mistake: { authorizer: { issuer: "https://idp example.com", audiences: ["a"] } },
          path: "authorizer.issuer",
          value: "try(var.authorizer.issuer, null)",
          condition: whenSet("authorizer", `!${issuerHttps} || ${issuerQuery} || can(regex("${ISSUER}", var.authorizer.issuer))`),
        }),
        variableRule(probe, "authorizer", props, {
          mistake: { authorizer: { issuer: "https://idp.example.com/", audiences: [] } },
          path: "authorizer.audiences",
          value: "try(var.authorizer.audiences, null)",
          condition: whenSet("authorizer", "length(var.authorizer.audiences) > 0"),
        }),
        elementRule(probe, "authorizer", "authorizer.audiences", props, {
          list: "(var.authorizer == null ? [] : var.authorizer.audiences)",
          mistake: { authorizer: { issuer: "https://idp.example.com/", audiences: [" "] } },
          prop: "",
          condition: 'trimspace(x) != ""',
          substitutions: [["authorizer.audiences[0]", 'format("authorizer.audiences[%d]", i)']],
        }),
        elementRule(probe, "authorizer", "authorizer.audiences", props, {
          list: "(var.authorizer == null ? [] : var.authorizer.audiences)",
          mistake: { authorizer: { issuer: "https://idp.example.com/", audiences: ["a", "a"] } },
          prop: "",
          index: 1,
          condition: "index(var.authorizer.audiences, x) == i",
          substitutions: [
            ["authorizer.audiences[0]", 'format("authorizer.audiences[%d]", index(var.authorizer.audiences, x))'],
            ["authorizer.audiences[1]", 'format("authorizer.audiences[%d]", i)'],
          ],
        }),
        variableRule(probe, "authorizer", props, {
          mistake: { authorizer: { issuer: "https://idp.example.com/", audiences: ["a"], identitySource: "header.Authorization" } },
          path: "authorizer.identitySource",
          value: "try(var.authorizer.identity_source, null)",
          condition: whenSet("authorizer", 'can(regex("^\\\\$request\\\\.(header\\\\.[A-Za-z0-9!#$%&\'*+.^_`|~-]+|querystring\\\\.[A-Za-z0-9._~-]+)$", var.authorizer.identity_source))'),
        }),
      ],
    },
    TAGS_VARIABLE,
  ],
  outputs: [
    { name: "api_url", description: "Base URL of the API: clients call `POST <api_url>/chat`.", value: "aws_apigatewayv2_stage.stage.invoke_url" },
    { name: "api_id", description: "ID of the HTTP API (for an edge or custom domain in front of it).", value: "aws_apigatewayv2_api.api.id" },
    { name: "api_execution_arn", description: "Execution ARN of the HTTP API (for further Lambda permissions).", value: "aws_apigatewayv2_api.api.execution_arn" },
    { name: "function_name", description: "Name of the Lambda function (what the deploy pipeline updates).", value: "aws_lambda_function.function.function_name" },
    { name: "function_arn", description: "ARN of the Lambda function.", value: "aws_lambda_function.function.arn" },
    { name: "role_arn", description: "ARN of the function's execution role.", value: "aws_iam_role.function_role.arn" },
    { name: "role_name", description: "Name of the function's execution role (attach further grants, e.g. a job-queue module's `send_policy_json`).", value: "aws_iam_role.function_role.name" },
    { name: "security_group_id", description: "ID of the function's security group in the VPC (data stores admit it); null without `vpc`.", value: "one(aws_security_group.function_security_group[*].id)" },
    {
      name: "parameter_names",
      description: "Full Parameter Store name of each parameter, by name: create each value with `aws ssm put-parameter --type SecureString --key-id <parameters_key_arn> --name <name> --value ...`.",
      value: "{ for p in var.parameters : p.name => \"${var.parameter_path}${p.name}\" }",
    },
    { name: "parameters_key_arn", description: "ARN of the KMS key the parameters must be encrypted with (`--key-id`); it also encrypts the function's environment.", value: "aws_kms_key.parameters_key_key.arn" },
    { name: "logs_key_arn", description: "ARN of the KMS key of the function's and the API's log groups.", value: "aws_kms_key.logs_key_key.arn" },
    {
      name: "deploy_policy_json",
      description: "IAM policy document (JSON) for the deploy pipeline's role: update the function's code and configuration and publish versions, nothing else (no iam:PassRole).",
      value: "data.aws_iam_policy_document.deploy_policy.json",
    },
  ],
  build(scope, ctx) {
    const api = new ServerlessApi(scope, "Api", {
      namePrefix: ctx.str("name_prefix"),
      accountId: ctx.accountId(),
      region: ctx.region(),
      environmentLabel: ctx.str("environment_label"),
      parameterPath: ctx.str("parameter_path"),
      parameters: ctx.list("parameters") as unknown as AppParameter[],
      functionName: ctx.str("function_name"),
      roleName: ctx.str("role_name"),
      placeholderCodeZip: Fn.coalesce([ctx.str("package_file"), Fn.format(`%s/${PLACEHOLDER_FILE}`, [Token.asString(ref("path.module"))])]),
      memoryMb: ctx.num("memory_mb"),
      timeoutSeconds: ctx.num("timeout_seconds"),
      reservedConcurrency: ctx.num("reserved_concurrency"),
      logLevel: ctx.str("log_level"),
      logRetentionDays: ctx.num("log_retention_days"),
      allowedOrigins: ctx.list("allowed_origins"),
      throttlingRateLimit: ctx.num("throttling_rate_limit"),
      throttlingBurstLimit: ctx.num("throttling_burst_limit"),
      vpc: {
        vpcId: ctx.str("vpc.vpc_id"),
        subnetIds: ctx.list("vpc.subnet_ids"),
        dataSubnetCidrs: ctx.list("vpc.data_subnet_cidrs"),
        dataStores: [{ id: ctx.eachStr("id"), description: ctx.eachStr("description"), fromPort: ctx.eachNum("from_port"), toPort: ctx.eachNum("to_port") }],
      },
      authorizer: { issuer: ctx.str("authorizer.issuer"), audiences: ctx.list("authorizer.audiences"), identitySource: ctx.str("authorizer.identity_source") },
    });
    api.deployPolicyDocument(scope, "DeployPolicy");
    return api;
  },
};
