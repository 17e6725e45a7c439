import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { EnvironmentConfig } from "../lib/config";
import { ConfigError } from "../lib/errors";
import { parseEnvArgs, synthesize, SynthOptions } from "../lib/synth";
import { buildApp } from "../stacks";
import { backendSettings } from "./helpers";

/**
 * Stacks that serve every environment: one shared stack per account (the registry (state) account
 * and the four environment accounts), and the Terraform Cloud organization's (`remote` runs there).
 */
const SHARED_STACKS = ["shared-111111111111", "shared-123456789012", "shared-222222222222", "shared-333333333333", "shared-444444444444", "tfc-example-org"];

let workdir: string;
beforeEach(() => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-test-"));
});
afterEach(() => {
  fs.rmSync(workdir, { recursive: true, force: true });
});

function options(overrides: Partial<SynthOptions> = {}): SynthOptions {
  return {
    outdir: path.join(workdir, "cdktf.out"),
    environments: ENVIRONMENTS,
    shared: SHARED,
    only: [],
    loadBackendSettings: () => backendSettings,
    build: (app, environments, allEnvironments, settings) =>
      buildApp(app, { environments, allEnvironments, shared: SHARED, backendSettings: settings, state: STATE }),
    ...overrides,
  };
}

/** A synth whose stack building fails half-way (after validation, before anything is written). */
function synthesizeWithFailingBuild(): void {
  synthesize(
    options({
      build: () => {
        throw new Error("boom");
      },
    }),
  );
}

/** Every file under a directory with its contents, for before/after comparison. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Stacks an environment gets: the three base layers, the cluster's two with a platform, data, the edge and observability. */
function envStacks(name: string): string[] {
  const env = ENVIRONMENTS.find((e) => e.name === name)!;
  const layers = ["delivery", "network", "serverless", ...(env.platform ? ["apps", "platform"] : []), ...(env.data ? ["data"] : []), ...(env.edge ? ["edge"] : []), ...(env.observability ? ["observability"] : [])];
  return layers.map((l) => `${name}-${l}`);
}

