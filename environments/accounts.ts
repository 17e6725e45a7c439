import { StateConfig } from "../lib/config";

/**
 * The state account: the remote-state bucket, lock table and key (the bootstrap stack), and the
 * state-access roles every environment's stacks assume to reach them.
 */
export const STATE: StateConfig = {
  accountId: "444444444444",
  // Placeholder: the role your platform administrators sign in with (e.g. an SSO permission set's).
  administratorArns: ["arn:aws:iam::444444444444:role/platform-admin"],
  // Switch to "s3" after the first bootstrap apply, then `tofu init -migrate-state` (docs/apply-guide.md).
  bootstrapState: "local",
};

/** The account holding the remote-state bucket, lock table and key (the bootstrap stack). */
export const STATE_ACCOUNT_ID = STATE.accountId;
