/**
 * The placeholder backend (assets/backend-placeholder/main.py) run by python3: behind the edge it
 * refuses every request whose origin verification header does not carry the parameter's value,
 * reads the parameter once per container, and fails closed when it cannot read it. Parameter Store
 * is replaced by a fake; no bytecode is written next to the sources (the zip must hold only them).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { ORIGIN_VERIFY_HEADER, ORIGIN_VERIFY_PARAMETER } from "../lib/types/edge";

const SOURCES = path.join(__dirname, "..", "assets", "backend-placeholder");

/** Python that imports the handler with a fake Parameter Store and prints one JSON result per case. */
const DRIVER = `
import json, os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
cases = json.loads(sys.argv[2])
import main
reads = []
def fake_fetch(name):
    reads.append(name)
    store = json.loads(os.environ.get("FAKE_STORE", "{}"))
    if name not in store:
        raise KeyError(name)
    return store[name]
main._fetch_parameter = fake_fetch
out = []
for case in cases:
    os.environ.pop("ORIGIN_VERIFY_PARAM", None)
    os.environ.pop("ORIGIN_VERIFY_HEADER", None)
    os.environ.update(case.get("env", {}))
    r = main.lambda_handler({"headers": case.get("headers")}, None)
    out.append({"status": r["statusCode"], "body": json.loads(r["body"])})
print(json.dumps({"results": out, "reads": reads}))
`;

interface Case {
  readonly env?: Record<string, string>;
  readonly headers?: Record<string, string> | null;
}

function run(cases: Case[], store: Record<string, string>): { results: { status: number; body: { message: string } }[]; reads: string[] } {
  const r = spawnSync("python3", ["-c", DRIVER, SOURCES, JSON.stringify(cases)], { encoding: "utf8", env: { ...process.env, FAKE_STORE: JSON.stringify(store), PYTHONDONTWRITEBYTECODE: "1" } });
  expect(r.stderr.replace(/^\{"level": "ERROR".*\n?/gm, "")).toBe("");
  expect(r.status).toBe(0);
  // The handler logs the parameter's name and the error type, never a value.
  return JSON.parse(r.stdout.split("\n").filter((l) => l.startsWith('{"results"'))[0]);
}

const PARAM = `/chatbot/test/${ORIGIN_VERIFY_PARAMETER}`;
const behindEdge = { ORIGIN_VERIFY_PARAM: PARAM, ORIGIN_VERIFY_HEADER };
const statuses = (cases: Case[], store: Record<string, string> = { [PARAM]: "s3cr3t-token" }): number[] => run(cases, store).results.map((r) => r.status);

describe("backend placeholder", () => {
  test("without an edge every request gets the not-deployed answer and no parameter is read", () => {
    const out = run([{ headers: {} }, { headers: null }, { headers: { [ORIGIN_VERIFY_HEADER]: "anything" } }], {});
    expect(out.results.map((r) => r.status)).toEqual([503, 503, 503]);
    expect(out.results[0].body.message).toBe("the backend has not been deployed yet");
    expect(out.reads).toEqual([]);
  });

  test("behind the edge, only the exact token in the header passes (header names in any case)", () => {
    expect(
      statuses([
        { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "s3cr3t-token" } },
        { env: behindEdge, headers: { "X-Origin-Verify": "s3cr3t-token" } },
        { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "s3cr3t-tokeN" } },
        { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "s3cr3t-token " } },
        { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "" } },
        { env: behindEdge, headers: {} },
        { env: behindEdge, headers: null },
        { env: behindEdge, headers: { "x-other": "s3cr3t-token" } },
      ]),
    ).toEqual([503, 503, 403, 403, 403, 403, 403, 403]);
  });

  test("a refused request gets a bare 403 that reveals nothing about the check", () => {
    const [refused] = run([{ env: behindEdge, headers: {} }], { [PARAM]: "s3cr3t-token" }).results;
    expect(refused).toEqual({ status: 403, body: { message: "forbidden" } });
  });

  test("the parameter is read once per container, not per request", () => {
    const ok = { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "s3cr3t-token" } };
    expect(run([ok, ok, { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "wrong" } }, ok], { [PARAM]: "s3cr3t-token" }).reads).toEqual([PARAM]);
  });

  test("an unreadable or empty parameter refuses every request (fails closed)", () => {
    expect(statuses([{ env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "s3cr3t-token" } }], {})).toEqual([403]);
    expect(statuses([{ env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "" } }, { env: behindEdge, headers: { [ORIGIN_VERIFY_HEADER]: "x" } }], { [PARAM]: "" })).toEqual([403, 403]);
  });
});
