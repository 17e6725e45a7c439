#!/usr/bin/env bash
# checkov over the generated modules (modules/<name>/*.tf.json). A failed check fails the tier
# unless policy/modules-checkov-skips.json covers it with a reason. Prints passed / failed /
# skipped per module.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain python

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "checkov $(checkov --version) over modules/" >&2
# As in scripts/policy.sh: checkov 3.3.x's terraform_json parser rejects the scalar
# `required_version` of the terraform block; the copies leave it out (it configures no resource).
for dir in modules/*/; do
  name=$(basename "$dir")
  mkdir -p "$WORK/modules/$name"
  for f in "$dir"*.tf.json; do
    python3 -c 'import json,sys; tf=json.load(open(sys.argv[1])); tf.get("terraform",{}).pop("required_version",None); json.dump(tf,open(sys.argv[2],"w"))' "$f" "$WORK/modules/$name/$(basename "$f")"
  done
done
checkov -d "$WORK/modules" --framework terraform_json --compact -o json > "$WORK/checkov.json" 2> "$WORK/checkov.err" || true
[[ -s "$WORK/checkov.json" ]] || { cat "$WORK/checkov.err" >&2; echo "checkov produced no report" >&2; exit 1; }

python3 - "$WORK/checkov.json" policy/modules-checkov-skips.json <<'PY'
import fnmatch, json, sys
from collections import defaultdict

report = json.load(open(sys.argv[1]))
reports = report if isinstance(report, list) else [report]
skips = json.load(open(sys.argv[2]))["skips"]
for s in skips:
    for field in ("check", "modules", "resources", "reason"):
        if not s.get(field):
            sys.exit(f"policy/modules-checkov-skips.json: an entry lacks '{field}': {s}")
parsing = [f for r in reports for f in r.get("results", {}).get("parsing_errors", [])]
if parsing:
    sys.exit("checkov could not parse (so checked nothing in): " + ", ".join(parsing))

def module_of(check):
    return check["file_path"].strip("/").split("/")[0]

_data = {}
def address(check):
    # checkov names a resource "<type>.<name>" and a data source "data.<name>"; give the data
    # source its Terraform address, data.<type>.<name>, from the module's main.tf.json.
    r = check["resource"]
    if not r.startswith("data.") or r.count(".") > 1:
        return r
    m, name = module_of(check), r.split(".", 1)[1]
    if m not in _data:
        _data[m] = json.load(open(f"modules/{m}/main.tf.json")).get("data", {})
    types = [t for t, blocks in _data[m].items() if name in blocks]
    return f"data.{types[0]}.{name}" if len(types) == 1 else r

counts = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
used = [0] * len(skips)
unjustified = []
for r in reports:
    if r.get("check_type") not in (None, "terraform_json"):
        continue
    results = r.get("results", {})
    for c in results.get("passed_checks", []):
        counts[module_of(c)]["passed"] += 1
    for c in results.get("failed_checks", []):
        m, addr = module_of(c), address(c)
        hit = next((i for i, s in enumerate(skips) if s["check"] == c["check_id"] and fnmatch.fnmatch(m, s["modules"]) and fnmatch.fnmatch(addr, s["resources"])), None)
        if hit is None:
            counts[m]["failed"] += 1
            unjustified.append((m, c["check_id"], addr, c["check_name"]))
        else:
            counts[m]["skipped"] += 1
            used[hit] += 1

print(f"{'module':<24} {'passed':>7} {'failed':>7} {'skipped':>8}")
for m in sorted(counts):
    n = counts[m]
    print(f"{m:<24} {n['passed']:>7} {n['failed']:>7} {n['skipped']:>8}")
for m, check, addr, name in unjustified:
    print(f"FAILED {m}: {check} {addr}: {name}")
for i, s in enumerate(skips):
    if used[i] == 0:
        print(f"stale skip (covers nothing now; remove it): {s['check']} {s['modules']} {s['resources']}")
total = {k: sum(n[k] for n in counts.values()) for k in ("passed", "failed", "skipped")}
print(f"modules policy: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
if total["passed"] == 0:
    sys.exit("modules policy: checkov ran no check at all")
sys.exit(1 if total["failed"] else 0)
PY
