/**
 * An environment's `tags` against the AWS tagging rules, counted with the tags the app adds itself.
 * Every resource gets the environment's tags plus Environment, Project, Stack and ManagedBy
 * (stacks/environment-stack.ts, lib/tagging.ts), and resources add their own (Name; subnets also
 * Tier and a kubernetes.io/role/* key, constructs/network). IAM, which tags every role the app
 * creates, is the strictest API it calls: it takes the characters of the AWS tagging rules only,
 * at most 50 tags per resource, and treats keys that differ only in case as the same key.
 * lib/validate.ts already checks key and value lengths and the reserved `aws:` prefix.
 */
import { EnvironmentConfig } from "../config";
import { Problems } from "../problems";
import { stackTags } from "../tagging";
import { AWS_API_RULES, DATA_FILES } from "./data";
import { quoted } from "./suggest";
import { isRecord } from "./values";

/** Keys the app sets on every resource of an environment stack (computed, so they cannot drift). */
export const STACK_TAG_KEYS: readonly string[] = Object.keys(stackTags("stack", { Environment: "env" })).sort();
/** Keys constructs set on their own resources; a subnet carries all three (one role key or the other). */
export const RESOURCE_TAG_KEYS: readonly string[] = ["Name", "Tier", "kubernetes.io/role/elb"];
/** Every key the app sets, for the case comparison. */
const APP_TAG_KEYS: readonly string[] = [...STACK_TAG_KEYS, "Name", "Tier", "kubernetes.io/role/elb", "kubernetes.io/role/internal-elb"];
/** The most tags the app adds to one resource. */
export const APP_TAGS_PER_RESOURCE = STACK_TAG_KEYS.length + RESOURCE_TAG_KEYS.length;

const RULES = AWS_API_RULES.values.iamTags;
const KEY_PATTERN = new RegExp(`^${RULES.key.pattern ?? ".*"}$`, "u");
const VALUE_PATTERN = new RegExp(`^${RULES.value.pattern ?? ".*"}$`, "u");
const CHARACTERS = "letters, digits, spaces and _ . : / = + - @";
const RULES_SOURCE = `the AWS tagging rules as the IAM API declares them, ${DATA_FILES.awsApiRules}`;

/** The characters of `text` outside the tagging rules' set, each once. */
function badCharacters(text: string, pattern: RegExp): string[] {
  return [...new Set([...text].filter((c) => !pattern.test(c)))];
}

export function checkTags(problems: Problems, env: EnvironmentConfig): void {
  const tags = env.tags;
  if (!isRecord(tags)) {
    return;
  }
  const base = `${env.name}.tags`;
  const entries = Object.entries(tags);
  const charPattern = new RegExp(`^${(RULES.key.pattern ?? ".").replace(/[+*]$/, "")}$`, "u");

  for (const [key, value] of entries) {
    // Lengths and the aws: prefix are reported by lib/validate.ts.
    const keyMeasured = key.length >= RULES.key.min && key.length <= RULES.key.max && !key.toLowerCase().startsWith("aws:");
    if (keyMeasured && !KEY_PATTERN.test(key)) {
      problems.add(base, key, `is not a tag key AWS accepts: it contains ${quoted(badCharacters(key, charPattern))}`, `1 to ${RULES.key.max} ${CHARACTERS} (${RULES_SOURCE})`, `rename the tag key, e.g. "${[...key].filter((c) => charPattern.test(c)).join("") || "Team"}"`);
    }
    if (typeof value === "string" && value.length <= RULES.value.max && !VALUE_PATTERN.test(value)) {
      problems.add(`${base}.${key}`, value, `is not a tag value AWS accepts: it contains ${quoted(badCharacters(value, charPattern))}`, `0 to ${RULES.value.max} ${CHARACTERS} (${RULES_SOURCE})`, `remove the other characters from the value of tag ${key}`);
    }
    if (APP_TAG_KEYS.includes(key)) {
      problems.add(base, key, `is a key the app sets itself (${STACK_TAG_KEYS.includes(key) ? "lib/tagging.ts, on every resource" : "constructs, on their resources"}), so this value would be overwritten`, `keys other than ${quoted(APP_TAG_KEYS)}`, `remove tag ${key} from ${base}, or rename it`);
    }
  }

  // Keys equal but for case: IAM refuses them on one role, and every role gets all of them.
  const lower = new Map<string, string>(APP_TAG_KEYS.map((k) => [k.toLowerCase(), k]));
  for (const [key] of entries) {
    const other = lower.get(key.toLowerCase());
    if (other !== undefined && other !== key) {
      const own = APP_TAG_KEYS.includes(other);
      problems.add(
        base,
        key,
        `differs only in case from ${own ? `the key ${JSON.stringify(other)} the app adds itself` : `the tag ${JSON.stringify(other)}`}: IAM treats tag keys that differ only in case as the same key and refuses the pair`,
        `tag keys that differ in more than case, from each other and from the keys the app adds (${quoted(APP_TAG_KEYS)})`,
        own ? `remove tag ${key} from ${base} (the app sets ${other}), or rename it` : `keep one of ${JSON.stringify(other)} and ${JSON.stringify(key)} in ${base}`,
      );
    } else if (other === undefined) {
      lower.set(key.toLowerCase(), key);
    }
  }

  // At most 50 tags per resource, the app's own included (keys it overwrites count once).
  const own = entries.filter(([key]) => !APP_TAG_KEYS.includes(key)).length;
  const most = RULES.maxPerResource - APP_TAGS_PER_RESOURCE;
  if (own > most) {
    problems.add(
      base,
      own,
      `tags, with the ${APP_TAGS_PER_RESOURCE} the app adds (${[...STACK_TAG_KEYS, ...RESOURCE_TAG_KEYS].join(", ")}), would put ${own + APP_TAGS_PER_RESOURCE} on a subnet: more than the ${RULES.maxPerResource} AWS allows per resource`,
      `at most ${most} tags in ${base} (${RULES.maxPerResource} per resource, ${RULES_SOURCE})`,
      `remove ${own - most} tag${own - most === 1 ? "" : "s"} from ${base}`,
    );
  }
}
