#!/usr/bin/env bash
# Tier 4 of the verification ladder: checkov over every synthesized stack's Terraform JSON.
# A failed check fails the tier unless policy/checkov-skips.json covers it with a reason.
# Prints passed / failed / skipped per stack.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain python

[[ -f cdktf.out/manifest.json ]] || npm run --silent synth

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "checkov $(checkov --version) over cdktf.out/stacks" >&2
# checkov 3.3.30's terraform_json parser rejects a scalar setting of the terraform block
# (`required_version`: "this method receives only dicts") and top-level `removed` blocks, and then
# scans nothing of that file. Neither configures a resource: scan copies without them, and fail
# below on any parsing error.
mkdir -p "$WORK/stacks"
for dir in cdktf.out/stacks/*/; do
  stack=$(basename "$dir")
  mkdir -p "$WORK/stacks/$stack"
  python3 -c 'import json,sys; tf=json.load(open(sys.argv[1])); tf.get("terraform",{}).pop("required_version",None); tf.pop("removed",None); json.dump(tf,open(sys.argv[2],"w"))' \
    "$dir/cdk.tf.json" "$WORK/stacks/$stack/cdk.tf.json"
done
# checkov exits 1 when any check fails; the skip list decides below.
checkov -d "$WORK/stacks" --framework terraform_json --compact -o json > "$WORK/checkov.json" 2> "$WORK/checkov.err" || true
[[ -s "$WORK/checkov.json" ]] || { cat "$WORK/checkov.err" >&2; echo "checkov produced no report" >&2; exit 1; }

python3 - "$WORK/checkov.json" policy/checkov-skips.json <<'PY'
import fnmatch, json, sys
from collections import defaultdict

report = json.load(open(sys.argv[1]))
reports = report if isinstance(report, list) else [report]
skips = json.load(open(sys.argv[2]))["skips"]
for s in skips:
    for field in ("check", "stacks", "resources", "reason"):
        if not s.get(field):
            sys.exit(f"policy/checkov-skips.json: an entry lacks '{field}': {s}")

def stack_of(check):
    # file_path is "/<stack>/cdk.tf.json"
    return check["file_path"].strip("/").split("/")[0]

# checkov names the same thing "<type>.<id>", "resource.<id>" or "data.<id>" depending on the
# check; look the logical id up in the stack to get a stable Terraform address.
addresses = {}
def address(check):
    stack = stack_of(check)
    if stack not in addresses:
        tf = json.load(open(f"cdktf.out/stacks/{stack}/cdk.tf.json"))
        index = {}
        for kind, prefix in (("resource", ""), ("data", "data.")):
            for rtype, items in tf.get(kind, {}).items():
                for rid in items:
                    index[(kind, rid)] = f"{prefix}{rtype}.{rid}"
        addresses[stack] = index
    rid = check["resource"].split(".")[-1]
    kind = "data" if check["resource"].startswith("data.") else "resource"
    return addresses[stack].get((kind, rid)) or addresses[stack].get(("resource", rid)) or check["resource"]

parsing = [f for r in reports for f in r.get("results", {}).get("parsing_errors", [])]
if parsing:
    sys.exit("checkov could not parse (so checked nothing in): " + ", ".join(parsing))

counts = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
used = [0] * len(skips)
unjustified = []
for r in reports:
    if r.get("check_type") not in (None, "terraform_json"):
        continue
    results = r.get("results", {})
    for c in results.get("passed_checks", []):
        counts[stack_of(c)]["passed"] += 1
    for c in results.get("failed_checks", []):
        stack, addr = stack_of(c), address(c)
        hit = None
        for i, s in enumerate(skips):
            if s["check"] == c["check_id"] and fnmatch.fnmatch(stack, s["stacks"]) and fnmatch.fnmatch(addr, s["resources"]):
                hit = i
                break
        if hit is None:
            counts[stack]["failed"] += 1
            unjustified.append((stack, c["check_id"], addr, c["check_name"], c.get("guideline") or ""))
        else:
            counts[stack]["skipped"] += 1
            used[hit] += 1

print(f"{'stack':<24} {'passed':>7} {'failed':>7} {'skipped':>8}")
for stack in sorted(counts):
    n = counts[stack]
    print(f"{stack:<24} {n['passed']:>7} {n['failed']:>7} {n['skipped']:>8}")
for stack, check, addr, name, guide in unjustified:
    print(f"FAILED {stack}: {check} {addr}: {name} {guide}")
for i, s in enumerate(skips):
    if used[i] == 0:
        print(f"stale skip (covers nothing now; remove it): {s['check']} {s['stacks']} {s['resources']}")
total = {k: sum(n[k] for n in counts.values()) for k in ("passed", "failed", "skipped")}
print("skipped = failed checks covered by a reviewed exception in policy/checkov-skips.json")
print(f"policy: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
if total["passed"] == 0:
    sys.exit("policy: checkov ran no check at all")
sys.exit(1 if total["failed"] else 0)
PY
