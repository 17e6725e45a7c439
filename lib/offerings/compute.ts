/**
 * EKS node group instance types against the EC2 `InstanceType` enum. lib/validate-platform.ts
 * already limits each group to its families; this adds that the size exists in the family
 * (`m7i.medium` or `g5.large` pass a family check and fail at apply).
 */
import { EnvironmentConfig, NODE_GROUP_INSTANCE_FAMILIES, NODE_GROUP_NAMES } from "../config";
import { Problems } from "../problems";
import { DATA_FILES, EC2_INSTANCE_TYPES } from "./data";
import { splitType } from "./sizes";
import { allowedTypes } from "./suggest";
import { asRecord } from "./values";

const OFFERED = new Set(EC2_INSTANCE_TYPES.values);

export function checkNodeGroupInstanceTypes(problems: Problems, env: EnvironmentConfig): void {
  const groups = asRecord(asRecord(env.platform).nodeGroups);
  for (const name of NODE_GROUP_NAMES) {
    const types = asRecord(groups[name]).instanceTypes;
    if (!Array.isArray(types)) {
      continue; // reported by lib/validate-platform.ts
    }
    types.forEach((type: unknown, i) => {
      // A family the group does not accept is reported by lib/validate-platform.ts.
      if (typeof type !== "string" || !NODE_GROUP_INSTANCE_FAMILIES[name].includes(splitType(type).family) || OFFERED.has(type)) {
        return;
      }
      const path = `${env.name}.platform.nodeGroups.${name}.instanceTypes[${i}]`;
      const { allowed, suggestion } = allowedTypes(type, EC2_INSTANCE_TYPES.values, "EC2", DATA_FILES.ec2InstanceTypes);
      problems.add(path, type, `is not an EC2 instance type: the ${splitType(type).family} family has no size "${splitType(type).size}"`, allowed, `set ${path} to e.g. "${suggestion}"`);
    });
  }
}
