/**
 * Every environment the app synthesizes, in order. To add one: copy dev.ts to <name>.ts, give it
 * its own name, account and a VPC CIDR no other environment uses, and list it here.
 */
import { EnvironmentConfig } from "../lib/config";
import { dev } from "./dev";
import { local } from "./local";
import { prod } from "./prod";
import { remote } from "./remote";
import { staging } from "./staging";

export const ENVIRONMENTS: readonly EnvironmentConfig[] = [dev, staging, prod, local, remote];

export { STATE, STATE_ACCOUNT_ID } from "./accounts";
export { shared as SHARED } from "./shared";
