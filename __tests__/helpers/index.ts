/**
 * Shared test fixtures: one fixed environment, the real backend settings, and JSON helpers.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing, TerraformStack } from "cdktf";
import { parseBackendSettings, StateBackendSettings } from "../../lib/backend";
import { EnvironmentConfig } from "../../lib/config";
import { ConfigError } from "../../lib/errors";
import backendJson from "../../backend.tf.json";
import { prod } from "../../environments/prod";

export const backendSettings: StateBackendSettings = parseBackendSettings(backendJson);

/** A valid environment to derive broken variants from. */
export function testEnv(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return {
    name: "test",
    criticality: "development",
    accountId: "123456789012",
    region: "ap-southeast-2",
    tags: { Owner: "tests" },
    backend: { kind: "s3" },
    network: { cidr: "10.50.0.0/16", azCount: 2, nat: "single", flowLogs: { retentionDays: 365 } },
    serverless: {
      memoryMb: 1024,
      timeoutSeconds: 30,
      logLevel: "INFO",
      logRetentionDays: 365,
      allowedOrigins: ["https://app.example.com"],
      throttlingRateLimit: 10,
      throttlingBurstLimit: 20,
    },
    delivery: { githubOwner: "acme", githubRepository: "chatbot", deploySubjects: [{ kind: "environment", name: "test" }] },
    operators: { applyRoleArn: "arn:aws:iam::123456789012:role/platform-apply" },
    platform: {
      ...prod.platform!,
      privateEndpointClientCidrs: ["10.50.0.0/16"],
    },
    data: prod.data,
    ...overrides,
  };
}

/** Synthesized JSON of a stack as an object. */
export type TfJson = {
  terraform: Record<string, any>;
  provider?: Record<string, any>;
  resource: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
};

export function synthStack(stack: TerraformStack): TfJson {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one type, as a list of their bodies. */
export function resources(json: TfJson, type: string): any[] {
  return Object.values(json.resource[type] ?? {});
}

/** A fresh app for stack tests. */
export function testApp(): App {
  return Testing.app();
}

/** Removes volatile values (none today besides cdktf's metadata) for snapshots. */
export function scrub(json: TfJson): TfJson {
  return JSON.parse(JSON.stringify(json, (key, value) => (key === "//" ? undefined : value)));
}

/**
 * The HCL form of the stacks `build` adds, as `cdktf synth --hcl` writes it (each stack reads
 * SYNTH_HCL_OUTPUT when it is created): stack name -> `cdk.tf` text.
 */
export function synthHcl(build: (app: App) => void): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-hcl-"));
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = "true";
  try {
    const app = new App({ outdir, hclOutput: true });
    build(app);
    app.synth();
    const files = new Map<string, string>();
    for (const stack of fs.readdirSync(path.join(outdir, "stacks"))) {
      files.set(stack, fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf"), "utf8"));
    }
    return files;
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The ConfigError `fn` throws (the test fails when it throws nothing, or something else). */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}
