#!/usr/bin/env python3
"""Tier 5 of the verification ladder: apply the `local` environment against a moto fake-AWS
server on loopback, across two accounts, as it runs on AWS.

1. start moto on 127.0.0.1 (a free port) with TLS (scripts/moto-server.py: gunicorn, HTTP/1.1
   keep-alive), from a throw-away self-signed certificate that only this run trusts;
2. synthesize `local` (bootstrap + shared + local-* stacks) into a scratch `cdktf.out`;
3. two accounts, as moto maps them (sts:AssumeRole returns credentials of the account in the role
   ARN): the stacks pinned to the state account (STATE.accountId: bootstrap, the state account's
   shared stack) run with credentials of its administrator role (STATE.administratorArns[0]);
   the others run with credentials of the environment's apply role (operators.applyRoleArn) in
   its account, and reach their state only through the `assume_role` their synthesized backend
   and remote-state blocks carry. The override file next to each `cdk.tf.json` adds endpoints and
   skip flags only: it never sets credentials, roles or `allowed_account_ids`, so the provider's
   account pin is checked against moto;
4. bootstrap first, with its local state (`state/bootstrap.tfstate` next to `cdktf.out`, never
   inside it), re-plan empty, then migrated into the bucket the way docs/apply-guide.md says: synthesize
   with `STATE.bootstrapState = "s3"` (the real synth code path), `init -migrate-state`, plan
   empty, same resources;
5. per stack, in dependency order: `init`, `apply`, `plan -detailed-exitcode` must show no changes
   (moto differences only as listed in e2e/known-diffs.json); boto3 then shows the state objects
   and locks live in the state account's bucket and table (the environment account has neither),
   and the environment's resources in its own account;
6. no secret in state: after a refresh-only apply of local-serverless, no `aws_ssm_parameter` in
   its state has a value, and the raw state never holds the parameter placeholder;
7. lock contention on the S3 backend (DynamoDB lock, then S3 lock file): while one `plan` holds the
   lock, a second `plan -lock-timeout=0` fails on it; afterwards the state is readable, versioned,
   SSE-KMS and unlocked;
8. the dev state role cannot read or lock prod state: moto's IAM enforcement is switched on for a
   focused boto3 check with credentials of the roles bootstrap created (what moto 5.2.5 cannot
   evaluate is named in check_state_role_boundaries and printed, never counted as proven);
9. Terraform Cloud workload identity of the `remote` environment (its AWS side is part of the
   shared stack applied here): the host's OIDC provider and audience, and plan/apply roles whose
   trust names exactly the workspaces `tfc-example-org` creates, one run phase each; with IAM
   enforcement on, the plan role reads but cannot read a secret or write, and the apply role
   cannot rewrite the identities or create access keys (check_terraform_cloud_identity);
10. destroy in reverse order; the bootstrap state moves back out of the bucket first (its destroy
   deletes the bucket); always stop the server and remove scratch state.

One run, no retries: a failure is a failure. Stacks moto cannot serve are listed in
STACKS_NOT_APPLIED with the reason, never dropped silently; they are still initialised and planned
against moto on the state of the stacks they read.
Usage: scripts/e2e.py (run through scripts/e2e.sh, which puts the toolchain on PATH).
Env:   E2E_KEEP=1 keeps the scratch directory (stacks, state, moto.log) for a post-mortem.
       E2E_PARALLELISM=N concurrent operations per apply/destroy (default 10, OpenTofu's).
"""
import fnmatch
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import boto3
import botocore.exceptions

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINE = os.environ.get("TERRAFORM_BINARY_NAME", "tofu")
ENV = "local"
# Stacks of `local` that are synthesized but not applied here, and why.
STACKS_NOT_APPLIED = {
    f"{ENV}-edge": "moto 5.2.x answers 404 to CreateCachePolicy, CreateResponseHeadersPolicy, CreateFunction and "
    "CreateKeyValueStore, which the distribution refers to (it serves distributions, origin access controls, "
    "WAFv2, ACM, Route 53 and log delivery); the edge is covered by unit tests, tofu validate and checkov "
    "(docs/edge.md)",
}

PARALLELISM = os.environ.get("E2E_PARALLELISM", "10")

# What moto gets differently from the synthesized stacks (resources left out, attributes adjusted,
# each with its reason), the override files and the apply order: tools/fake-cloud (typed, tested).
FAKE_CLOUD = os.path.join(ROOT, "dist", "tools", "fake-cloud", "index.js")


