import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  checkDestroyDependents,
  EngineCall,
  main,
  orderStacks,
  parseArgs,
  pickEngine,
  readManifest,
  runStacks,
  RunStacksError,
  selectStacks,
  StackManifest,
} from "../tools/run-stacks";

/** The shape of cdktf.out/manifest.json for two environments, their shared stacks and bootstrap. */
function fixture(extra: Record<string, readonly string[]> = {}): StackManifest {
  const deps: Record<string, readonly string[]> = {
    bootstrap: [],
    "shared-111111111111": [],
    "shared-444444444444": [],
    "shared-333333333333": [],
    "dev-network": [],
    "dev-serverless": ["dev-network"],
    "dev-data": ["dev-network", "dev-serverless"],
    "dev-delivery": ["shared-111111111111", "shared-444444444444", "dev-serverless"],
    "prod-network": [],
    "prod-delivery": ["shared-333333333333", "shared-444444444444"],
    ...extra,
  };
  return {
    stacks: Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, { name, dependencies: d, workingDirectory: `stacks/${name}` }])),
  };
}

const select = (m: StackManifest, o: { environments?: string[]; stacks?: string[]; withShared?: boolean }): string[] =>
  selectStacks(m, { environments: o.environments ?? [], stacks: o.stacks ?? [], withShared: o.withShared ?? false });

describe("parseArgs", () => {
  test("reads the command, environments, stacks, flags and the engine arguments after --", () => {
    const o = parseArgs(["destroy", "--env", "dev,prod", "--stack", "bootstrap", "--stack=shared-444444444444", "--with-shared", "--ignore-dependents", "--", "-auto-approve", "-lock-timeout=60s"]);
    expect(o).toMatchObject({
      command: "destroy",
      environments: ["dev", "prod"],
      stacks: ["bootstrap", "shared-444444444444"],
      withShared: true,
      ignoreDependents: true,
      dryRun: false,
      extraArgs: ["-auto-approve", "-lock-timeout=60s"],
    });
  });

  test("engine flags before -- are refused, with where they belong", () => {
    expect(() => parseArgs(["apply", "--env", "dev", "-auto-approve"])).toThrow(/unknown option "-auto-approve"; engine arguments go after "--"/);
  });

  test("an unknown or missing command is refused with the list", () => {
    expect(() => parseArgs(["deploy", "--env", "dev"])).toThrow(/unknown command "deploy"; use one of init, plan, apply, destroy, output/);
    expect(() => parseArgs(["--env", "dev"])).toThrow(/no command given/);
  });

  test("--env without a name is refused", () => {
    expect(() => parseArgs(["plan", "--env", "--with-shared"])).toThrow(/--env needs a value \(got "--with-shared"\)/);
  });
});

describe("selectStacks", () => {
  test("an environment selects its own stacks, not the shared stacks or bootstrap", () => {
    expect(select(fixture(), { environments: ["dev"] })).toEqual(["dev-data", "dev-delivery", "dev-network", "dev-serverless"]);
  });

  test("--with-shared adds exactly the shared stacks the selection depends on", () => {
    const selected = select(fixture(), { environments: ["dev"], withShared: true });
    expect(selected).toContain("shared-111111111111");
    expect(selected).toContain("shared-444444444444");
    expect(selected).not.toContain("shared-333333333333");
    expect(selected).not.toContain("bootstrap");
  });

  test("bootstrap is selected only by name", () => {
    expect(select(fixture(), { environments: ["dev"], stacks: ["bootstrap"] })).toContain("bootstrap");
  });

  test("unknown environments and stacks are all reported, with what exists", () => {
    expect(() => select(fixture(), { environments: ["qa"], stacks: ["dev-net"] })).toThrow(
      /environment "qa" has no stacks in the manifest \(environments there: dev, prod\); check the name, or synthesize it: npm run synth -- --env qa\nstack "dev-net" is not in the manifest \(did you mean dev-network\?\)/,
    );
  });

  test("an empty selection is refused", () => {
    expect(() => select(fixture(), {})).toThrow(/no stacks selected: pass --env <name> and\/or --stack <name>/);
  });
});

