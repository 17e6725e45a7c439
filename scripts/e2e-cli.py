#!/usr/bin/env python3
"""The cdktf CLI path against moto: what a user runs with `cdktf deploy/diff/destroy`, checked.

1. start moto on 127.0.0.1 (a free port) over TLS with a throw-away certificate, as scripts/e2e.py
   does; get credentials for the state account (444444444444) the way an administrator would
   (sts:AssumeRole into the administrator role), the default credentials are the `local`
   environment's account (123456789012);
2. `npx cdktf synth` into a scratch output directory; drop an override file next to the stacks used
   here that points provider and backend at moto with each account's credentials (cdk.tf.json is
   untouched; synth carries override files over, so every later cdktf command keeps them);
3. `npm run stacks -- apply` for bootstrap (state bucket, lock table, key, state-access roles) and
   the two shared stacks of `local`, as the state account where the stack is pinned to it;
4. `npx cdktf deploy local-network local-serverless --skip-provider-lock --auto-approve`: the CLI
   itself, with the filesystem mirror (TF_CLI_CONFIG_FILE); network must apply before serverless;
5. `npx cdktf diff <stack> --skip-provider-lock` for each: no changes (beyond the moto differences
   listed with their reason in e2e/known-diffs.json);
6. `npx cdktf destroy <stack> --skip-provider-lock --auto-approve --ignore-missing-stack-dependencies`
   one stack at a time in reverse order (the safe way to destroy a subset with the CLI: the flag is
   needed because local-data and local-delivery depend on these stacks, and with it cdktf-cli 0.21.0
   would re-pick a running stack if given several); the lock table holds no lock afterwards;
7. a subset destroy of shared + bootstrap with `npm run stacks` is refused without
   --ignore-dependents, then runs with it: one `destroy` process per stack, in reverse apply order.

Every engine process is started through a logging wrapper (TERRAFORM_BINARY_NAME), so the checks
count processes: one apply/destroy per stack, never `providers lock`.
Usage: scripts/e2e-cli.sh (puts the toolchain on PATH and builds first), or `npm run e2e:cli`.
Env:   E2E_KEEP=1 keeps the scratch directory (stacks, state, logs) for a post-mortem.
"""
import fnmatch
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import boto3

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e  # noqa: E402  (the fake-cloud tier's moto helpers: one copy for both tiers)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.environ.get("TERRAFORM_BINARY_NAME", "tofu")
ENV_ACCOUNT = "123456789012"  # the `local` environment's account, moto's default
STATE_ACCOUNT = "444444444444"  # environments/accounts.ts STATE.accountId
ADMIN_ROLE = f"arn:aws:iam::{STATE_ACCOUNT}:role/platform-admin"  # STATE.administratorArns
SETUP_STACKS = ["bootstrap", "shared-123456789012", "shared-444444444444"]
CLI_STACKS = ["local-network", "local-serverless"]  # dependency order: serverless reads network
PARALLELISM = e2e.PARALLELISM
TIMEOUT = 900


# One failure type for this tier and the helpers it shares with scripts/e2e.py.
Failure = e2e.Failure


