#!/usr/bin/env bash
# Tier 3 of the verification ladder: every synthesized stack passes `init` + `validate` with the
# real providers, from the JSON (cdktf.out) and from the HCL form `cdktf synth --hcl` writes.
# A stack needing a provider the toolchain records as unavailable on this machine (manifest status
# `unavailable`) is validated partially: its JSON form without that provider's resources, data
# sources and configuration, references to them standing in as input variables
# (tools/strip-unavailable.ts), reported `ok*` (or FAIL); its HCL form is reported SKIP.
# Partial and skipped results do not fail the run but are counted and called out at the end.
# Usage: scripts/validate.sh            (synthesizes first when cdktf.out is missing)
# Env:   TERRAFORM_BINARY_NAME=terraform  to validate with Terraform instead of OpenTofu
#        VALIDATE_JOBS=N                  stacks validated in parallel (default 2)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain all

[[ -f cdktf.out/manifest.json ]] || npm run --silent synth
# The stripping partial results rest on is compiled TypeScript (its tests run with npm test).
[[ -f dist/tools/strip-unavailable.js ]] || npm run --silent build

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The HCL form, written by the cdktf CLI (the path teams consuming HCL use).
echo "synthesizing the HCL form with cdktf synth --hcl" >&2
npx --no-install cdktf synth --hcl --output "$WORK/hcl" > "$WORK/hcl.log" 2>&1 || { cat "$WORK/hcl.log" >&2; exit 1; }

# validate_one <form> <stack dir>: prints one summary line (then indented details); exit status is
# the result: ok, ok* (partial) and SKIP are 0, FAIL is 1.
validate_one() {
  local form="$1" dir="$2" stack
  stack=$(basename "$dir")
  local work="$WORK/run/$form-$stack"
  local missing="" unavailable="" strip_args=()
  while read -r ns_type version; do
    [[ -n "$ns_type" ]] || continue
    local why reason
    why=$(provider_unavailable "$ns_type" "$version")
    [[ -n "$why" ]] || continue
    reason=$(provider_unavailable_reason "$ns_type" "$version")
    if [[ -n "$reason" ]]; then
      # Known to be unobtainable here (the toolchain tried): validate the rest of the stack.
      unavailable+="${unavailable:+, }$ns_type $version"
      strip_args+=(--unavailable "$ns_type=provider $ns_type $version unavailable: $reason")
    else
      missing+="$why; "
    fi
  done < <(stack_providers "$ROOT/cdktf.out/stacks/$stack/cdk.tf.json")
  if [[ -n "$missing" ]]; then
    printf 'FAIL  %-4s %-24s cannot validate: %s\n' "$form" "$stack" "$missing"
    return 1
  fi
  if [[ ${#strip_args[@]} -gt 0 && "$form" == hcl ]]; then
    # Stripping needs a parse of the configuration; there is a JSON parser here, not an HCL
    # one, and text surgery on cdk.tf would not be trustworthy. The JSON line covers the stack.
    printf 'SKIP  %-4s %-24s NOT validated: needs unavailable provider(s) %s (HCL stripping not supported; see the json line for the partial check)\n' \
      "$form" "$stack" "$unavailable"
    return 0
  fi
  mkdir -p "$work"
  cp -r "$dir/." "$work/"
  local partial=""
  if [[ ${#strip_args[@]} -gt 0 ]]; then
    # The stripped copy replaces the stack's JSON in the work directory.
    if ! partial=$(node "$ROOT/dist/tools/strip-unavailable.js" "$dir/cdk.tf.json" "$work/cdk.tf.json" "${strip_args[@]}" 2>&1); then
      printf 'FAIL  %-4s %-24s could not strip the unavailable providers %s:\n%s\n' "$form" "$stack" "$unavailable" "$partial"
      return 1
    fi
  fi
  if ! (cd "$work" && "$ENGINE" init -backend=false -input=false -no-color > init.log 2>&1); then
    printf 'FAIL  %-4s %-24s init failed:\n%s\n' "$form" "$stack" "$(tail -20 "$work/init.log")"
    return 1
  fi
  local out
  out=$(cd "$work" && "$ENGINE" validate -json -no-color 2>&1) || true
  python3 - "$form" "$stack" "$out" "$partial" <<'PY'
import json, sys
form, stack, raw, partial = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
# partial: the strip report (summary line, then indented detail lines), empty for a whole stack.
note, *details = partial.split("\n") if partial else ("",)
suffix = f" (partial: {note})" if partial else ""
try:
    r = json.loads(raw)
except ValueError:
    print(f"FAIL  {form:<4} {stack:<24} validate printed no JSON{suffix}:\n{raw}")
    sys.exit(1)
diags = r.get("diagnostics", [])
errors = [d for d in diags if d.get("severity") == "error"]
warnings = [d for d in diags if d.get("severity") == "warning"]
status = ("ok* " if partial else "ok  ") if r.get("valid") and not errors else "FAIL"
print(f"{status}  {form:<4} {stack:<24} {len(errors)} errors, {len(warnings)} warnings{suffix}")
for line in details:
    print(line)
for d in errors:
    rng = d.get("range", {})
    # A partial stack's line numbers are those of the stripped copy, not of cdktf.out.
    where = f' ({rng.get("filename")}{" stripped" if partial else ""}:{rng.get("start", {}).get("line")})' if rng else ""
    print(f'        error: {d.get("summary")}{where}: {d.get("detail", "").strip()[:500]}')
seen = {}
for d in warnings:
    seen[d.get("summary")] = seen.get(d.get("summary"), 0) + 1
for summary, n in seen.items():
    print(f"        warning x{n}: {summary}")
sys.exit(0 if status.startswith("ok") else 1)
PY
}
export -f validate_one stack_providers provider_unavailable provider_unavailable_reason manifest_reason
export WORK ROOT ENGINE

stacks=$(python3 -c 'import json; print("\n".join(sorted(json.load(open("cdktf.out/manifest.json"))["stacks"])))')
jobs="${VALIDATE_JOBS:-2}"
echo "validating $(echo "$stacks" | wc -l) stacks (json + hcl) with $ENGINE, $jobs at a time" >&2
set +e
# shellcheck disable=SC2016 # the single-quoted script is expanded by the bash xargs starts
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
passed=$(grep -c '^ok  ' "$WORK/results.txt" || true)
partial=$(grep -c '^ok\*' "$WORK/results.txt" || true)
skipped=$(grep -c '^SKIP' "$WORK/results.txt" || true)
failed=$(grep -c '^FAIL' "$WORK/results.txt" || true)
if [[ $((partial + skipped)) -gt 0 ]]; then
  echo "validate: WARNING: $partial partial (ok*) and $skipped skipped (SKIP): resources of unavailable providers were NOT validated, see those lines"
fi
echo "validate: $passed passed, $partial partial, $skipped skipped, $failed failed"
[[ $rc -eq 0 && $failed -eq 0 ]]
