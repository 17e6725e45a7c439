/**
 * Validation of AtlasDatabaseProps (exported by ../index.ts as validateAtlasDatabaseProps): every
 * problem is reported through the shared collector, by the construct before any resource exists,
 * and by the config validation (lib/validate-data.ts) at the config's paths. Values that are tokens
 * (references to other resources) are not known at synth time and are not checked.
 */
import { Token } from "cdktf";
import { PropPaths, PropProblems } from "../../../lib/prop-checks";
import { Problems, isRecord } from "../../../lib/problems";
import { ATLAS_INSTANCE_SIZES } from "../../../lib/types/atlas";
import { ATLAS_AWS_REGIONS, RESERVED_DATABASES, isSharedTier, tierRank } from "./atlas-values";
import type { AtlasDatabaseProps } from "./props";

const ORG_ID = /^[0-9a-f]{24}$/i;
const ACCOUNT_ID = /^\d{12}$/;
const NAME_PREFIX = /^[a-z][a-z0-9-]{0,39}[a-z0-9]$/;
const MAJOR_VERSION = /^[1-9]\d*\.0$/;
/** An IAM role ARN: account, optional path, role name. */
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
/** Characters MongoDB does not allow in a database name (on any platform). */
const DATABASE_NAME = /^[^/\\. "$*<>:|?]{1,63}$/;
const MIN_DISK_GB = 10;
const MAX_DISK_GB = 4096;
const CHOICES = ["enabled", "disabled"] as const;

const known = (v: unknown): boolean => !(typeof v === "string" && Token.isUnresolved(v));
const quoteAll = (values: readonly string[]): string => values.map((v) => JSON.stringify(v)).join(", ");
const TIERS = `one of ${quoteAll(ATLAS_INSTANCE_SIZES)}`;

/** The role name at the end of a literal role ARN (undefined when the ARN is a token or malformed). */
export function roleNameOf(arn: string): string | undefined {
  return ROLE_ARN.exec(arn)?.[2];
}

export function validateAtlasDatabaseProps(props: AtlasDatabaseProps, problems: Problems, paths: PropPaths = ""): void {
  const p = new PropProblems(problems, paths);
  const add = p.add.bind(p);
  const n = p.name.bind(p);

  if (p.text("namePrefix", props.namePrefix, "2 to 41 lowercase letters, digits and hyphens, starting with a letter", 'use the environment prefix, e.g. "chatbot-dev"') && !NAME_PREFIX.test(props.namePrefix)) {
    add("namePrefix", props.namePrefix, "is not a valid Atlas project and cluster name prefix", "2 to 41 lowercase letters, digits and hyphens, starting with a letter", 'use the environment prefix, e.g. "chatbot-dev"');
  }
  if (p.text("organizationId", props.organizationId, '24 hexadecimal characters, e.g. "5f1e2d3c4b5a69788796a5b4"', "copy the id from Atlas > Organization Settings") && known(props.organizationId) && !ORG_ID.test(props.organizationId)) {
    add("organizationId", props.organizationId, "is not an Atlas organization id", '24 hexadecimal characters, e.g. "5f1e2d3c4b5a69788796a5b4"', "copy the id from Atlas > Organization Settings");
  }
  const accountKnown = p.text("accountId", props.accountId, "12 digits, as a string", "set accountId to the account of the VPC and the backend roles");
  const accountValid = accountKnown && known(props.accountId) && ACCOUNT_ID.test(props.accountId);
  if (accountKnown && known(props.accountId) && !accountValid) {
    add("accountId", props.accountId, "is not an AWS account id", "12 digits", "set accountId to the account of the VPC and the backend roles");
  }
  if (p.text("region", props.region, `one of ${quoteAll(ATLAS_AWS_REGIONS)}`, "set region to the VPC's region") && known(props.region) && !ATLAS_AWS_REGIONS.includes(props.region)) {
    add("region", props.region, "is not an AWS region Atlas deploys dedicated clusters to", `one of ${quoteAll(ATLAS_AWS_REGIONS)}`, 'use the AWS spelling of the VPC\'s region, e.g. "ap-southeast-2"');
  }

  // Tiers: dedicated only, and auto-scaling bounds around the configured tier.
  const tierProblem = (field: string, size: unknown): boolean => {
    if (typeof size !== "string") {
      p.text(field, size, TIERS, `set ${n(field)} to "M10" or larger`);
      return true;
    }
    if (isSharedTier(size)) {
      add(field, size, "is below M10: shared (M0, M2, M5) and Flex clusters support neither private endpoints nor cloud backup", TIERS, `set ${n(field)} to "M10" or larger`);
      return true;
    }
    if (tierRank(size) < 0) {
      add(field, size, "is not a dedicated Atlas tier on AWS", TIERS, `set ${n(field)} to one of the listed tiers`);
      return true;
    }
    return false;
  };
  const sizeBad = tierProblem("instanceSize", props.instanceSize);
  const scaling: unknown = props.autoScaling;
  if (scaling !== undefined && !isRecord(scaling)) {
    add("autoScaling", scaling, "is not an object", "{ minInstanceSize, maxInstanceSize, diskGbEnabled }", `set ${n("autoScaling")} to e.g. { minInstanceSize: "M10", maxInstanceSize: "M40", diskGbEnabled: true }, or remove it`);
  } else if (scaling !== undefined) {
    const minBad = tierProblem("autoScaling.minInstanceSize", scaling.minInstanceSize);
    const maxBad = tierProblem("autoScaling.maxInstanceSize", scaling.maxInstanceSize);
    const size = tierRank(props.instanceSize);
    const min = tierRank(scaling.minInstanceSize as string);
    const max = tierRank(scaling.maxInstanceSize as string);
    if (!sizeBad && !minBad && min > size) {
      add("autoScaling.minInstanceSize", scaling.minInstanceSize, `is above instanceSize "${props.instanceSize}"`, `a tier from "M10" up to instanceSize "${props.instanceSize}"`, `lower ${n("autoScaling.minInstanceSize")} to "${props.instanceSize}" or below, or raise ${n("instanceSize")}`);
    }
    if (!sizeBad && !maxBad && max < size) {
      add("autoScaling.maxInstanceSize", scaling.maxInstanceSize, `is below instanceSize "${props.instanceSize}"`, `a tier from instanceSize "${props.instanceSize}" up`, `raise ${n("autoScaling.maxInstanceSize")} to "${props.instanceSize}" or above, or lower ${n("instanceSize")}`);
    }
    if (!minBad && !maxBad && min === max) {
      add("autoScaling.maxInstanceSize", scaling.maxInstanceSize, "equals autoScaling.minInstanceSize: compute auto-scaling needs at least two tiers", "a tier above autoScaling.minInstanceSize", `raise ${n("autoScaling.maxInstanceSize")}, or omit ${n("autoScaling")} to keep the tier fixed`);
    }
    if (typeof scaling.diskGbEnabled !== "boolean") {
      add("autoScaling.diskGbEnabled", scaling.diskGbEnabled, "is not a boolean", "true or false", `set ${n("autoScaling.diskGbEnabled")} to true to let Atlas grow the disk, or false`);
    }
  }

  if (p.text("mongoDbMajorVersion", props.mongoDbMajorVersion, 'a major version such as "7.0" or "8.0"', `set ${n("mongoDbMajorVersion")} to a major version Atlas still supports, in quotes: "7.0"`) && !MAJOR_VERSION.test(props.mongoDbMajorVersion)) {
    add("mongoDbMajorVersion", props.mongoDbMajorVersion, "is not a MongoDB major version", 'a major version such as "7.0" or "8.0"', `set ${n("mongoDbMajorVersion")} to a major version Atlas still supports`);
  }
  if (typeof props.diskSizeGb !== "number") {
    p.integer("diskSizeGb", props.diskSizeGb, MIN_DISK_GB, MAX_DISK_GB, `set ${n("diskSizeGb")} to the size the data needs, e.g. 10`);
  } else if (!Number.isInteger(props.diskSizeGb) || props.diskSizeGb < MIN_DISK_GB || props.diskSizeGb > MAX_DISK_GB) {
    add("diskSizeGb", props.diskSizeGb, "is outside the disk sizes Atlas accepts", `an integer from ${MIN_DISK_GB} to ${MAX_DISK_GB}`, `set ${n("diskSizeGb")} to the size the data needs, e.g. 10`);
  }
  if (!CHOICES.includes(props.pointInTimeRecovery)) {
    add("pointInTimeRecovery", props.pointInTimeRecovery, "is not a choice", quoteAll(CHOICES), 'use "enabled" where data loss between snapshots matters (production)');
  }
  if (!CHOICES.includes(props.terminationProtection)) {
    add("terminationProtection", props.terminationProtection, "is not a choice", quoteAll(CHOICES), 'use "enabled" for clusters that must survive a destroy (production)');
  }
  const databaseNames = 'up to 63 characters, none of / \\ . space " $ * < > : | ?';
  if (p.text("databaseName", props.databaseName, databaseNames, 'use a plain name, e.g. "chatbot"')) {
    if (!DATABASE_NAME.test(props.databaseName)) {
      add("databaseName", props.databaseName, "is not a valid MongoDB database name", databaseNames, 'use a plain name, e.g. "chatbot"');
    } else if (RESERVED_DATABASES.includes(props.databaseName)) {
      add("databaseName", props.databaseName, "is a database MongoDB reserves (readWrite on it grants more than the application's data)", `any valid name except ${quoteAll(RESERVED_DATABASES)}`, 'use the application\'s own database, e.g. "chatbot"');
    }
  }

  // Users: literal ARNs must be IAM roles of this account, each once.
  const roles = props.iamRoleArns;
  if (p.list("iamRoleArns", roles, "one or more IAM role ARNs of the backend", "pass the ARNs of the backend's roles")) {
    if (roles.length === 0) {
      add("iamRoleArns", roles, "is empty: nobody could connect to the cluster", "one or more IAM role ARNs of the backend", "add the ARN of the backend's role, e.g. arn:aws:iam::<accountId>:role/<namePrefix>-backend-lambda");
    }
    roles.forEach((arn, i) => {
      if (!p.text(`iamRoleArns[${i}]`, arn, "arn:aws:iam::<12-digit account>:role/<name>", "pass the role's ARN") || !known(arn)) {
        return;
      }
      const match = ROLE_ARN.exec(arn);
      if (!match) {
        add(`iamRoleArns[${i}]`, arn, "is not an IAM role ARN", "arn:aws:iam::<12-digit account>:role/<name>", "pass the role's ARN (not a user, an instance profile or an assumed-role session ARN)");
      } else if (accountValid && match[1] !== props.accountId) {
        // Compared only with a valid account id: against anything else the mismatch says nothing.
        add(`iamRoleArns[${i}]`, arn, `is a role of account ${match[1]}, not of accountId ${props.accountId}`, `a role ARN of account ${props.accountId}`, "use the backend role of this environment's account");
      }
      if (roles.indexOf(arn) !== i) {
        add(`iamRoleArns[${i}]`, arn, "is listed twice", "each role once", "remove the duplicate");
      }
    });
  }

  // Placement.
  const list = (field: "subnetIds" | "clientSecurityGroupIds", what: string): void => {
    const values: unknown = props[field];
    if (!p.list(field, values, `one or more ${what}`, `pass the ${what}`)) {
      return;
    }
    if (values.length === 0) {
      add(field, values, "is empty", `one or more ${what}`, `pass the ${what}`);
    }
    values.forEach((v, i) => {
      if (known(v) && values.indexOf(v) !== i) {
        add(`${field}[${i}]`, v, "is listed twice", "each id once", "remove the duplicate");
      }
    });
  };
  list("subnetIds", "data subnet ids (one per AZ)");
  list("clientSecurityGroupIds", "security group ids of the app tier");
}
