/**
 * `bootstrap`: the remote-state bucket, lock table and key every other stack's S3 backend uses,
 * and the state-access roles through which stacks in other accounts reach them. Applied once,
 * before anything else, by an administrator of the state account.
 *
 * Its own state starts as a local file outside `cdktf.out` (which every synth replaces):
 * `state/bootstrap.tfstate` next to `cdktf.out`. After the first apply, set
 * `STATE.bootstrapState` to "s3" and run `tofu init -migrate-state` in its directory: the state
 * moves into the bucket it describes, under `bootstrap/terraform.tfstate` (docs/apply-guide.md).
 */
import { Construct } from "constructs";
import { Aspects, LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { BareReferencesInHcl } from "../lib/hcl-references";
import { repairHcl } from "../lib/hcl-repair";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { StateAccessRole } from "../constructs/state-access";
import { StateBackend } from "../constructs/state-backend";
import { backendTerraformVersion, StateBackendSettings } from "../lib/backend";
import { StateConfig } from "../lib/config";
import { StateRoleSpec } from "../lib/state-access";
import { stackTags, tagAll } from "../lib/tagging";
import { requireTerraform } from "../lib/terraform-version";

export const BOOTSTRAP_STACK = "bootstrap";

/** Where the bootstrap state lives before migration, relative to the stack's directory. */
export const BOOTSTRAP_LOCAL_STATE = "../../../state/bootstrap.tfstate";
/** Its key in the state bucket after migration. */
export const BOOTSTRAP_STATE_KEY = "bootstrap/terraform.tfstate";

export interface BootstrapStackProps {
  readonly settings: StateBackendSettings;
  /** The state account (the provider refuses any other), its administrators, where this stack's state lives. */
  readonly state: StateConfig;
  /**
   * The state-access roles to create (lib/state-access.ts stateRoleSpecs).
   * @default - none (single-account setups)
   */
  readonly accessRoles?: readonly StateRoleSpec[];
}

export class BootstrapStack extends TerraformStack {
  public readonly state: StateBackend;
  public readonly accessRoles: readonly StateAccessRole[];

  constructor(scope: Construct, props: BootstrapStackProps) {
    super(scope, BOOTSTRAP_STACK);
    new AwsProvider(this, "Aws", { region: props.settings.region, allowedAccountIds: [props.state.accountId] });
    if (props.state.bootstrapState === "s3") {
      // After `init -migrate-state`: the administrator's own credentials in the state account.
      new S3Backend(this, {
        bucket: props.settings.bucket,
        key: BOOTSTRAP_STATE_KEY,
        region: props.settings.region,
        encrypt: true,
        kmsKeyId: props.settings.kmsKeyId,
        dynamodbTable: props.settings.dynamodbTable,
      });
    } else {
      new LocalBackend(this, { path: BOOTSTRAP_LOCAL_STATE });
    }
    requireTerraform(this, backendTerraformVersion({ kind: "s3" }));
    tagAll(this, stackTags(BOOTSTRAP_STACK));
    Aspects.of(this).add(new BareReferencesInHcl());

    this.state = new StateBackend(this, "StateBackend", {
      bucketName: props.settings.bucket,
      lockTableName: props.settings.dynamodbTable,
      kmsKeyAlias: props.settings.kmsKeyAlias,
      accountId: props.state.accountId,
    });
    this.accessRoles = (props.accessRoles ?? []).map(
      (spec) =>
        new StateAccessRole(this, `StateAccess${spec.id}`, {
          roleName: spec.roleName,
          description: spec.description,
          backend: this.state,
          access: spec.access,
          ownKeys: spec.ownKeys,
          readKeys: spec.readKeys,
          trustedPrincipalArns: spec.trustedPrincipalArns,
        }),
    );
    new TerraformOutput(this, "state_bucket_name", { value: this.state.bucket.bucket, description: "Remote-state bucket" });
    new TerraformOutput(this, "state_lock_table_name", { value: this.state.lockTable.name, description: "Remote-state lock table" });
    new TerraformOutput(this, "state_kms_key_arn", { value: this.state.key.keyArn, description: "KMS key of the state bucket and lock table (kms_key_id in backend.tf.json may name it)" });
    new TerraformOutput(this, "state_access_role_arns", {
      value: Object.fromEntries(this.accessRoles.map((r, i) => [props.accessRoles![i].roleName, r.roleArn])),
      description: "State-access roles, by name: every backend in another account assumes one",
    });
  }

  /** The HCL form (`cdktf synth --hcl`), with the renderer's gaps repaired (lib/hcl-repair.ts). */
  public toHclTerraform(): { [key: string]: any } {
    return repairHcl(this, super.toHclTerraform() as { hcl: string; metadata: unknown });
  }
}