def log(msg):
    print(f"[e2e {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Failure(Exception):
    pass


def run(args, cwd, env, check=True, capture=True, timeout=900):
    proc = subprocess.run(args, cwd=cwd, env=env, text=True, capture_output=capture, timeout=timeout)
    if check and proc.returncode != 0:
        raise Failure(f"{' '.join(args)} (in {os.path.basename(cwd)}) exited {proc.returncode}:\n{tail(proc)}")
    return proc


def tail(proc, lines=40):
    out = (proc.stdout or "") + (proc.stderr or "")
    return "\n".join(out.strip().splitlines()[-lines:])


def make_certificate(work):
    """A self-signed certificate for 127.0.0.1, valid for a day."""
    cert, key = os.path.join(work, "moto-cert.pem"), os.path.join(work, "moto-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    return cert, key


def fake_cloud(*args):
    """Runs the fake cloud's stack JSON tool (tools/fake-cloud, compiled into dist/); returns what it printed, parsed."""
    proc = subprocess.run(["node", FAKE_CLOUD, *args], cwd=ROOT, text=True, capture_output=True)
    if proc.returncode != 0:
        raise Failure((proc.stderr or proc.stdout).strip() or f"{FAKE_CLOUD} {args[0]} exited {proc.returncode}")
    return json.loads(proc.stdout)


def write_override(stack_dir, stack, endpoint, credentials=None):
    """Points the stack at moto without touching cdk.tf.json (e2e_override.tf.json, written by
    tools/fake-cloud): endpoints and skip flags for the provider, the S3 backend and remote-state
    reads, and, for bootstrap, destroyable state resources; logs what moto gets differently and
    why. `credentials` (access_key, secret_key, token), when given, are written into the provider
    and the backend settings; this tier passes them through the environment instead.
    Returns `stack` (the synthesized stack) and `account` (the account its AWS provider is pinned
    to, or None). Shared with scripts/e2e-cli.py."""
    written = fake_cloud("override", stack_dir, stack, endpoint, *(["--credentials-json", json.dumps(credentials)] if credentials else []))
    for note in written["notes"]:
        log(note)
    return written


def stand_in_for_unapplied(stack_dir, stack, tf, out, work, endpoint, credentials, base_env, seeded):
    """A stack that reads the state of a stack in STACKS_NOT_APPLIED would fail on the missing state:
    the unapplied stack gets an empty state at its backend key (`state push`, once; its plan later
    runs on it as on no state), and the reader's remote-state read gets `defaults` (Terraform's own
    fallback for outputs a state lacks), one placeholder string per output it uses, written into
    e2e_override.tf.json and logged. The resources built from them (alarms on a distribution that
    does not exist) are applied to moto, which does not check the ids they name."""
    text = json.dumps(tf)
    path = os.path.join(stack_dir, "e2e_override.tf.json")
    override = None
    for source in STACKS_NOT_APPLIED:
        name = f"cross-stack-reference-input-{source}"
        if name not in tf.get("data", {}).get("terraform_remote_state", {}):
            continue
        if source not in seeded:
            source_dir = os.path.join(out, "stacks", source)
            written = write_override(source_dir, source, endpoint)
            env = credentials[written["account"]].env(base_env)
            run([ENGINE, "init", "-input=false", "-no-color"], source_dir, env)
            empty = os.path.join(work, f"{source}.empty.tfstate")
            json.dump({"version": 4, "terraform_version": "1.10.0", "serial": 1, "lineage": f"e2e-{source}", "outputs": {}, "resources": []}, open(empty, "w"))
            run([ENGINE, "state", "push", "-lock-timeout=60s", empty], source_dir, env)
            seeded.add(source)
            log(f"{source}: not applied; an empty state pushed to its backend key for the stacks that read it")
        keys = sorted(set(re.findall(rf"data\.terraform_remote_state\.{re.escape(name)}\.outputs\.([A-Za-z0-9_-]+)", text)))
        if override is None:
            override = json.load(open(path))
        block = override.setdefault("data", {}).setdefault("terraform_remote_state", {}).setdefault(name, {})
        block["defaults"] = {key: f"not-applied-{source}" for key in keys}
        log(f"{stack}: reads {source}, which is not applied: its outputs {', '.join(keys)} stand in as 'not-applied-{source}' (remote-state defaults)")
    if override is not None:
        json.dump(override, open(path, "w"), indent=2)


def plan_changes(stack_dir, env):
    """Runs plan -detailed-exitcode; returns the list of (address, actions, changed attributes)."""
    proc = run([ENGINE, "plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock-timeout=60s", "-out=replan.tfplan"], stack_dir, env, check=False)
    if proc.returncode == 0:
        return []
    if proc.returncode != 2:
        raise Failure(f"re-plan failed:\n{tail(proc)}")
    shown = json.loads(run([ENGINE, "show", "-json", "replan.tfplan"], stack_dir, env).stdout)
    changes = []
    for rc in shown.get("resource_changes", []):
        actions = rc["change"]["actions"]
        if actions == ["no-op"] or actions == ["read"]:
            continue
        before, after = rc["change"].get("before") or {}, rc["change"].get("after") or {}
        attrs = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        detail = "; ".join(f"{k}: {json.dumps(before.get(k))} -> {json.dumps(after.get(k))}" for k in attrs)
        changes.append((rc["address"], actions, attrs, detail))
    return changes


def check_no_drift(stack, changes, known):
    unexplained = []
    for address, actions, attrs, detail in changes:
        allowed = [k for k in known if fnmatch.fnmatch(stack, k["stack"]) and fnmatch.fnmatch(address, k["address"])]
        allowed_attrs = {a for k in allowed for a in k["attributes"]}
        for k in allowed:
            k["_used"] = True
        if actions != ["update"] or not set(attrs) <= allowed_attrs:
            unexplained.append(f"{address}: {'/'.join(actions)} {detail[:600]}")
    if unexplained:
        raise Failure(f"{stack}: a second plan right after apply wants changes (perpetual diff):\n  " + "\n  ".join(unexplained))


def use_lockfile_only(stack_dir, env):
    """Switches the stack's (overridden) backend from the DynamoDB table to an S3 lock file and
    re-initializes, so the lock test also covers `locking: "lockfile"`."""
    path = os.path.join(stack_dir, "e2e_override.tf.json")
    override = json.load(open(path))
    s3 = override["terraform"]["backend"]["s3"]
    s3.pop("dynamodb_table", None)
    s3["use_lockfile"] = True
    json.dump(override, open(path, "w"), indent=2)
    run([ENGINE, "init", "-reconfigure", "-input=false", "-no-color"], stack_dir, env)


def lock_contention(stack_dir, env, tf, state_creds, kind):
    """Holds the state lock with one plan and checks a second one fails fast on it. `kind` is
    "dynamodb" (the lock row in the table) or "lockfile" (the `<key>.tflock` object). The lock and
    the state are looked up with the state account's credentials: that is where they live."""
    s3 = tf["terraform"]["backend"]["s3"]
    lock_id = f"{s3['bucket']}/{s3['key']}"
    ddb = state_creds.client("dynamodb")
    s3c = state_creds.client("s3")

    def lock_held():
        if kind == "lockfile":
            listed = s3c.list_objects_v2(Bucket=s3["bucket"], Prefix=f"{s3['key']}.tflock").get("Contents", [])
            return len(listed) > 0
        item = ddb.get_item(TableName=s3["dynamodb_table"], Key={"LockID": {"S": lock_id}}).get("Item")
        return item is not None

    log(f"lock test ({kind}): first plan takes the lock")
    first = subprocess.Popen([ENGINE, "plan", "-input=false", "-no-color", "-lock-timeout=0", "-refresh=true"], cwd=stack_dir, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while not lock_held():
        if first.poll() is not None or time.time() > deadline:
            raise Failure(f"the first plan never held the lock {lock_id} (exit {first.poll()}):\n{first.stdout.read() if first.stdout else ''}")
        time.sleep(0.05)
    log(f"lock test ({kind}): second plan with -lock-timeout=0 while the lock is held")
    second = run([ENGINE, "plan", "-input=false", "-no-color", "-lock-timeout=0"], stack_dir, env, check=False)
    out_first, _ = first.communicate(timeout=600)
    results = {"first": first.returncode, "second": second.returncode}
    if first.returncode != 0:
        raise Failure(f"lock test ({kind}): the plan holding the lock failed ({results}):\n{out_first[-3000:]}")
    if second.returncode == 0 or "Error acquiring the state lock" not in (second.stdout + second.stderr):
        raise Failure(f"lock test ({kind}): the second plan did not fail on the lock ({results}):\n{tail(second)}")
    log(f"lock test ({kind}): exactly one plan failed, with a lock error ({results})")
    # Afterwards: no lock left, state readable and versioned.
    if lock_held():
        raise Failure(f"lock test ({kind}): the {kind} lock of {lock_id} is still there after both plans ended")
    items = ddb.scan(TableName=s3["dynamodb_table"])["Items"]
    leftover = [i["LockID"]["S"] for i in items if not i["LockID"]["S"].endswith("-md5")]
    if leftover:
        raise Failure(f"lock test ({kind}): lock table is not empty of locks: {leftover}")
    listed = run([ENGINE, "state", "list"], stack_dir, env).stdout.split()
    if not listed:
        raise Failure(f"lock test ({kind}): state list is empty after the lock test")
    if s3c.get_bucket_versioning(Bucket=s3["bucket"]).get("Status") != "Enabled":
        raise Failure(f"lock test ({kind}): versioning is not enabled on {s3['bucket']}")
    versions = s3c.list_object_versions(Bucket=s3["bucket"], Prefix=s3["key"]).get("Versions", [])
    if len(versions) < 1:
        raise Failure(f"lock test ({kind}): no versions of {s3['key']} in {s3['bucket']}")
    head = s3c.head_object(Bucket=s3["bucket"], Key=s3["key"])
    if head.get("ServerSideEncryption") != "aws:kms":
        raise Failure(f"lock test ({kind}): state object is not SSE-KMS encrypted: {head.get('ServerSideEncryption')}")
    log(f"lock test ({kind}): state readable ({len(listed)} resources), {len(versions)} version(s) of s3://{s3['bucket']}/{s3['key']} "
        f"in a versioned bucket, SSE-KMS ({head.get('SSEKMSKeyId')}), lock table holds no lock")


def purge_buckets(stack_dir, state_creds):
    """Empties the state bucket before its destroy: delete markers first, then versions.
    moto 5.2.5 fails (500, 'FakeDeleteMarker' has no 'dispose') when force_destroy's batch delete
    meets the delete markers the lock-file test leaves; AWS deletes them either way."""
    tf = json.load(open(os.path.join(stack_dir, "cdk.tf.json")))
    s3c = state_creds.client("s3")
    # Only the state bucket holds lock files; the log bucket keeps its TLS-only policy, which moto
    # applies to every request (see write_override), and force_destroy empties it after the
    # policy is gone.
    for rid, body in tf["resource"].get("aws_s3_bucket", {}).items():
        if not rid.startswith("StateBackend_StateBucket_"):
            continue
        listing = s3c.list_object_versions(Bucket=body["bucket"])
        for kind in ("DeleteMarkers", "Versions"):
            for v in listing.get(kind, []):
                s3c.delete_object(Bucket=body["bucket"], Key=v["Key"], VersionId=v["VersionId"])


class Principal:
    """Credentials of one principal in moto: boto3 clients, and the environment of a tofu process."""

    def __init__(self, name, endpoint, cert, region, key, secret, token=None):
        self.name, self.endpoint, self.cert, self.region = name, endpoint, cert, region
        self.key, self.secret, self.token = key, secret, token

    def client(self, service):
        return boto3.client(service, endpoint_url=self.endpoint, region_name=self.region, verify=self.cert,
                            aws_access_key_id=self.key, aws_secret_access_key=self.secret, aws_session_token=self.token)

    def assume(self, role_arn, session):
        c = self.client("sts").assume_role(RoleArn=role_arn, RoleSessionName=session, DurationSeconds=43200)["Credentials"]
        return Principal(role_arn, self.endpoint, self.cert, self.region, c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])

    def arn(self):
        return self.client("sts").get_caller_identity()["Arn"]

    def env(self, base):
        e = {**base, "AWS_ACCESS_KEY_ID": self.key, "AWS_SECRET_ACCESS_KEY": self.secret}
        if self.token:
            e["AWS_SESSION_TOKEN"] = self.token
        return e


def node(script, *args):
    """Runs a snippet against the compiled app (dist/), the code path `npm run synth` uses."""
    proc = subprocess.run(["node", "-e", script, os.path.join(ROOT, "dist"), *args], cwd=ROOT, text=True, capture_output=True)
    if proc.returncode != 0:
        raise Failure(f"node snippet failed:\n{tail(proc)}")
    return proc.stdout


APP_CONTEXT = """
const d = process.argv[1];
const { STATE, ENVIRONMENTS } = require(d + '/environments');
const { namePrefix, roleNames } = require(d + '/lib/naming');
let placeholder = null;
try { placeholder = require(d + '/constructs/serverless-api').PARAMETER_PLACEHOLDER ?? null; } catch (e) { /* removed */ }
const env = ENVIRONMENTS.find((e) => e.name === process.argv[2]);
const roles = (n) => ({ applyRoleArn: ENVIRONMENTS.find((e) => e.name === n).operators.applyRoleArn,
  readWrite: roleNames.stateAccess(namePrefix(n)), read: roleNames.stateRead(namePrefix(n)) });
console.log(JSON.stringify({ state: STATE, accountId: env.accountId, applyRoleArn: env.operators.applyRoleArn,
  dev: roles('dev'), prod: roles('prod'), placeholder }));
"""

# main.ts with one change: STATE.bootstrapState as given.
SYNTH_WITH_BOOTSTRAP_STATE = """
const [d, outdir, bootstrapState, only] = process.argv.slice(1);
const { ENVIRONMENTS, SHARED, STATE } = require(d + '/environments');
const { loadBackendSettings } = require(d + '/lib/backend');
const { synthesize } = require(d + '/lib/synth');
const { buildApp } = require(d + '/stacks');
const state = { ...STATE, bootstrapState };
synthesize({ outdir, environments: ENVIRONMENTS, shared: SHARED, state, only: [only],
  loadBackendSettings: () => loadBackendSettings(undefined, state.accountId),
  build: (app, environments, all, backendSettings) => buildApp(app, { environments, allEnvironments: all, shared: SHARED, backendSettings, state }) });
"""


def state_resources(stack_dir, env):
    """Every resource in the stack's state, as `tofu show -json` gives them."""
    shown = json.loads(run([ENGINE, "show", "-json"], stack_dir, env).stdout)
    out, todo = [], [shown.get("values", {}).get("root_module", {})]
    while todo:
        m = todo.pop()
        out += m.get("resources", [])
        todo += m.get("child_modules", [])
    return out


def migrate_bootstrap(d, env, endpoint, state_creds, s3_json):
    """Moves the bootstrap state from its local file into the bucket, as docs/apply-guide.md says: the
    stack synthesized with bootstrapState "s3", then `init -migrate-state`."""
    before = sorted(run([ENGINE, "state", "list"], d, env).stdout.split())
    shutil.copy(s3_json, os.path.join(d, "cdk.tf.json"))
    tf = write_override(d, "bootstrap", endpoint)["stack"]
    s3 = tf["terraform"]["backend"].get("s3")
    if not s3 or "assume_role" in s3:
        raise Failure(f"bootstrap with bootstrapState 's3' should have an S3 backend without a role: {tf['terraform']['backend']}")
    run([ENGINE, "init", "-migrate-state", "-force-copy", "-input=false", "-no-color"], d, env)
    head = state_creds.client("s3").head_object(Bucket=s3["bucket"], Key=s3["key"])
    after = sorted(run([ENGINE, "state", "list"], d, env).stdout.split())
    if after != before:
        raise Failure(f"bootstrap: state list differs after the migration: {sorted(set(before) ^ set(after))}")
    changes = plan_changes(d, env)
    if changes:
        raise Failure(f"bootstrap: plan after the migration wants changes: {[c[0] for c in changes]}")
    log(f"bootstrap: state migrated into s3://{s3['bucket']}/{s3['key']} of the state account ({head['ContentLength']} bytes, "
        f"{head.get('ServerSideEncryption')}); {len(after)} resources, plan shows no changes")
    return tf


def unmigrate_bootstrap(d, env, endpoint, local_json):
    """Before its destroy, which deletes the bucket holding its state: the state moves back to
    the local file (the inverse migration), so the destroy can record its result."""
    shutil.copy(local_json, os.path.join(d, "cdk.tf.json"))
    write_override(d, "bootstrap", endpoint)
    run([ENGINE, "init", "-migrate-state", "-force-copy", "-input=false", "-no-color"], d, env)
    log("bootstrap: state moved back to its local file for the destroy")


def check_state_location(applied, bucket, table, state_creds, env_creds):
    """The state objects and the lock table are in the state account's bucket and table; the
    environment account has neither."""
    s3_state, s3_env = state_creds.client("s3"), env_creds.client("s3")
    if bucket not in [b["Name"] for b in s3_state.list_buckets()["Buckets"]]:
        raise Failure(f"the state bucket {bucket} is not in the state account ({state_creds.name})")
    if bucket in [b["Name"] for b in s3_env.list_buckets()["Buckets"]]:
        raise Failure(f"the state bucket {bucket} is in the environment account too")
    state_creds.client("dynamodb").describe_table(TableName=table)
    try:
        env_creds.client("dynamodb").describe_table(TableName=table)
        raise Failure(f"the environment account has a lock table {table} too")
    except botocore.exceptions.ClientError as e:
        if e.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
    keys = sorted(o["Key"] for page in s3_state.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in page.get("Contents", []))
    wanted = sorted(tf["terraform"]["backend"]["s3"]["key"] for _, _, tf in applied if "s3" in tf["terraform"].get("backend", {}))
    missing = [k for k in wanted if k not in keys]
    if missing:
        raise Failure(f"state objects missing from the state account's bucket: {missing} (it has {keys})")
    # moto hands out credentials for any role ARN, existing or not: check that every role the
    # backends assumed is one bootstrap created in the state account.
    assumed = sorted({tf["terraform"]["backend"]["s3"]["assume_role"]["role_arn"] for _, _, tf in applied
                      if "assume_role" in tf["terraform"].get("backend", {}).get("s3", {})})
    iam = state_creds.client("iam")
    for arn in assumed:
        role = iam.get_role(RoleName=arn.rsplit("/", 1)[1])["Role"]
        if role["Arn"] != arn:
            raise Failure(f"backends assume {arn}, but the state account's role is {role['Arn']}")
    if not assumed:
        raise Failure("no applied stack's backend assumes a state-access role: the run proves nothing about cross-account state")
    log(f"state account: the backends' roles exist there: {', '.join(a.rsplit('/', 1)[1] for a in assumed)}")
    digests = [i["LockID"]["S"] for i in state_creds.client("dynamodb").scan(TableName=table)["Items"]]
    log(f"state account: s3://{bucket} holds {', '.join(keys)}; lock table {table} holds {len(digests)} lock digest(s); "
        f"the environment account has neither bucket nor table")


def check_resource_accounts(applied, env, state_creds, env_creds):
    """The environment's resources live in the environment account, not in the state account."""
    found = []
    for stack, d, _ in applied:
        if not stack.startswith(f"{ENV}-"):
            continue
        for r in state_resources(d, env):
            probe = None
            if r["type"] == "aws_vpc" and r["mode"] == "managed":
                probe = lambda c, v=r["values"]["id"]: c.client("ec2").describe_vpcs(VpcIds=[v])
            elif r["type"] == "aws_lambda_function" and r["mode"] == "managed":
                probe = lambda c, v=r["values"]["function_name"]: c.client("lambda").get_function(FunctionName=v)
            elif r["type"] == "aws_sqs_queue" and r["mode"] == "managed":
                probe = lambda c, v=r["values"]["name"]: c.client("sqs").get_queue_url(QueueName=v)
            if not probe:
                continue
            probe(env_creds)
            try:
                probe(state_creds)
                raise Failure(f"{stack}: {r['address']} is visible in the state account too")
            except botocore.exceptions.ClientError:
                pass
            found.append(f"{stack}:{r['address']}")
    if not found:
        raise Failure("no VPC, function or queue found to check the environment account with")
    log(f"environment account: {len(found)} resources found there and not in the state account ({', '.join(found[:4])}, ...)")


def check_no_secret_in_state(d, env, placeholders):
    """No SSM parameter value in the state of local-serverless after a refresh: the parameters
    are write-only (`value_wo`) or created out of band. Returns the problems found."""
    run([ENGINE, "apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=60s"], d, env)
    params = [r for r in state_resources(d, env) if r["type"] == "aws_ssm_parameter"]
    problems = [f"{r['address']} has a {k} in state" for r in params for k in ("value", "insecure_value") if r["values"].get(k)]
    raw = run([ENGINE, "state", "pull"], d, env).stdout
    problems += [f"the raw state holds the parameter placeholder {p!r}" for p in placeholders if p in raw]
    log(f"secrets: {len(params)} aws_ssm_parameter in the state of {os.path.basename(d)}; "
        + ("; ".join(problems) if problems else "none holds a value, no placeholder in the raw state"))
    return problems


DENIED = {"AccessDenied", "AccessDeniedException"}


def call_outcome(creds, call):
    """("allow", ""), ("deny", code) or ("error", detail) of one boto3 call with these credentials."""
    try:
        call(creds)
        return "allow", ""
    except botocore.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
        # moto answers a denied call of a JSON-protocol service (DynamoDB, Secrets Manager, SQS) in
        # IAM's XML, which boto3's JSON parser reports as a bare 403: the AccessDenied code is in the body.
        if code in DENIED or (e.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 403 and "<Code>AccessDenied</Code>" in str(e)):
            return "deny", code
        return "error", f"{code}: {e}"


def iam_enforcement(endpoint, cert, on):
    """Switches moto's IAM enforcement on (from the next request) or off."""
    # text/plain: moto reads the raw body, which a form content type would hide from it.
    req = urllib.request.Request(f"{endpoint}/moto-api/reset-auth", data=b"0" if on else b"inf", method="POST", headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req, timeout=10, context=ssl.create_default_context(cafile=cert)).read()


def check_state_role_boundaries(ctx, endpoint, cert, bucket, table, base, state_creds):
    """The dev state roles (created by bootstrap in the state account) against prod state, with
    moto's IAM enforcement on. Returns (problems, what moto cannot prove).

    What moto 5.2.5 evaluates (moto/iam/access_control.py, moto/core/authorization.py): the inline
    and attached policies of the role behind assumed-role credentials, Action and Resource with `*`
    wildcards, explicit Deny. What it cannot, so this check never counts it as proven:
    - conditions: identity-policy conditions are checked against no request context, and only
      StringEquals is known, so every condition passes: `s3:prefix` on ListBucket and
      `dynamodb:LeadingKeys` on the lock table are not evaluated;
    - DynamoDB resources: its DynamoDB handler authorizes against resource `*`, so a statement
      scoped to the lock table's ARN never matches and every item is denied, the role's own lock
      too: a denied prod lock item proves nothing;
    - trust policies of roles in another account than the caller's (it looks the role up in the
      caller's account), `aws:PrincipalArn` (ArnEquals is not a known operator), account-root
      principals: AssumeRole is not checked here;
    - KMS: S3 reads and writes of SSE-KMS objects do not consult KMS permissions.
    """
    s3_admin = state_creds.client("s3")
    probe = {"dev": "dev/e2e-probe.tfstate", "prod": "prod/e2e-probe.tfstate"}
    for k in probe.values():
        s3_admin.put_object(Bucket=bucket, Key=k, Body=b"{}")
    # Roles are assumed while enforcement is off (see above: moto cannot check these trusts); the
    # chain is the real one: the dev apply role, then its state roles.
    dev_apply = base.assume(ctx["dev"]["applyRoleArn"], "e2e-dev-apply")
    role = lambda name: f"arn:aws:iam::{ctx['state']['accountId']}:role/{name}"
    rw = dev_apply.assume(role(ctx["dev"]["readWrite"]), "e2e-dev")
    ro = dev_apply.assume(role(ctx["dev"]["read"]), "e2e-dev-read")
    lock_item = lambda key: {"LockID": {"S": f"{bucket}/{key}"}, "Info": {"S": "e2e"}}

    checks = [
        # (who, credentials, what, call, expected)
        ("dev", rw, "GetObject dev/", lambda c: c.client("s3").get_object(Bucket=bucket, Key=probe["dev"]), "allow"),
        ("dev", rw, "PutObject dev/", lambda c: c.client("s3").put_object(Bucket=bucket, Key=probe["dev"], Body=b"{}"), "allow"),
        ("dev", rw, "PutObject dev/ lock file", lambda c: c.client("s3").put_object(Bucket=bucket, Key=probe["dev"] + ".tflock", Body=b"{}"), "allow"),
        ("dev", rw, "DeleteObject dev/ lock file", lambda c: c.client("s3").delete_object(Bucket=bucket, Key=probe["dev"] + ".tflock"), "allow"),
        ("dev", rw, "GetObject prod/", lambda c: c.client("s3").get_object(Bucket=bucket, Key=probe["prod"]), "deny"),
        ("dev", rw, "PutObject prod/", lambda c: c.client("s3").put_object(Bucket=bucket, Key=probe["prod"], Body=b"{}"), "deny"),
        ("dev", rw, "PutObject prod/ lock file", lambda c: c.client("s3").put_object(Bucket=bucket, Key=probe["prod"] + ".tflock", Body=b"{}"), "deny"),
        ("dev", rw, "DeleteObject prod/ lock file", lambda c: c.client("s3").delete_object(Bucket=bucket, Key=probe["prod"] + ".tflock"), "deny"),
        ("dev-read", ro, "GetObject dev/", lambda c: c.client("s3").get_object(Bucket=bucket, Key=probe["dev"]), "allow"),
        ("dev-read", ro, "PutObject dev/", lambda c: c.client("s3").put_object(Bucket=bucket, Key=probe["dev"], Body=b"{}"), "deny"),
        ("dev-read", ro, "PutObject dev/ lock file", lambda c: c.client("s3").put_object(Bucket=bucket, Key=probe["dev"] + ".tflock", Body=b"{}"), "deny"),
        ("dev-read", ro, "GetObject prod/", lambda c: c.client("s3").get_object(Bucket=bucket, Key=probe["prod"]), "deny"),
    ]
    unprovable = [
        ("dev", rw, "DynamoDB PutItem of a prod lock (dynamodb:LeadingKeys)", lambda c: c.client("dynamodb").put_item(TableName=table, Item=lock_item(probe["prod"])), "deny"),
        ("dev", rw, "DynamoDB PutItem of its own dev lock", lambda c: c.client("dynamodb").put_item(TableName=table, Item=lock_item(probe["dev"])), "allow"),
    ]

    problems, results, moto_cannot = [], {}, []
    iam_enforcement(endpoint, cert, True)
    try:
        for who, creds, what, call, expected in checks + unprovable:
            results[(who, what)] = call_outcome(creds, call) + (expected,)
    finally:
        iam_enforcement(endpoint, cert, False)
    for who, _, what, _, expected in checks:
        got, detail = results[(who, what)][:2]
        if got != expected:
            problems.append(f"{who}: {what}: expected {expected}, got {got} {detail}")
    own_lock, prod_lock = results[("dev", "DynamoDB PutItem of its own dev lock")][0], results[("dev", "DynamoDB PutItem of a prod lock (dynamodb:LeadingKeys)")][0]
    if own_lock == "allow" and prod_lock == "deny":
        log("role boundaries: dev role denied a prod lock item and allowed its own (moto evaluated dynamodb:LeadingKeys)")
    elif own_lock == "deny" and prod_lock == "deny":
        moto_cannot.append("DynamoDB lock items: moto 5.2.5 authorizes DynamoDB calls against resource '*' (no table ARN), so the "
                           "role's own lock is denied as well as prod's; dynamodb:LeadingKeys is not evaluated either")
    elif own_lock == "allow" and prod_lock == "allow":
        moto_cannot.append("DynamoDB lock items: moto allowed both its own and a prod lock item: dynamodb:LeadingKeys is not evaluated")
    else:
        problems.append(f"DynamoDB lock items: own lock {results[('dev', 'DynamoDB PutItem of its own dev lock')]}, prod lock {results[('dev', 'DynamoDB PutItem of a prod lock (dynamodb:LeadingKeys)')]}")
    moto_cannot += ["trust policies (aws:PrincipalArn, account roots, cross-account lookups) are not evaluated by moto: roles were assumed with enforcement off",
                    "KMS: moto's S3 does not consult kms:Decrypt/GenerateDataKey permissions for SSE-KMS objects"]
    # Leave nothing behind for the lock checks and the destroy.
    ddb = state_creds.client("dynamodb")
    for k in probe.values():
        ddb.delete_item(TableName=table, Key={"LockID": {"S": f"{bucket}/{k}"}})
    proven = [f"{who} {what}: {results[(who, what)][0]}" for who, _, what, _, _ in checks]
    log(f"role boundaries (moto IAM enforcement on, {len(checks)} checks): " + "; ".join(proven))
    for why in moto_cannot:
        log(f"role boundaries: NOT PROVEN by moto: {why}")
    return problems, moto_cannot


def check_terraform_cloud_identity(out, endpoint, cert, base, env_creds, state_creds):
    """The AWS side of the `remote` environment (Terraform Cloud), as applied in its account's
    shared stack, against what the synthesized stacks say. Returns (problems, what moto cannot prove).

    moto does not verify web identity tokens or evaluate trust policies (any token for any role is
    accepted), so the trust is checked as the policy IAM stores, and the roles' permissions with
    moto's IAM enforcement on, using credentials from AssumeRoleWithWebIdentity."""
    problems = []
    tfc = json.load(open(os.path.join(out, "stacks", "tfc-example-org", "cdk.tf.json")))
    workspaces = sorted(w["name"] for w in tfc["resource"]["tfe_workspace"].values() if w["name"].startswith("chatbot-remote-"))
    projects = [p["name"] for p in tfc["resource"]["tfe_project"].values()]
    # This run synthesizes `local` only; that the workspaces are exactly the `remote` stacks' is a
    # unit test (__tests__/terraform-cloud.test.ts).
    if not workspaces:
        problems.append("tfc-example-org creates no workspace for remote")
    variables = {v["key"]: v["value"] for v in tfc["resource"]["tfe_variable"].values()}
    iam = env_creds.client("iam")
    account = env_creds.arn().split(":")[4]
    provider_arn = f"arn:aws:iam::{account}:oidc-provider/app.terraform.io"
    try:
        provider = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider_arn)
        if provider["ClientIDList"] != ["aws.workload.identity"]:
            problems.append(f"{provider_arn} accepts audiences {provider['ClientIDList']}, not just aws.workload.identity")
    except botocore.exceptions.ClientError as e:
        problems.append(f"no OIDC provider {provider_arn}: {e}")
    roles = {}
    for phase, variable in (("plan", "TFC_AWS_PLAN_ROLE_ARN"), ("apply", "TFC_AWS_APPLY_ROLE_ARN")):
        arn = variables.get(variable, "")
        name = arn.split("/")[-1]
        role = iam.get_role(RoleName=name)["Role"]
        roles[phase] = arn
        if role["Arn"] != arn:
            problems.append(f"{variable} is {arn}, the role is {role['Arn']}")
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(urllib.parse.unquote(trust)) if isinstance(trust, str) else trust
        [statement] = trust["Statement"]
        conditions = {k: v for test in statement["Condition"].values() for k, v in test.items()}
        subjects = conditions.get("app.terraform.io:sub")
        subjects = sorted([subjects] if isinstance(subjects, str) else subjects or [])
        wanted = sorted(f"organization:example-org:project:{projects[0]}:workspace:{w}:run_phase:{phase}" for w in workspaces)
        if statement["Principal"] != {"Federated": provider_arn} or conditions.get("app.terraform.io:aud") not in ("aws.workload.identity", ["aws.workload.identity"]) or subjects != wanted:
            problems.append(f"{name} trusts {statement['Principal']} {conditions}; wanted {provider_arn}, aud aws.workload.identity, sub {wanted}")
    log(f"terraform cloud: provider {provider_arn}; {roles['plan']} and {roles['apply']} trust exactly {len(workspaces)} workspaces, one run phase each")
    # The state account's read-only role for remote's runs (fake bootstrap) trusts both roles.
    state_read = state_creds.client("iam").get_role(RoleName="chatbot-remote-state-read")["Role"]["AssumeRolePolicyDocument"]
    state_read = json.loads(urllib.parse.unquote(state_read)) if isinstance(state_read, str) else state_read
    if not all(r in json.dumps(state_read) for r in roles.values()):
        problems.append(f"chatbot-remote-state-read does not trust {list(roles.values())}: {state_read}")

    def web_identity(arn):
        c = boto3.client("sts", endpoint_url=endpoint, region_name="ap-southeast-2", verify=cert, aws_access_key_id="x", aws_secret_access_key="x").assume_role_with_web_identity(
            RoleArn=arn, RoleSessionName="terraform-run", WebIdentityToken="moto-does-not-verify-tokens")["Credentials"]
        return Principal(arn, endpoint, cert, "ap-southeast-2", c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])

    plan, apply = web_identity(roles["plan"]), web_identity(roles["apply"])
    checks = [
        ("plan", plan, "ec2:DescribeVpcs (ReadOnlyAccess)", lambda c: c.client("ec2").describe_vpcs(), "allow"),
        ("plan", plan, "secretsmanager:GetSecretValue", lambda c: c.client("secretsmanager").get_secret_value(SecretId="chatbot-remote-anything"), "deny"),
        ("plan", plan, "sqs:CreateQueue", lambda c: c.client("sqs").create_queue(QueueName="chatbot-remote-e2e-probe"), "deny"),
        ("apply", apply, "ec2:DescribeVpcs", lambda c: c.client("ec2").describe_vpcs(), "allow"),
        ("apply", apply, "iam:UpdateAssumeRolePolicy on its own role", lambda c: c.client("iam").update_assume_role_policy(RoleName=roles["apply"].split("/")[-1], PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []})), "deny"),
        ("apply", apply, "iam:PutRolePolicy on the plan role", lambda c: c.client("iam").put_role_policy(RoleName=roles["plan"].split("/")[-1], PolicyName="x", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})), "deny"),
        ("apply", apply, "iam:CreateUser", lambda c: c.client("iam").create_user(UserName="chatbot-remote-e2e-probe"), "deny"),
    ]
    results = []
    iam_enforcement(endpoint, cert, True)
    try:
        for who, creds, what, call, expected in checks:
            got, detail = call_outcome(creds, call)
            results.append(f"{who} {what}: {got}")
            if got != expected:
                problems.append(f"terraform cloud {who} role: {what}: expected {expected}, got {got} {detail}")
    finally:
        iam_enforcement(endpoint, cert, False)
    log("terraform cloud roles (moto IAM enforcement on): " + "; ".join(results))
    moto_cannot = ["Terraform Cloud trust: moto accepts any web identity token for any role (no signature, audience or subject check); "
                   "the trust was checked as the policy IAM stores"]
    return problems, moto_cannot


