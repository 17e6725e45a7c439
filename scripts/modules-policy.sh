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

# The verdict (skips, stale skips, parsing errors, counts) is scripts/checkov_tally.py.
python3 "$ROOT/scripts/checkov_tally.py" "$WORK/checkov.json" policy/modules-checkov-skips.json modules modules main.tf.json