def log(msg):
    print(f"[e2e-cli {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def run(args, env, name, work, cwd=ROOT, check=True):
    """Runs a command with its output in <work>/logs/<name>.log; on failure shows the tail."""
    path = os.path.join(work, "logs", f"{name}.log")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    started = time.time()
    with open(path, "w") as out:
        proc = subprocess.run(args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    text = open(path).read()
    if check and proc.returncode != 0:
        raise Failure(f"`{' '.join(args)}` exited {proc.returncode} after {time.time() - started:.0f} s; last lines of its output:\n"
                      + "\n".join(text.strip().splitlines()[-40:]))
    log(f"{name}: exit {proc.returncode} in {time.time() - started:.0f} s")
    return proc.returncode, text


def engine_wrapper(work, engine_path):
    """A wrapper the CLI and the runner start instead of the engine: one log line per process."""
    calls = os.path.join(work, "engine-calls.log")
    wrapper = os.path.join(work, "bin", "engine")
    os.makedirs(os.path.dirname(wrapper))
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\n"
                f'printf "%s\\t%s\\n" "$(basename "$PWD")" "$*" >> "{calls}"\n'
                f'exec "{engine_path}" "$@"\n')
    os.chmod(wrapper, 0o755)
    return wrapper, calls


def engine_calls(calls_file, since=0):
    """(stack, args) of every engine process started, from line `since` on."""
    if not os.path.exists(calls_file):
        return []
    lines = open(calls_file).read().splitlines()[since:]
    return [tuple(line.split("\t", 1)) for line in lines]


def commands_of(calls, verb):
    return [stack for stack, args in calls if args.split(" ")[0] == verb]


def state_settings(out):
    """Bucket, table and region of the remote state, from a stack that uses it."""
    s3 = json.load(open(os.path.join(out, "stacks", "local-network", "cdk.tf.json")))["terraform"]["backend"]["s3"]
    return s3["bucket"], s3["dynamodb_table"], s3["region"]


def locks_held(client, bucket, table):
    """Lock rows in the table (not the -md5 digests) and .tflock objects in the bucket."""
    rows = [i["LockID"]["S"] for i in client("dynamodb").scan(TableName=table)["Items"] if not i["LockID"]["S"].endswith("-md5")]
    files = [o["Key"] for o in client("s3").list_objects_v2(Bucket=bucket).get("Contents", []) if o["Key"].endswith(".tflock")]
    return rows + files


def known_diff_check(stack, stack_dir, env, work, known):
    """Reads the plan file `cdktf diff` leaves (`plan`) and fails on any change not listed in
    e2e/known-diffs.json for this stack. Returns the number of allowed moto differences."""
    code, shown = run([ENGINE, "show", "-json", "plan"], env, f"show-{stack}", work, cwd=stack_dir)
    allowed_count, unexplained = 0, []
    for rc in json.loads(shown).get("resource_changes", []):
        actions = rc["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        before, after = rc["change"].get("before") or {}, rc["change"].get("after") or {}
        attrs = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        allowed = {a for k in known if fnmatch.fnmatch(stack, k["stack"]) and fnmatch.fnmatch(rc["address"], k["address"]) for a in k["attributes"]}
        if actions == ["update"] and attrs <= allowed:
            allowed_count += 1
        else:
            unexplained.append(f"{rc['address']}: {'/'.join(actions)} {sorted(attrs)}")
    if unexplained:
        raise Failure(f"{stack}: `cdktf diff` right after deploy wants changes:\n  " + "\n  ".join(unexplained))
    return allowed_count


def main():
    started = time.time()
    known = json.load(open(os.path.join(ROOT, "e2e", "known-diffs.json")))["diffs"]
    engine_path = shutil.which(ENGINE)
    if not engine_path:
        print(f"e2e-cli: the engine {ENGINE!r} is not on PATH; run through scripts/e2e-cli.sh (it puts the toolchain on PATH)", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="chatbot-e2e-cli-")
    out = os.path.join(work, "cdktf.out")
    port = e2e.free_port()
    cert, key = e2e.make_certificate(work)
    wrapper, calls_file = engine_wrapper(work, engine_path)
    moto, moto_log, endpoint = None, None, None
    env = {**os.environ}
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "TF_VAR_"):
        env.pop(k, None)
    failed = None
    try:
        # Assigned before the wait, so that the finally block stops a server that never answers.
        moto, moto_log = e2e.start_moto(work, port, cert, key)
        endpoint = f"https://127.0.0.1:{port}"
        e2e.wait_for_moto(moto, endpoint, cert)
        log(f"moto_server listening on {endpoint}")
        env.update({
            "AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_REGION": "ap-southeast-2", "AWS_EC2_METADATA_DISABLED": "true",
            "SSL_CERT_FILE": cert, "AWS_CA_BUNDLE": cert,
            "TERRAFORM_BINARY_NAME": wrapper, "CHECKPOINT_DISABLE": "1", "TF_IN_AUTOMATION": "1", "TF_INPUT": "0",
        })
        base = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test", region_name="ap-southeast-2")
        assumed = base.client("sts", endpoint_url=endpoint, verify=cert).assume_role(RoleArn=ADMIN_ROLE, RoleSessionName="e2e-cli")["Credentials"]
        state_creds = {"access_key": assumed["AccessKeyId"], "secret_key": assumed["SecretAccessKey"], "token": assumed["SessionToken"]}
        state_boto = boto3.session.Session(aws_access_key_id=assumed["AccessKeyId"], aws_secret_access_key=assumed["SecretAccessKey"],
                                           aws_session_token=assumed["SessionToken"], region_name="ap-southeast-2")
        account = state_boto.client("sts", endpoint_url=endpoint, verify=cert).get_caller_identity()["Account"]
        if account != STATE_ACCOUNT:
            raise Failure(f"assuming {ADMIN_ROLE} gave account {account}, not {STATE_ACCOUNT}")
        log(f"state-account credentials from sts:AssumeRole {ADMIN_ROLE} (account {account})")
        env_creds = {"access_key": "test", "secret_key": "test"}

        cdktf = ["npx", "--no-install", "cdktf"]
        run(cdktf + ["synth", "--output", out], env, "cdktf-synth", work)
        # The real bootstrap never holds roles for test environments; the fake cloud's does (the
        # local-* backends assume chatbot-local-state): tools/fake-cloud-bootstrap.ts.
        fake = os.path.join(work, "fake-bootstrap")
        run(["node", os.path.join(ROOT, "dist", "tools", "fake-cloud-bootstrap.js"), fake, "local"], env, "fake-bootstrap", work)
        shutil.copyfile(os.path.join(fake, "stacks", "bootstrap", "cdk.tf.json"), os.path.join(out, "stacks", "bootstrap", "cdk.tf.json"))
        for stack in SETUP_STACKS + CLI_STACKS:
            pinned = e2e.fake_cloud("accounts", os.path.join(out, "stacks", stack))
            creds = state_creds if pinned == [STATE_ACCOUNT] else env_creds
            # A backend that assumes the state-access role starts from the stack's own credentials;
            # one without (the state account's own stacks) uses the state account's directly.
            e2e.write_override(os.path.join(out, "stacks", stack), stack, endpoint, creds)
        log(f"override files written for {', '.join(SETUP_STACKS + CLI_STACKS)}")

        # 3. bootstrap + shared with the ordered runner.
        mark = len(engine_calls(calls_file))
        stacks_args = ["npm", "run", "--silent", "stacks", "--", "apply", "--outdir", out] + [a for s in SETUP_STACKS for a in ("--stack", s)]
        run(stacks_args + ["--", "-auto-approve", "-input=false", "-lock-timeout=60s", f"-parallelism={PARALLELISM}"], env, "stacks-apply", work)
        setup_order = commands_of(engine_calls(calls_file, mark), "apply")
        if setup_order[0] != "bootstrap" or sorted(setup_order) != sorted(SETUP_STACKS):
            raise Failure(f"npm run stacks -- apply ran apply on {setup_order}; expected bootstrap first, then the shared stacks, once each")
        log(f"npm run stacks -- apply: {', '.join(setup_order)} (one apply each, bootstrap first)")
        bucket, table, _ = state_settings(out)
        state_client = lambda name: state_boto.client(name, endpoint_url=endpoint, verify=cert)  # noqa: E731

        # 4. cdktf deploy, the CLI itself (it synthesizes again first; the overrides survive).
        mark = len(engine_calls(calls_file))
        run(cdktf + ["deploy", *CLI_STACKS, "--output", out, "--skip-provider-lock", "--auto-approve", "--terraform-parallelism", PARALLELISM], env, "cdktf-deploy", work)
        calls = engine_calls(calls_file, mark)
        if any(args.startswith("providers") for _, args in calls):
            raise Failure(f"cdktf deploy ran `providers lock` despite --skip-provider-lock: {calls}")
        applies = commands_of(calls, "apply")
        if applies != CLI_STACKS:
            raise Failure(f"cdktf deploy ran apply on {applies}; expected exactly {CLI_STACKS} in that order")
        for stack in CLI_STACKS:
            if not os.path.exists(os.path.join(out, "stacks", stack, "e2e_override.tf.json")):
                raise Failure(f"{stack}: the override file did not survive cdktf's synth")
        if locks_held(state_client, bucket, table):
            raise Failure(f"a state lock is left after cdktf deploy: {locks_held(state_client, bucket, table)}")
        log(f"cdktf deploy: applied {', '.join(applies)} in dependency order, no providers lock, no lock left")

        # 5. cdktf diff: nothing to change.
        for stack in CLI_STACKS:
            stack_dir = os.path.join(out, "stacks", stack)
            plan_file = os.path.join(stack_dir, "plan")
            if os.path.exists(plan_file):
                os.remove(plan_file)
            run(cdktf + ["diff", stack, "--output", out, "--skip-provider-lock", "--skip-synth"], env, f"cdktf-diff-{stack}", work)
            if not os.path.exists(plan_file):
                raise Failure(f"{stack}: cdktf diff left no plan file to inspect")
            moto_diffs = known_diff_check(stack, stack_dir, env, work, known)
            log(f"cdktf diff {stack}: no changes" + (f" (besides {moto_diffs} moto difference(s) listed in e2e/known-diffs.json)" if moto_diffs else ""))

        # 6. cdktf destroy, one stack per invocation, dependents first.
        for stack in reversed(CLI_STACKS):
            mark = len(engine_calls(calls_file))
            run(cdktf + ["destroy", stack, "--output", out, "--skip-provider-lock", "--auto-approve", "--skip-synth",
                         "--ignore-missing-stack-dependencies", "--terraform-parallelism", PARALLELISM], env, f"cdktf-destroy-{stack}", work)
            destroys = commands_of(engine_calls(calls_file, mark), "destroy")
            if destroys != [stack]:
                raise Failure(f"cdktf destroy {stack} started {len(destroys)} destroy process(es): {destroys}")
            code, listed = run([ENGINE, "state", "list"], env, f"state-list-{stack}", work, cwd=os.path.join(out, "stacks", stack))
            if listed.strip():
                raise Failure(f"{stack}: state still lists resources after cdktf destroy:\n{listed}")
        left = locks_held(state_client, bucket, table)
        if left:
            raise Failure(f"a state lock is left after cdktf destroy: {left}")
        log(f"cdktf destroy: {', '.join(reversed(CLI_STACKS))}, one destroy process each, empty state, no lock left")

        # 7. the rest with the ordered runner: refused without the flag, then one process per stack.
        mark = len(engine_calls(calls_file))
        destroy_args = ["npm", "run", "--silent", "stacks", "--", "destroy", "--outdir", out] + [a for s in SETUP_STACKS for a in ("--stack", s)]
        code, text = run(destroy_args, env, "stacks-destroy-refused", work, check=False)
        if code == 0 or "refusing to destroy" not in text or engine_calls(calls_file, mark):
            raise Failure(f"npm run stacks -- destroy of shared + bootstrap was not refused before any engine ran (exit {code}):\n{text[-2000:]}")
        log("npm run stacks -- destroy without --ignore-dependents: refused, no engine started")
        run(destroy_args + ["--ignore-dependents", "--", "-auto-approve", "-lock-timeout=60s", f"-parallelism={PARALLELISM}"], env, "stacks-destroy", work)
        destroys = commands_of(engine_calls(calls_file, mark), "destroy")
        if destroys != list(reversed(setup_order)):
            raise Failure(f"npm run stacks -- destroy ran destroy on {destroys}; expected one each in reverse apply order {list(reversed(setup_order))}")
        log(f"npm run stacks -- destroy: {', '.join(destroys)} (one process per stack, reverse of the apply order)")
    except Failure as e:
        failed = str(e)
    except subprocess.TimeoutExpired as e:
        failed = f"timed out: {e}"
    finally:
        if moto is not None:
            try:
                os.killpg(moto.pid, signal.SIGTERM)
                moto.wait(timeout=10)
            except Exception:
                os.killpg(moto.pid, signal.SIGKILL)
            moto_log.close()
        if failed and os.path.exists(os.path.join(work, "moto.log")):
            print(f"--- moto log (last lines) ---\n{''.join(open(os.path.join(work, 'moto.log')).readlines()[-15:])}", file=sys.stderr)
        if os.environ.get("E2E_KEEP"):
            log(f"scratch directory kept at {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if failed:
        print(f"e2e-cli: FAILED\n{failed}", file=sys.stderr)
        print("e2e-cli: 0 passed, 1 failed")
        return 1
    print(f"e2e-cli: cdktf deploy/diff/destroy of {', '.join(CLI_STACKS)} and npm run stacks apply/destroy of {', '.join(SETUP_STACKS)} "
          f"passed against moto in {time.time() - started:.0f} s")
    print("e2e-cli: 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