def start_moto(work, port, cert, key):
    """moto on 127.0.0.1:<port> over TLS (scripts/moto-server.py), its output in <work>/moto.log.
    Shared with scripts/e2e-cli.py."""
    moto_log = open(os.path.join(work, "moto.log"), "w")
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "scripts", "moto-server.py"), "-H", "127.0.0.1", "-p", str(port), "-c", cert, "-k", key],
                            stdout=moto_log, stderr=subprocess.STDOUT, env={**os.environ, "MOTO_IAM_LOAD_MANAGED_POLICIES": "true"}, start_new_session=True)
    return proc, moto_log


def wait_for_moto(proc, endpoint, cert, seconds=60):
    """Returns once moto answers on `endpoint`; fails when it exits or does not answer in time.
    Shared with scripts/e2e-cli.py."""
    deadline = time.time() + seconds
    while True:
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=2, context=ssl.create_default_context(cafile=cert))
            return
        except Exception:
            if proc.poll() is not None or time.time() > deadline:
                raise Failure(f"moto did not start on {endpoint} (see moto.log)")
            time.sleep(0.2)


def run_once(known):
    """One full run on a fresh moto server; returns (failure text or None, stacks applied, what moto cannot prove)."""
    started_run = time.time()
    work = tempfile.mkdtemp(prefix="chatbot-e2e-")
    port = free_port()
    endpoint = f"https://127.0.0.1:{port}"
    cert, key = make_certificate(work)
    moto, moto_log = start_moto(work, port, cert, key)
    applied = []  # (stack, directory, synthesized JSON)
    envs = {}
    base_env = {
        **os.environ,
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_REGION": "ap-southeast-2",
        "AWS_EC2_METADATA_DISABLED": "true",
        "SSL_CERT_FILE": cert,
        "AWS_CA_BUNDLE": cert,
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
    }
    for var in ("AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        base_env.pop(var, None)
    failed, findings, moto_cannot = None, [], []
    state_creds = bootstrap_json = None
    try:
        wait_for_moto(moto, endpoint, cert)
        log(f"moto listening on {endpoint}")

        ctx = json.loads(node(APP_CONTEXT, ENV))
        state_account, env_account = ctx["state"]["accountId"], ctx["accountId"]
        # The root of moto's default account only hands out the two principals this run uses.
        base = Principal("root", endpoint, cert, "ap-southeast-2", "test", "test")
        state_creds = base.assume(ctx["state"]["administratorArns"][0], "e2e-state-admin")
        env_creds = base.assume(ctx["applyRoleArn"], "e2e-apply")
        credentials = {state_account: state_creds, env_account: env_creds}
        log(f"state account {state_account}: {state_creds.arn()}; environment account {env_account}: {env_creds.arn()}")

        out = os.path.join(work, "cdktf.out")
        run(["node", os.path.join(ROOT, "dist", "main.js"), "--env", ENV], ROOT, {**os.environ, "CDKTF_OUTDIR": out})
        # The same synth with bootstrapState "s3": only the bootstrap stack may differ.
        out_s3 = os.path.join(work, "cdktf-s3.out")
        node(SYNTH_WITH_BOOTSTRAP_STATE, out_s3, "s3", ENV)
        for name in os.listdir(os.path.join(out, "stacks")):
            same = json.load(open(os.path.join(out, "stacks", name, "cdk.tf.json"))) == json.load(open(os.path.join(out_s3, "stacks", name, "cdk.tf.json")))
            if same == (name == "bootstrap"):
                raise Failure(f"bootstrapState 's3' {'left bootstrap unchanged' if same else 'changed ' + name}")
        # The real bootstrap never holds roles for test environments (their fake account must not
        # be trusted by a real state account); the fake cloud's bootstrap is the same stack with
        # them (tools/fake-cloud-bootstrap.ts), before and after the migration.
        for target, location in ((out, "local"), (out_s3, "s3")):
            fake = os.path.join(work, f"fake-bootstrap-{location}")
            run(["node", os.path.join(ROOT, "dist", "tools", "fake-cloud-bootstrap.js"), fake, location], ROOT, os.environ)
            shutil.copy(os.path.join(fake, "stacks", "bootstrap", "cdk.tf.json"), os.path.join(target, "stacks", "bootstrap", "cdk.tf.json"))
        bootstrap_json = os.path.join(work, "bootstrap-local.cdk.tf.json")
        shutil.copy(os.path.join(out, "stacks", "bootstrap", "cdk.tf.json"), bootstrap_json)

        order = fake_cloud("order", out, ENV)
        for stack, why in STACKS_NOT_APPLIED.items():
            log(f"not applied: {stack}: {why}")
        planned_only = [s for s in order if s in STACKS_NOT_APPLIED]
        order = [s for s in order if s not in STACKS_NOT_APPLIED]
        log(f"apply order: {', '.join(order)}")
        lock_tested = False
        seeded = set()
        placeholders = sorted({p for p in (ctx["placeholder"], "set-out-of-band") if p})

        for stack in order:
            # In place, as an operator runs it: the bootstrap's local state lands in `state/` next
            # to cdktf.out (../../../state from the stack's directory), never inside it.
            d = os.path.join(out, "stacks", stack)
            written = write_override(d, stack, endpoint)
            tf, account = written["stack"], written["account"]
            stand_in_for_unapplied(d, stack, tf, out, work, endpoint, credentials, base_env, seeded)
            if account not in credentials:
                raise Failure(f"{stack} is pinned to account {account}, for which this run has no credentials")
            env = envs[stack] = credentials[account].env(base_env)
            role = tf["terraform"].get("backend", {}).get("s3", {}).get("assume_role", {}).get("role_arn")
            log(f"{stack}: init (account {account}{', state through ' + role if role else ''})")
            run([ENGINE, "init", "-input=false", "-no-color"], d, env)
            log(f"{stack}: apply")
            started = time.time()
            run([ENGINE, "apply", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=60s", f"-parallelism={PARALLELISM}"], d, env)
            applied.append((stack, d, tf))
            count = len(run([ENGINE, "state", "list"], d, env).stdout.split())
            log(f"{stack}: applied {count} resources in {time.time() - started:.0f} s; re-planning")
            check_no_drift(stack, plan_changes(d, env), known)
            log(f"{stack}: second plan shows no changes")
            if stack == "bootstrap":
                local_state = os.path.join(work, "state", "bootstrap.tfstate")
                inside = [os.path.join(r, f) for r, _, fs in os.walk(out) for f in fs if f.endswith(".tfstate") and "/.terraform/" not in os.path.join(r, f) + "/"]
                if not os.path.isfile(local_state) or inside:
                    raise Failure(f"bootstrap's local state should be {local_state} only; found {'it' if os.path.isfile(local_state) else 'not it'} and {inside} in cdktf.out")
                log(f"bootstrap: local state at state/bootstrap.tfstate next to cdktf.out ({os.path.getsize(local_state)} bytes)")
                tf = migrate_bootstrap(d, env, endpoint, state_creds, os.path.join(out_s3, "stacks", "bootstrap", "cdk.tf.json"))
                applied[-1] = (stack, d, tf)
            if stack == f"{ENV}-serverless":
                findings += [f"no secret in state: {p}" for p in check_no_secret_in_state(d, env, placeholders)]
            if not lock_tested and "s3" in tf.get("terraform", {}).get("backend", {}) and stack.startswith(f"{ENV}-"):
                lock_contention(d, env, tf, state_creds, "dynamodb")
                use_lockfile_only(d, env)
                lock_contention(d, env, tf, state_creds, "lockfile")
                lock_tested = True
        for stack in planned_only:
            # Not applied, but initialised and planned on the state of the stacks it reads: the
            # backend, the remote-state reads and every provider (aliases too) reach moto.
            d = os.path.join(out, "stacks", stack)
            written = write_override(d, stack, endpoint)
            env = credentials[written["account"]].env(base_env)
            run([ENGINE, "init", "-input=false", "-no-color"], d, env)
            run([ENGINE, "plan", "-input=false", "-no-color", "-lock-timeout=60s"], d, env)
            log(f"{stack}: planned (not applied: {STACKS_NOT_APPLIED[stack]})")
        s3 = next(tf for s, _, tf in applied if s == "bootstrap")["terraform"]["backend"]["s3"]
        check_state_location(applied, s3["bucket"], s3["dynamodb_table"], state_creds, env_creds)
        check_resource_accounts(applied, envs[f"{ENV}-network"], state_creds, env_creds)
        problems, moto_cannot = check_state_role_boundaries(ctx, endpoint, cert, s3["bucket"], s3["dynamodb_table"], base, state_creds)
        findings += [f"state role boundaries: {p}" for p in problems]
        problems, cannot = check_terraform_cloud_identity(out, endpoint, cert, base, env_creds, state_creds)
        findings += problems
        moto_cannot += cannot
        for k in known:
            if not k.get("_used"):
                log(f"stale known-diff entry (did not occur; remove it): {k['stack']} {k['address']}")
    except Failure as e:
        failed = str(e)
    except subprocess.TimeoutExpired as e:
        failed = f"timed out: {e}"
    except botocore.exceptions.BotoCoreError as e:
        failed = f"boto3: {e}"
    except botocore.exceptions.ClientError as e:
        failed = f"boto3: {e}"
    except Exception as e:  # still destroy what was applied
        import traceback
        failed = f"unexpected error: {e!r}\n{traceback.format_exc()}"
    finally:
        if findings:
            failed = "\n".join(([failed] if failed else []) + findings)
        for stack, d, _ in reversed(applied):
            env = envs[stack]
            log(f"{stack}: destroy")
            try:
                if stack == "bootstrap":
                    if "s3" in json.load(open(os.path.join(d, "cdk.tf.json")))["terraform"]["backend"]:
                        unmigrate_bootstrap(d, env, endpoint, bootstrap_json)
                    purge_buckets(d, state_creds)
            except Exception as e:  # the destroy below reports what is left
                log(f"bootstrap: preparing the destroy failed: {e}")
            proc = run([ENGINE, "destroy", "-auto-approve", "-input=false", "-no-color", "-lock-timeout=60s", f"-parallelism={PARALLELISM}"], d, env, check=False)
            if proc.returncode != 0:
                failed = (failed + "\n" if failed else "") + f"{stack}: destroy failed:\n{tail(proc)}"
            else:
                log(f"{stack}: destroyed")
        try:
            os.killpg(moto.pid, signal.SIGTERM)
            moto.wait(timeout=10)
        except Exception:
            os.killpg(moto.pid, signal.SIGKILL)
        moto_log.close()
        if failed:
            print(f"--- moto log (last lines) ---\n{''.join(open(os.path.join(work, 'moto.log')).readlines()[-20:])}", file=sys.stderr)
        if os.environ.get("E2E_KEEP"):
            log(f"E2E_KEEP is set: scratch directory kept at {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        log(f"run took {time.time() - started_run:.0f} s")
    return failed, [s for s, _, _ in applied], moto_cannot


def main():
    known = json.load(open(os.path.join(ROOT, "e2e", "known-diffs.json")))["diffs"]
    failed, applied, moto_cannot = run_once(known)
    for why in moto_cannot:
        print(f"not proven by moto: {why}")
    if failed:
        print(f"e2e: FAILED\n{failed}", file=sys.stderr)
        print("e2e: 0 passed, 1 failed")
        return 1
    print(f"stacks applied across two accounts, re-planned clean and destroyed against moto: {', '.join(applied)}; "
          f"bootstrap state migrated into the bucket; lock test and role boundaries passed")
    print(f"e2e: {len(applied)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