describe("synthesize", () => {
  test("writes the bootstrap stack and every environment's stacks", () => {
    const result = synthesize(options());
    expect([...result.stacks].sort()).toEqual([
      "bootstrap",
      ...["dev", "local", "prod", "remote", "staging"].flatMap(envStacks),
      ...SHARED_STACKS,
    ].sort());
    for (const stack of result.stacks) {
      expect(fs.existsSync(path.join(workdir, "cdktf.out", "stacks", stack, "cdk.tf.json"))).toBe(true);
    }
    expect(fs.readdirSync(workdir)).toEqual(["cdktf.out"]);
  });

  test("a broken config fails and leaves the previous output untouched", () => {
    synthesize(options());
    const before = snapshotTree(path.join(workdir, "cdktf.out"));
    const broken: EnvironmentConfig[] = ENVIRONMENTS.map((e) => (e.name === "prod" ? { ...e, network: { ...e.network, cidr: "10.30.0.0/33" } } : e));
    expect(() => synthesize(options({ environments: broken }))).toThrow(ConfigError);
    expect(() => synthesize(options({ environments: broken }))).toThrow('prod.network.cidr: "10.30.0.0/33" has a prefix length above 32');
    expect(snapshotTree(path.join(workdir, "cdktf.out"))).toEqual(before);
    expect(fs.readdirSync(workdir)).toEqual(["cdktf.out"]);
  });

  test("an error while building stacks also leaves the previous output untouched", () => {
    synthesize(options());
    const before = snapshotTree(path.join(workdir, "cdktf.out"));
    expect(synthesizeWithFailingBuild).toThrow("boom");
    expect(snapshotTree(path.join(workdir, "cdktf.out"))).toEqual(before);
    expect(fs.readdirSync(workdir)).toEqual(["cdktf.out"]);
  });

  test("--env synthesizes one environment and keeps the other stacks", () => {
    synthesize(options());
    const devBefore = fs.readFileSync(path.join(workdir, "cdktf.out", "stacks", "dev-network", "cdk.tf.json"), "utf8");
    const sharedBefore = fs.readFileSync(path.join(workdir, "cdktf.out", "stacks", "shared-444444444444", "cdk.tf.json"), "utf8");
    const result = synthesize(options({ only: ["prod"] }));
    expect([...result.stacks].sort()).toEqual(["bootstrap", ...envStacks("prod"), ...SHARED_STACKS].sort());
    const manifest = JSON.parse(fs.readFileSync(path.join(workdir, "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toHaveLength(1 + SHARED_STACKS.length + ["dev", "local", "prod", "remote", "staging"].flatMap(envStacks).length);
    // Shared stacks serve every environment, so a partial synth writes them unchanged.
    expect(fs.readFileSync(path.join(workdir, "cdktf.out", "stacks", "shared-444444444444", "cdk.tf.json"), "utf8")).toBe(sharedBefore);
    expect(fs.readFileSync(path.join(workdir, "cdktf.out", "stacks", "dev-network", "cdk.tf.json"), "utf8")).toBe(devBefore);
  });

  describe("what init and the user left in the stacks survives a synth", () => {
    /** Files a user has after bootstrap, `init` of a stack, an override and a local-backend state. */
    function leaveWork(out: string): Record<string, string> {
      const files: Record<string, string> = {
        "stacks/local-network/.terraform/providers/marker": "providers",
        "stacks/local-network/.terraform.lock.hcl": "# lock file",
        "stacks/local-network/backend_override.tf.json": "{}",
        "stacks/dev-network/terraform.tfstate": "{\"version\": 4}",
        "stacks/bootstrap/.terraform.lock.hcl": "# bootstrap lock file",
      };
      for (const [file, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
        fs.writeFileSync(path.join(out, file), content);
      }
      return files;
    }

    test.each([
      ["a full synth", [] as string[]],
      ["a partial synth (--env local,dev)", ["local", "dev"]],
    ])("%s carries .terraform, lock files, overrides and state files over", (_name, only) => {
      const out = path.join(workdir, "cdktf.out");
      synthesize(options());
      const files = leaveWork(out);
      synthesize(options({ only }));
      for (const [file, content] of Object.entries(files)) {
        expect(fs.readFileSync(path.join(out, file), "utf8")).toBe(content);
      }
      // The stack itself is the new synthesis, and nothing is left beside the output.
      expect(fs.existsSync(path.join(out, "stacks", "local-network", "cdk.tf.json"))).toBe(true);
      expect(fs.readdirSync(workdir)).toEqual(["cdktf.out"]);
    });

    test("the bootstrap state lives outside cdktf.out and a synth never touches it", () => {
      const out = path.join(workdir, "cdktf.out");
      synthesize(options());
      const backend = JSON.parse(fs.readFileSync(path.join(out, "stacks", "bootstrap", "cdk.tf.json"), "utf8")).terraform.backend;
      const stateFile = path.resolve(out, "stacks", "bootstrap", backend.local.path);
      expect(path.relative(out, stateFile).startsWith("..")).toBe(true);
      fs.mkdirSync(path.dirname(stateFile), { recursive: true });
      fs.writeFileSync(stateFile, "{\"serial\": 7}");
      synthesize(options());
      synthesize(options({ only: ["local"] }));
      expect(fs.readFileSync(stateFile, "utf8")).toBe("{\"serial\": 7}");
    });

    test("the read-only plan override is never carried over: a stale backend snapshot must not outlive a synth", () => {
      const out = path.join(workdir, "cdktf.out");
      synthesize(options());
      const override = path.join(out, "stacks", "dev-network", "zz_state_read_override.tf.json");
      fs.writeFileSync(override, "{}");
      synthesize(options());
      expect(fs.existsSync(override)).toBe(false);
    });

    test("a failed synth carries nothing away", () => {
      const out = path.join(workdir, "cdktf.out");
      synthesize(options());
      leaveWork(out);
      const before = snapshotTree(out);
      expect(synthesizeWithFailingBuild).toThrow("boom");
      expect(snapshotTree(out)).toEqual(before);
    });
  });

  test("--env on an empty output writes just that environment", () => {
    const result = synthesize(options({ only: ["dev"] }));
    expect(fs.readdirSync(path.join(workdir, "cdktf.out", "stacks")).sort()).toEqual(["bootstrap", ...envStacks("dev"), ...SHARED_STACKS].sort());
    expect(result.outdir).toBe(path.join(workdir, "cdktf.out"));
  });

  test("an unknown environment is an error naming the known ones", () => {
    expect(() => synthesize(options({ only: ["qa"] }))).toThrow('--env: "qa" is not a known environment');
    expect(fs.existsSync(path.join(workdir, "cdktf.out"))).toBe(false);
  });
});

describe("parseEnvArgs", () => {
  test("accepts repeated flags, comma lists and --env=", () => {
    expect(parseEnvArgs(["--env", "dev", "--env", "staging,prod", "--env=local"])).toEqual(["dev", "staging", "prod", "local"]);
  });

  test("drops duplicates", () => {
    expect(parseEnvArgs(["--env", "dev,dev"])).toEqual(["dev"]);
  });

  describe("errors", () => {
    test.each([[["--env="]], [["--env", ","]], [["--env= , "]]])("an empty value %j is refused instead of selecting every environment", (argv: string[]) => {
      expect(() => parseEnvArgs(argv)).toThrow(ConfigError);
      expect(() => parseEnvArgs(argv)).toThrow("names no environment");
    });

    test("a flag without a value", () => {
      expect(() => parseEnvArgs(["--env"])).toThrow("--env: null has no environment name after it");
    });

    test("an unknown argument", () => {
      expect(() => parseEnvArgs(["--stack", "x"])).toThrow(
        '  - argv: "--stack" is not an option of synth\n    allowed: --env <name>[,<name>...] (repeatable), --debug\n    fix: remove the argument, or use --env to pick environments',
      );
    });
  });
});
