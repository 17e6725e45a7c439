/**
 * Message parity: for the same mistake, real Terraform/OpenTofu running the generated module's
 * validation blocks prints what the construct's TypeScript validator prints (prop names in
 * snake_case). Runs `init` once and `validate -json` per case against modules/job-queue as
 * committed.
 *
 * Needs an engine and the AWS provider mirror: TERRAFORM_BINARY_NAME + TF_CLI_CONFIG_FILE from the
 * environment (scripts/common.sh sets both), else the toolchain cache (`npm run toolchain`). Without
 * either the suite is skipped, unless MODULES_ENGINE_REQUIRED=1 (scripts/modules-validate.sh sets
 * it, so CI never skips it).
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { JobQueuesProps, JobQueueSpec, validateJobQueuesProps } from "../constructs/job-queues";
import { formatProblem } from "../lib/errors";
import { Problems } from "../lib/problems";
import { hclAttributes } from "../tools/modules/hcl";
import { JOB_QUEUE_PROPS } from "../tools/modules/job-queue";
import { snake, snakeProps } from "../tools/modules/messages";
import { repoRoot } from "../tools/lib/repo";

const ROOT = repoRoot(__dirname);

function findEngine(): { bin: string; env: NodeJS.ProcessEnv } | undefined {
  const named = process.env.TERRAFORM_BINARY_NAME;
  if (named && process.env.TF_CLI_CONFIG_FILE && spawnSync(named, ["version"]).status === 0) {
    return { bin: named, env: process.env };
  }
  const dir = process.env.CHATBOT_TOOLCHAIN_DIR ?? path.join(os.homedir(), ".cache", "chatbot-platform-toolchain");
  const tofu = path.join(dir, "bin", "tofu");
  const rc = path.join(dir, "tofurc");
  if (fs.existsSync(tofu) && fs.existsSync(rc)) {
    return { bin: tofu, env: { ...process.env, TF_CLI_CONFIG_FILE: rc } };
  }
  if (process.env.MODULES_ENGINE_REQUIRED === "1") {
    throw new Error("no Terraform engine: set TERRAFORM_BINARY_NAME and TF_CLI_CONFIG_FILE, or build the toolchain (npm run toolchain)");
  }
  return undefined;
}

const engine = findEngine();
const BASE: JobQueueSpec = { name: "jobs", visibilityTimeoutSeconds: 60, messageRetentionDays: 4, maxReceiveCount: 5 };

/** What the TypeScript path reports for these props, as the module names things. */
function typescriptSays(props: Partial<JobQueuesProps>): string[] {
  const problems = new Problems();
  validateJobQueuesProps({ namePrefix: "team-a-dev", accountId: "123456789012", region: "ap-southeast-2", queues: [BASE], ...props }, problems, "");
  return problems.list.map((p) => snakeProps(formatProblem(p), JOB_QUEUE_PROPS));
}

/** The module call with the same mistake: camelCase props written as the module's inputs. */
function moduleCall(label: string, props: Partial<JobQueuesProps>): string {
  const toInput = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(toInput) : value !== null && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [snake(k), toInput(v)])) : value;
  const inputs = Object.entries({ namePrefix: "team-a-dev", queues: [BASE], ...props }).map(([k, v]) => [snake(k), toInput(v)] as const);
  return `module "${label}" {\n  source = "./job-queue"\n${hclAttributes(inputs, "  ")}\n}\n`;
}

const CASES: [string, Partial<JobQueuesProps>][] = [
  ["valid", {}],
  ["a bad queue name and too many receives", { queues: [{ ...BASE, name: "Bad_Name", maxReceiveCount: 5000 }] }],
  ["a repeated queue name", { queues: [BASE, { ...BASE, visibilityTimeoutSeconds: 30 }] }],
  ["a dead-letter queue that keeps messages shorter than the queue", { queues: [{ ...BASE, messageRetentionDays: 7, dlqRetentionDays: 3 }] }],
  ["a visibility timeout that lets jobs expire before the dead-letter queue", { queues: [{ ...BASE, visibilityTimeoutSeconds: 30000, maxReceiveCount: 20 }] }],
  ["a bad name prefix, data key reuse out of range and an alarm action that is no ARN", { namePrefix: "Team_A", kmsDataKeyReuseSeconds: 5, alarmActions: ["oncall"] }],
  ["no queue at all", { queues: [] }],
];

interface Diagnostic {
  readonly summary: string;
  readonly detail: string;
  readonly range?: { readonly start: { readonly line: number } };
}

(engine ? describe : describe.skip)("the module's validation errors match the TypeScript messages", () => {
  /** Validation messages per case (one module call each, validated together in one run). */
  const said = new Map<string, string[]>();
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "modules-parity-"));
    fs.cpSync(path.join(ROOT, "modules", "job-queue"), path.join(dir, "job-queue"), { recursive: true });
    const starts: [number, string][] = [];
    let text = "";
    CASES.forEach(([what, props], i) => {
      starts.push([text.split("\n").length, what]);
      text += moduleCall(`case_${i}`, props) + "\n";
    });
    fs.writeFileSync(path.join(dir, "main.tf"), text);
    const env = { ...engine!.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
    execFileSync(engine!.bin, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env, stdio: "pipe" });
    const r = spawnSync(engine!.bin, ["validate", "-json", "-no-color"], { cwd: dir, env, encoding: "utf8" });
    const diagnostics = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics;
    for (const [, what] of starts) said.set(what, []);
    for (const d of diagnostics) {
      expect(d.summary).toBe("Invalid value for variable");
      const line = d.range?.start.line ?? 0;
      const what = [...starts].reverse().find(([start]) => start <= line)?.[1] ?? "?";
      const messages = d.detail.replace(/\n\nThis was checked by the validation rule at .*$/s, "").split(/\n(?=\S)/);
      said.set(what, [...(said.get(what) ?? []), ...messages]);
    }
  }, 180_000);
  afterAll(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  test("the valid call passes", () => {
    expect(said.get("valid")).toEqual([]);
  });

  test.each(CASES.slice(1))("%s", (what, props) => {
    const expected = typescriptSays(props);
    expect(expected.length).toBeGreaterThan(0);
    expect([...(said.get(what) ?? [])].sort()).toEqual([...expected].sort());
  });
});
