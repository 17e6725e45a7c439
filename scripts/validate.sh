#!/usr/bin/env bash
# Tier 3 of the verification ladder: every synthesized stack passes `init` + `validate` with the
# real providers, from the JSON (cdktf.out) and from the HCL form `cdktf synth --hcl` writes.
# Usage: scripts/validate.sh            (synthesizes first when cdktf.out is missing)
# Env:   TERRAFORM_BINARY_NAME=terraform  to validate with Terraform instead of OpenTofu
#        VALIDATE_JOBS=N                  stacks validated in parallel (default 2)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain

[[ -f cdktf.out/manifest.json ]] || npm run --silent synth

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The HCL form, written by the cdktf CLI (the path teams consuming HCL use).
echo "synthesizing the HCL form with cdktf synth --hcl" >&2
npx --no-install cdktf synth --hcl --output "$WORK/hcl" > "$WORK/hcl.log" 2>&1 || { cat "$WORK/hcl.log" >&2; exit 1; }

# validate_one <form> <stack dir>: prints one summary line; exit status is the result.
validate_one() {
  local form="$1" dir="$2" stack
  stack=$(basename "$dir")
  local work="$WORK/run/$form-$stack"
  mkdir -p "$work"
  cp -r "$dir/." "$work/"
  local missing=""
  while read -r ns_type version; do
    [[ -n "$ns_type" ]] || continue
    local why
    why=$(provider_unavailable "$ns_type" "$version")
    [[ -z "$why" ]] || missing+="$why; "
  done < <(stack_providers "$ROOT/cdktf.out/stacks/$stack/cdk.tf.json")
  if [[ -n "$missing" ]]; then
    printf 'FAIL  %-4s %-24s cannot validate: %s\n' "$form" "$stack" "$missing"
    return 1
  fi
  if ! (cd "$work" && "$ENGINE" init -backend=false -input=false -no-color > init.log 2>&1); then
    printf 'FAIL  %-4s %-24s init failed:\n%s\n' "$form" "$stack" "$(tail -20 "$work/init.log")"
    return 1
  fi
  local out
  out=$(cd "$work" && "$ENGINE" validate -json -no-color 2>&1) || true
  python3 - "$form" "$stack" "$out" <<'PY'
import json, sys
form, stack, raw = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    r = json.loads(raw)
except ValueError:
    print(f"FAIL  {form:<4} {stack:<24} validate printed no JSON:\n{raw}")
    sys.exit(1)
diags = r.get("diagnostics", [])
errors = [d for d in diags if d.get("severity") == "error"]
warnings = [d for d in diags if d.get("severity") == "warning"]
status = "ok  " if r.get("valid") and not errors else "FAIL"
print(f"{status}  {form:<4} {stack:<24} {len(errors)} errors, {len(warnings)} warnings")
for d in errors:
    rng = d.get("range", {})
    where = f' ({rng.get("filename")}:{rng.get("start", {}).get("line")})' if rng else ""
    print(f'        error: {d.get("summary")}{where}: {d.get("detail", "").strip()[:500]}')
seen = {}
for d in warnings:
    seen[d.get("summary")] = seen.get(d.get("summary"), 0) + 1
for summary, n in seen.items():
    print(f"        warning x{n}: {summary}")
sys.exit(0 if status.startswith("ok") else 1)
PY
}
export -f validate_one stack_providers provider_unavailable
export WORK ROOT ENGINE

stacks=$(python3 -c 'import json; print("\n".join(sorted(json.load(open("cdktf.out/manifest.json"))["stacks"])))')
jobs="${VALIDATE_JOBS:-2}"
echo "validating $(echo "$stacks" | wc -l) stacks (json + hcl) with $ENGINE, $jobs at a time" >&2
set +e
{
  for s in $stacks; do
    echo "json cdktf.out/stacks/$s"
    echo "hcl $WORK/hcl/stacks/$s"
  done
} | xargs -P "$jobs" -L 1 bash -c 'validate_one "$0" "$1" > "$WORK/result-$0-$(basename "$1").txt"'
rc=$?
set -e
cat "$WORK"/result-*.txt > "$WORK/results.txt"
cat "$WORK/results.txt"
passed=$(grep -c '^ok' "$WORK/results.txt" || true)
failed=$(grep -c '^FAIL' "$WORK/results.txt" || true)
echo "validate: $passed passed, $failed failed"
[[ $rc -eq 0 && $failed -eq 0 ]]
