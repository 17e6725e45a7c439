"""
The generated modules against moto (scripts/modules-e2e.sh): for every examples/<name> whose module
moto serves, on one fresh moto server (started as the app's e2e starts it, scripts/e2e.py):

1. copies modules/ and examples/ into a work directory and points them at moto
   (tools/modules/moto-overrides: the fake cloud's provider settings and resource exclusions);
2. `init`, `apply`, a second `plan` that must be empty (except the moto differences of
   e2e/modules-known-diffs.json, each with its reason), the outputs checked, `destroy`, and the
   state checked empty;
3. the README's usage block copied alone into an empty directory with the module's source pointed
   at the checkout: `init` and `plan` must pass with only the documented inputs (no provider block:
   region, endpoint and credentials come from the environment as they would for a user).

4. an example whose literal inputs need real objects (IDs of a VPC, subnets, security groups) gets
   the fixture of e2e/module-fixtures/<example>/ copied in first: the objects, and a
   `main_override.tf` that points the module call at them;
5. each variant of an example (e2e/module-variants/<example>/<variant>/: extra resources and a
   `main_override.tf` that changes the module call, e.g. the other branch of an optional input)
   applied, re-planned, checked and destroyed the same way.

Examples whose module moto cannot serve are validated only (scripts/modules-validate.sh); they
are listed in NOT_APPLIED with the reason.
"""
import fnmatch
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import Failure, free_port, make_certificate, run, start_moto, tail, wait_for_moto  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.environ.get("TERRAFORM_BINARY_NAME", "tofu")
OVERRIDES = os.path.join(ROOT, "dist", "tools", "modules", "moto-overrides.js")
KNOWN = os.path.join(ROOT, "e2e", "modules-known-diffs.json")
VARIANTS = os.path.join(ROOT, "e2e", "module-variants")
FIXTURES = os.path.join(ROOT, "e2e", "module-fixtures")
# Examples not applied, with the reason (validated by scripts/modules-validate.sh instead).
NOT_APPLIED = {}


