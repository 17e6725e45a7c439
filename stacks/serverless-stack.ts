/**
 * `<env>-serverless`: the Lambda + API Gateway path of reference 002 (constructs/serverless-api).
 */
import * as fs from "fs";
import * as path from "path";
import { Construct } from "constructs";
import { TerraformOutput } from "cdktf";
import { ServerlessApi } from "../constructs/serverless-api";
import { Network } from "../constructs/network";
import { parameterPath, roleNames } from "../lib/naming";
import { EnvironmentStack, EnvironmentStackProps } from "./environment-stack";

/** Reference 002's function name. */
export const DEFAULT_FUNCTION_NAME = "chatbot-backend-lambda";

/**
 * The placeholder package the function is created with, until the pipeline deploys code (found
 * from both `stacks/` in tests and `dist/stacks/` at synth). Rebuild it with
 * `python3 scripts/build-placeholder-zip.py` after changing assets/backend-placeholder/.
 */
export const PLACEHOLDER_CODE_ZIP = [path.join(__dirname, "..", "assets", "backend-placeholder.zip"), path.join(__dirname, "..", "..", "assets", "backend-placeholder.zip")].find(
  (file) => fs.existsSync(file),
) as string;

export interface ServerlessStackProps extends EnvironmentStackProps {
  /** The environment's network (for VPC placement). */
  readonly network: Network;
}

export class ServerlessStack extends EnvironmentStack {
  public readonly api: ServerlessApi;

  constructor(scope: Construct, props: ServerlessStackProps) {
    super(scope, "serverless", props);
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
      vpc: s.inVpc ? { vpcId: props.network.vpcId, subnetIds: props.network.privateAppSubnetIds } : undefined,
    });
    new TerraformOutput(this, "api_url", { value: this.api.apiUrl, description: "Base URL of the chat API (POST <url>/chat)" });
    new TerraformOutput(this, "function_name", { value: this.api.function.functionName, description: "Backend Lambda" });
    new TerraformOutput(this, "function_arn", { value: this.api.function.arn, description: "Backend Lambda ARN" });
    new TerraformOutput(this, "parameter_path", { value: parameterPath(props.env.name), description: "Parameter Store path of the backend's settings" });
  }
}