describe("orderStacks", () => {
  const all = Object.keys(fixture().stacks);

  test("every stack runs after the stacks it depends on, bootstrap first", () => {
    const order = orderStacks(fixture(), all, "apply");
    expect(order[0]).toBe("bootstrap");
    for (const [name, stack] of Object.entries(fixture().stacks)) {
      for (const dep of stack.dependencies) {
        expect(order.indexOf(dep)).toBeLessThan(order.indexOf(name));
      }
    }
  });

  test("the order is the same whatever order the selection came in", () => {
    expect(orderStacks(fixture(), [...all].reverse(), "plan")).toEqual(orderStacks(fixture(), all, "plan"));
  });

  test("destroy runs the exact reverse of apply: dependents first, bootstrap last", () => {
    const apply = orderStacks(fixture(), all, "apply");
    const destroy = orderStacks(fixture(), all, "destroy");
    expect(destroy).toEqual([...apply].reverse());
    expect(destroy.indexOf("dev-delivery")).toBeLessThan(destroy.indexOf("dev-serverless"));
    expect(destroy.indexOf("dev-serverless")).toBeLessThan(destroy.indexOf("dev-network"));
    expect(destroy[destroy.length - 1]).toBe("bootstrap");
  });

  test("a dependency cycle is refused and named", () => {
    const m = fixture({ "dev-network": ["dev-data"] });
    expect(() => orderStacks(m, ["dev-network", "dev-serverless", "dev-data"], "apply")).toThrow(
      /dependency cycle in the manifest: dev-data -> dev-network -> dev-data/,
    );
  });
});

describe("checkDestroyDependents", () => {
  test("destroying a stack whose dependents are not selected is refused, naming them", () => {
    expect(() => checkDestroyDependents(fixture(), ["dev-network", "dev-serverless"], false)).toThrow(
      /refusing to destroy: stacks outside the selection depend on selected ones:\n {2}dev-network is depended on by dev-data\n {2}dev-serverless is depended on by dev-data, dev-delivery\nfix: select those stacks too/,
    );
  });

  test("bootstrap may not go while any other stack stays", () => {
    expect(() => checkDestroyDependents(fixture(), ["bootstrap"], false)).toThrow(/bootstrap is depended on by dev-data, dev-delivery/);
  });

  test("a selection that includes every dependent passes", () => {
    expect(() => checkDestroyDependents(fixture(), ["dev-network", "dev-serverless", "dev-data", "dev-delivery"], false)).not.toThrow();
  });

  test("--ignore-dependents lets an explicit subset through", () => {
    expect(() => checkDestroyDependents(fixture(), ["shared-444444444444", "bootstrap"], true)).not.toThrow();
  });
});

describe("runStacks", () => {
  const settings = { outdir: "/out", engine: "tofu", extraArgs: ["-auto-approve"] };

  function recorder(exitCodes: Record<string, number> = {}): { calls: EngineCall[]; run: (c: EngineCall) => Promise<number> } {
    const calls: EngineCall[] = [];
    return {
      calls,
      run: async (c) => {
        calls.push(c);
        return exitCodes[`${c.stack} ${c.args[0]}`] ?? 0;
      },
    };
  }

  test("destroy starts exactly one engine process per stack, in reverse dependency order, in each stack's directory", async () => {
    const m = fixture();
    const order = orderStacks(m, ["dev-network", "dev-serverless", "dev-data", "dev-delivery"], "destroy");
    const r = recorder();
    const result = await runStacks(m, order, "destroy", settings, { run: r.run, isInitialized: () => true, log: () => undefined });
    expect(r.calls.map((c) => `${c.stack} ${c.args.join(" ")}`)).toEqual([
      "dev-delivery destroy -auto-approve",
      "dev-data destroy -auto-approve",
      "dev-serverless destroy -auto-approve",
      "dev-network destroy -auto-approve",
    ]);
    expect(r.calls[0].cwd).toBe(path.join("/out", "stacks", "dev-delivery"));
    expect(result).toEqual({ completed: order, notStarted: [] });
  });

  test("init runs first only where .terraform/ is missing, and providers lock never runs", async () => {
    const m = fixture();
    const r = recorder();
    await runStacks(m, ["dev-network", "dev-serverless"], "plan", { ...settings, extraArgs: [] }, {
      run: r.run,
      isInitialized: (cwd) => cwd.endsWith("dev-network"),
      log: () => undefined,
    });
    expect(r.calls.map((c) => `${c.stack} ${c.args.join(" ")}`)).toEqual(["dev-network plan -input=false", "dev-serverless init -input=false", "dev-serverless plan -input=false"]);
    expect(r.calls.some((c) => c.args.includes("providers") || c.args.includes("lock"))).toBe(false);
  });

  test("the first failure stops the run: its dependents and everything after never start", async () => {
    const m = fixture();
    const order = orderStacks(m, ["dev-network", "dev-serverless", "dev-data"], "apply");
    const r = recorder({ "dev-serverless apply": 1 });
    const result = await runStacks(m, order, "apply", settings, { run: r.run, isInitialized: () => true, log: () => undefined });
    expect(r.calls.map((c) => c.stack)).toEqual(["dev-network", "dev-serverless"]);
    expect(result.failed?.exitCode).toBe(1);
    expect(result.failed?.call.stack).toBe("dev-serverless");
    expect(result.notStarted).toEqual(["dev-data"]);
  });

  test("an interrupt stops before the next stack", async () => {
    const r = recorder();
    let stops = 0;
    const result = await runStacks(fixture(), ["dev-network", "dev-serverless"], "apply", settings, {
      run: r.run,
      isInitialized: () => true,
      log: () => undefined,
      interrupted: () => stops++ > 0,
    });
    expect(r.calls.map((c) => c.stack)).toEqual(["dev-network"]);
    expect(result.notStarted).toEqual(["dev-serverless"]);
  });
});

