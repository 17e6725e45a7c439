/**
 * `<env>-serverless`: the Lambda + API Gateway path of reference 002 (constructs/serverless-api).
 * Needs Terraform >= 1.7 or OpenTofu >= 1.10: it carries `removed` blocks with
 * `lifecycle { destroy = false }` for the Parameter Store entries earlier versions managed.
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { ServerlessApi, ServerlessApiDataStore } from "../constructs/serverless-api";
import { Network } from "../constructs/network";
import { PRIVATE_ENDPOINT_PORTS } from "../constructs/atlas";
import { POSTGRES_PORT } from "../constructs/postgres";
import { REDIS_PORT } from "../constructs/redis";
import { DataConfig } from "../lib/config";
import { parameterPath, roleNames } from "../lib/naming";
import { requireTerraform } from "../lib/terraform-version";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";
import { DEFAULT_FUNCTION_NAME } from "../lib/config";


/**
 * The placeholder package the function is created with, until the pipeline deploys code (found
 * from both `stacks/` in tests and `dist/stacks/` at synth). Rebuild it with
 * `python3 scripts/build-placeholder-zip.py` after changing assets/backend-placeholder/.
 */
export const PLACEHOLDER_CODE_ZIP = [path.join(__dirname, "..", "assets", "backend-placeholder.zip"), path.join(__dirname, "..", "..", "assets", "backend-placeholder.zip")].find(
  (file) => fs.existsSync(file),
) as string;

/** The stores of the environment's data tier the function connects to, with their ports. */
export function dataStoresOf(data: DataConfig | undefined): ServerlessApiDataStore[] {
  if (!data) {
    return [];
  }
  return [
    { id: "Postgres", description: "PostgreSQL", fromPort: POSTGRES_PORT, toPort: POSTGRES_PORT },
    ...(data.redis ? [{ id: "Redis", description: "Redis", fromPort: REDIS_PORT, toPort: REDIS_PORT }] : []),
    ...(data.atlas ? [{ id: "Atlas", description: "MongoDB Atlas private endpoint", fromPort: PRIVATE_ENDPOINT_PORTS.from, toPort: PRIVATE_ENDPOINT_PORTS.to }] : []),
  ];
}

export interface ServerlessStackProps extends EnvironmentStackProps {
  /** The environment's network (for VPC placement). */
  readonly network: Network;
}

export class ServerlessStack extends EnvironmentStack {
  public readonly api: ServerlessApi;

  constructor(scope: Construct, props: ServerlessStackProps) {
    super(scope, "serverless", props);
    // `removed` blocks with a lifecycle: Terraform >= 1.7, OpenTofu >= 1.10 (the stricter of the two).
    requireTerraform(this, "1.10");
    const s = props.env.serverless;
    this.api = new ServerlessApi(this, "ServerlessApi", {
      namePrefix: this.namePrefix,
      accountId: props.env.accountId,
      region: props.env.region,
      environmentLabel: props.env.name,
      parameterPath: parameterPath(props.env.name),
      functionName: s.functionName ?? DEFAULT_FUNCTION_NAME,
      roleName: roleNames.backendLambda(this.namePrefix),
      placeholderCodeZip: PLACEHOLDER_CODE_ZIP,
      memoryMb: s.memoryMb,
      timeoutSeconds: s.timeoutSeconds,
      reservedConcurrency: s.reservedConcurrency,
      logLevel: s.logLevel,
      logRetentionDays: s.logRetentionDays,
      allowedOrigins: s.allowedOrigins,
      throttlingRateLimit: s.throttlingRateLimit,
      throttlingBurstLimit: s.throttlingBurstLimit,
      authorizer: s.authorizer,
      // Behind an edge, the function refuses requests that did not come through it.
      originVerification: props.env.edge ? "header" : "none",
      vpc: s.inVpc
        ? {
            vpcId: props.network.vpcId,
            subnetIds: props.network.privateAppSubnetIds,
            // The planned blocks (literals, known at synth), so the rules need no output of the network stack.
            dataSubnetCidrs: props.network.dataSubnets.map((subnet) => subnet.cidrBlockInput as string),
            dataStores: dataStoresOf(props.env.data),
          }
        : undefined,
    });
    new TerraformOutput(this, "api_url", { value: this.api.apiUrl, description: "Base URL of the chat API (POST <url>/chat)" });
    new TerraformOutput(this, "function_name", { value: this.api.function.functionName, description: "Backend Lambda" });
    new TerraformOutput(this, "function_arn", { value: this.api.function.arn, description: "Backend Lambda ARN" });
    new TerraformOutput(this, "parameter_path", { value: parameterPath(props.env.name), description: "Parameter Store path of the backend's settings" });
    new TerraformOutput(this, "parameter_names", {
      value: Object.values(this.api.parameterNames),
      description: "SecureString parameters the function reads; create each with: aws ssm put-parameter --type SecureString --key-id <parameters_key_arn> --name <name> --value ...",
    });
    new TerraformOutput(this, "parameters_key_arn", { value: this.api.parametersKey.keyArn, description: "KMS key the parameters must be encrypted with (--key-id)" });
    new TerraformOutput(this, "parameters_key_alias", { value: this.api.parametersKey.aliasName, description: "Alias of the parameters' key" });
  }
}
