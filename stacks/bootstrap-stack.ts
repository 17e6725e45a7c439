/**
 * `bootstrap`: the remote-state bucket, lock table and key every other stack's S3 backend uses.
 * Applied once, before anything else, with local state (keep `terraform.bootstrap.tfstate` safe,
 * or migrate it into the bucket afterwards; see README).
 */
import { Construct } from "constructs";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StateBackend } from "../constructs/state-backend";
import { StateBackendSettings } from "../lib/backend";
import { stackTags, tagAll } from "../lib/tagging";

export const BOOTSTRAP_STACK = "bootstrap";

export interface BootstrapStackProps {
  readonly settings: StateBackendSettings;
  /** The account that holds the state bucket; the provider refuses any other. */
  readonly accountId: string;
}

export class BootstrapStack extends TerraformStack {
  public readonly state: StateBackend;

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK);
    new AwsProvider(this, "Aws", { region: props.settings.region, allowedAccountIds: [props.accountId] });
    new LocalBackend(this, { path: "terraform.bootstrap.tfstate" });
    tagAll(this, stackTags(BOOTSTRAP_STACK));

    this.state = new StateBackend(this, "StateBackend", {
      bucketName: props.settings.bucket,
      lockTableName: props.settings.dynamodbTable,
      kmsKeyAlias: props.settings.kmsKeyAlias,
      accountId: props.accountId,
    });
    new TerraformOutput(this, "state_bucket_name", { value: this.state.bucket.bucket, description: "Remote-state bucket" });
    new TerraformOutput(this, "state_lock_table_name", { value: this.state.lockTable.name, description: "Remote-state lock table" });
    new TerraformOutput(this, "state_kms_key_arn", { value: this.state.key.keyArn, description: "KMS key of the state bucket and lock table" });
  }
}
