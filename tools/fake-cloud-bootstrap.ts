/**
 * The bootstrap stack for the fake cloud: the real BootstrapStack, with the state-access roles of
 * every environment including `test` ones (the real bootstrap leaves those out: their fake account
 * must never be trusted by the real state account; see realStateRoleSpecs in stacks/index.ts).
 *
 * Usage: node dist/tools/fake-cloud-bootstrap.js <outdir> [local|s3]
 * Writes <outdir>/stacks/bootstrap/cdk.tf.json; `s3` gives the stack after migration (its state
 * in the bucket it creates). The fake-cloud tiers apply it instead of cdktf.out's bootstrap.
 */
import { App } from "cdktf";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { loadBackendSettings } from "../lib/backend";
import { BootstrapStateLocation } from "../lib/config";
import { sharedAccounts, stateRoleSpecs } from "../lib/state-access";
import { BootstrapStack } from "../stacks/bootstrap-stack";

export function synthFakeCloudBootstrap(outdir: string, bootstrapState: BootstrapStateLocation): string {
  const app = new App({ outdir });
  const state = { ...STATE, bootstrapState };
  new BootstrapStack(app, {
    settings: loadBackendSettings(undefined, STATE.accountId),
    state,
    accessRoles: stateRoleSpecs(ENVIRONMENTS, sharedAccounts(ENVIRONMENTS, SHARED), state),
  });
  app.synth();
  return `${outdir}/stacks/bootstrap`;
}

if (require.main === module) {
  const [outdir, location = "local"] = process.argv.slice(2);
  if (!outdir || (location !== "local" && location !== "s3")) {
    console.error("usage: node dist/tools/fake-cloud-bootstrap.js <outdir> [local|s3]");
    process.exitCode = 2;
  } else {
    console.log(synthFakeCloudBootstrap(outdir, location));
  }
}
