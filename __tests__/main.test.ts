/**
 * The entry point as users run it: `node dist/main.js` (compiled by `npm test` before jest runs).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const MAIN = path.join(__dirname, "..", "dist", "main.js");

function runMain(args: string[], outdir: string) {
  return spawnSync(process.execPath, [MAIN, ...args], { env: { ...process.env, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
}

describe("main", () => {
  let workdir: string;
  beforeAll(() => {
    if (!fs.existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: run the tests with \`npm test\`, which compiles first`);
    }
  });
  beforeEach(() => {
    workdir = fs.mkdtempSync(path.join(os.tmpdir(), "main-test-"));
  });
  afterEach(() => {
    fs.rmSync(workdir, { recursive: true, force: true });
  });

  test("synthesizes the selected environment and says what it wrote", () => {
    const out = path.join(workdir, "cdktf.out");
    const result = runMain(["--env", "dev"], out);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `Synthesized 15 stacks into ${out}: bootstrap, dev-apps, dev-data, dev-delivery, dev-edge, dev-network, dev-observability, dev-platform, dev-serverless, ` +
        "shared-111111111111, shared-123456789012, shared-222222222222, shared-333333333333, shared-444444444444, tfc-example-org\n",
    );
    expect(fs.existsSync(path.join(out, "stacks", "dev-network", "cdk.tf.json"))).toBe(true);
  });

  test("an unknown environment exits non-zero with the error and leaves the output untouched", () => {
    const out = path.join(workdir, "cdktf.out");
    expect(runMain(["--env", "dev"], out).status).toBe(0);
    const before = fs.readFileSync(path.join(out, "stacks", "dev-network", "cdk.tf.json"), "utf8");
    const result = runMain(["--env", "qa"], out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  - --env: "qa" is not a known environment\n    allowed: one of "dev", "staging", "prod", "local"');
    expect(result.stdout).toBe("");
    expect(fs.readFileSync(path.join(out, "stacks", "dev-network", "cdk.tf.json"), "utf8")).toBe(before);
    expect(fs.readdirSync(out).sort()).toEqual(["manifest.json", "stacks"]);
  });

  test("the app as the cdktf CLI runs it (CDKTF_OUTDIR, before every diff/deploy/destroy) leaves bootstrap state and init results alone", () => {
    const out = path.join(workdir, "cdktf.out");
    expect(runMain([], out).status).toBe(0);
    const stateFile = path.join(workdir, "state", "bootstrap.tfstate");
    fs.mkdirSync(path.dirname(stateFile), { recursive: true });
    fs.writeFileSync(stateFile, '{"serial": 3}');
    const lockFile = path.join(out, "stacks", "bootstrap", ".terraform.lock.hcl");
    fs.writeFileSync(lockFile, "# lock");
    expect(runMain([], out).status).toBe(0);
    expect(fs.readFileSync(stateFile, "utf8")).toBe('{"serial": 3}');
    expect(fs.readFileSync(lockFile, "utf8")).toBe("# lock");
  });
});