describe("the manifest and the engine", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-stacks-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a missing cdktf.out says to run npm run synth", () => {
    expect(() => readManifest(path.join(dir, "cdktf.out"))).toThrow(/manifest.json does not exist: nothing has been synthesized there. Run `npm run synth` first/);
  });

  test("the manifest's dependencies and directories are read", () => {
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { a: { name: "a", dependencies: ["b"], workingDirectory: "stacks/a" }, b: { name: "b" } } }));
    expect(readManifest(dir)).toEqual({ stacks: { a: { name: "a", dependencies: ["b"], workingDirectory: "stacks/a" }, b: { name: "b", dependencies: [], workingDirectory: path.join("stacks", "b") } } });
  });

  test("TERRAFORM_BINARY_NAME wins; otherwise tofu when it is on PATH, else terraform", () => {
    expect(pickEngine({ TERRAFORM_BINARY_NAME: "/opt/terraform", PATH: dir })).toBe("/opt/terraform");
    expect(pickEngine({ PATH: dir })).toBe("terraform");
    fs.writeFileSync(path.join(dir, "tofu"), "#!/bin/sh\n", { mode: 0o755 });
    expect(pickEngine({ PATH: dir })).toBe("tofu");
  });

  test("main refuses a subset destroy before starting any engine, with exit code 2", async () => {
    const m = fixture();
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(m));
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await main(["destroy", "--stack", "dev-network", "--outdir", dir], { TERRAFORM_BINARY_NAME: "/nonexistent/engine" })).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toMatch(/refusing to destroy: .*\n {2}dev-network is depended on by dev-data, dev-serverless/);
  });

  test("main names a stack directory the manifest lists but the output lacks", async () => {
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(fixture()));
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      expect(await main(["plan", "--stack", "dev-network", "--outdir", dir, "--dry-run"], {})).toBe(2);
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }
    expect(errors.join("\n")).toMatch(/the manifest lists dev-network but .* has no directory for it; run `npm run synth` again/);
  });

  test("--dry-run prints the order and the calls, init only where .terraform/ is missing, and runs nothing", async () => {
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(fixture()));
    for (const s of ["dev-network", "dev-serverless"]) {
      fs.mkdirSync(path.join(dir, "stacks", s), { recursive: true });
    }
    fs.mkdirSync(path.join(dir, "stacks", "dev-network", ".terraform"));
    const lines: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      expect(await main(["apply", "--stack", "dev-serverless,dev-network", "--outdir", dir, "--dry-run", "--", "-auto-approve"], { TERRAFORM_BINARY_NAME: "/nonexistent/engine" })).toBe(0);
    } finally {
      log.mockRestore();
    }
    expect(lines.filter((l) => l.includes("(dry run)")).map((l) => l.replace(/^.*\(dry run\) /, "").replace(dir, "<out>"))).toEqual([
      "1/2 dev-network: /nonexistent/engine apply -auto-approve",
      "2/2 dev-serverless: /nonexistent/engine init -input=false",
      "2/2 dev-serverless: /nonexistent/engine apply -auto-approve",
    ]);
  });

  test("--help prints the usage and exits 0; after -- it belongs to the engine", async () => {
    const lines: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    const err = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await main(["--help"], {})).toBe(0);
      expect(await main(["plan", "--outdir", dir, "--", "--help"], {})).toBe(2);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    expect(lines[0]).toMatch(/^usage: npm run stacks -- <init\|plan\|apply\|destroy\|output>/);
  });

  test("RunStacksError is the error type of refusals", () => {
    expect(() => orderStacks(fixture({ a: ["a"] }), ["a"], "plan")).toThrow(RunStacksError);
  });
});