def log(msg):
    print(f"[modules-e2e {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def plan_changes(d, env):
    proc = run([ENGINE, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-out=replan.tfplan"], d, env, check=False)
    if proc.returncode == 0:
        return []
    if proc.returncode != 2:
        raise Failure(f"re-plan failed:\n{tail(proc)}")
    shown = json.loads(run([ENGINE, "show", "-json", "replan.tfplan"], d, env).stdout)
    changes = []
    for rc in shown.get("resource_changes", []):
        actions = rc["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        before, after = rc["change"].get("before") or {}, rc["change"].get("after") or {}
        attrs = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        changes.append((rc["address"], actions, attrs))
    return changes


def check_no_drift(example, changes, known):
    unexplained = []
    for address, actions, attrs in changes:
        allowed = [k for k in known if fnmatch.fnmatch(example, k["stack"]) and fnmatch.fnmatch(address, k["address"])]
        for k in allowed:
            k["_used"] = True
        if actions != ["update"] or not set(attrs) <= {a for k in allowed for a in k["attributes"]}:
            unexplained.append(f"{address}: {'/'.join(actions)} {', '.join(attrs)}")
    if unexplained:
        raise Failure(f"{example}: a second plan right after apply wants changes:\n  " + "\n  ".join(unexplained))
    return len(changes)


def usage_block(readme):
    m = re.search(r"## Usage\n\n```hcl\n(.*?)```", open(readme).read(), re.S)
    if not m:
        raise Failure(f"{readme}: no ```hcl usage block under ## Usage")
    return m.group(1)


def apply_example(work, name, env, known):
    d = os.path.join(work, "examples", name)
    started = time.time()
    run([ENGINE, "init", "-input=false", "-no-color"], d, env)
    run([ENGINE, "apply", "-auto-approve", "-input=false", "-no-color"], d, env)
    applied = time.time()
    known_diffs = check_no_drift(name, plan_changes(d, env), known)
    outputs = json.loads(run([ENGINE, "output", "-json"], d, env).stdout)
    empty = [k for k, v in outputs.items() if v.get("value") in (None, "", {}, [])]
    if empty:
        raise Failure(f"{name}: outputs without a value after apply: {', '.join(empty)}")
    run([ENGINE, "destroy", "-auto-approve", "-input=false", "-no-color"], d, env)
    left = run([ENGINE, "state", "list"], d, env).stdout.split()
    if left:
        raise Failure(f"{name}: destroy left {', '.join(left)}")
    replan = "re-plan empty" if known_diffs == 0 else f"re-plan empty but for {known_diffs} known moto difference(s)"
    log(f"{name}: applied in {applied - started:.0f} s, {replan}, {len(outputs)} outputs, destroyed ({time.time() - started:.0f} s in all)")


def plan_readme_usage(work, name, env):
    d = os.path.join(work, "readme", name)
    os.makedirs(d)
    block = usage_block(os.path.join(ROOT, "modules", name, "README.md"))
    local = os.path.join(work, "modules", name)
    block, n = re.subn(r'source = "git::[^"]*//modules/' + re.escape(name) + r'\?ref=[^"]*"', f'source = "{local}"', block)
    if n != 1:
        raise Failure(f"{name}: the README usage block has no git source for modules/{name}")
    open(os.path.join(d, "main.tf"), "w").write(block)
    run([ENGINE, "init", "-input=false", "-no-color"], d, env)
    run([ENGINE, "plan", "-input=false", "-no-color"], d, env)
    log(f"{name}: README usage block alone plans against the checkout")


def main():
    started_run = time.time()
    examples = sorted(os.listdir(os.path.join(ROOT, "examples")))
    # MODULES_E2E_ONLY=name[,name]: only these examples (while working on a module).
    only = [n for n in os.environ.get("MODULES_E2E_ONLY", "").split(",") if n]
    if only:
        examples = [n for n in examples if n in only]
    work = tempfile.mkdtemp(prefix="chatbot-modules-e2e-")
    port = free_port()
    endpoint = f"https://127.0.0.1:{port}"
    cert, key = make_certificate(work)
    moto, moto_log = start_moto(work, port, cert, key)
    env = {**os.environ, "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "ap-southeast-2", "AWS_EC2_METADATA_DISABLED": "true",
           "SSL_CERT_FILE": cert, "AWS_CA_BUNDLE": cert, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
           "TF_IN_AUTOMATION": "1", "TF_INPUT": "0"}
    for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        env.pop(var, None)
    known = json.load(open(KNOWN))["diffs"]
    failed = None
    try:
        wait_for_moto(moto, endpoint, cert)
        log(f"moto listening on {endpoint}")
        shutil.copytree(os.path.join(ROOT, "modules"), os.path.join(work, "modules"))
        shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(work, "examples"))
        notes = run(["node", OVERRIDES, work], ROOT, os.environ).stdout.splitlines()
        for note in notes:
            log(note)
        for name in examples:
            if name in NOT_APPLIED:
                log(f"not applied: {name}: {NOT_APPLIED[name]}")
                continue
            fixture = os.path.join(FIXTURES, name)
            for f in sorted(os.listdir(fixture)) if os.path.isdir(fixture) else []:
                shutil.copy(os.path.join(fixture, f), os.path.join(work, "examples", name, f))
                log(f"{name}: fixture {os.path.relpath(os.path.join(fixture, f), ROOT)}")
            apply_example(work, name, env, known)
            plan_readme_usage(work, name, env)
            for variant in sorted(os.listdir(os.path.join(VARIANTS, name))) if os.path.isdir(os.path.join(VARIANTS, name)) else []:
                copy = f"{name}+{variant}"
                shutil.copytree(os.path.join(work, "examples", name), os.path.join(work, "examples", copy))
                for f in os.listdir(os.path.join(VARIANTS, name, variant)):
                    shutil.copy(os.path.join(VARIANTS, name, variant, f), os.path.join(work, "examples", copy, f))
                apply_example(work, copy, env, known)
        stale = [f"{k['stack']} {k['address']}" for k in known if not k.get("_used") and any(fnmatch.fnmatch(n, k["stack"]) for n in examples)]
        for s in stale:
            log(f"known difference did not occur (stale entry in e2e/modules-known-diffs.json?): {s}")
    except Failure as e:
        failed = str(e)
    finally:
        os.killpg(moto.pid, 15)
        moto.wait(timeout=30)
        moto_log.close()
    if failed:
        print(f"modules e2e FAILED: {failed}\n(work directory kept: {work})", file=sys.stderr)
        return 1
    shutil.rmtree(work, ignore_errors=True)
    log(f"passed: {len([n for n in examples if n not in NOT_APPLIED])} example(s) applied, re-planned, destroyed in {time.time() - started_run:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
