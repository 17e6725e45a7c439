/** The account holding the remote-state bucket, lock table and key (the bootstrap stack). */
export const STATE_ACCOUNT_ID = "444444444444";
