#!/usr/bin/env bash
# The generated modules with real Terraform/OpenTofu: `init` + `validate` of every examples/<name>
# (which loads its module from modules/), `fmt -check` of the examples, and the message-parity
# test (validation errors of the modules = the TypeScript messages). Runs on a copy, so no
# .terraform directory lands in the checkout.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r modules examples "$work/"
failed=0
for dir in "$work"/examples/*/; do
  name=$(basename "$dir")
  started=$SECONDS
  if ! out=$(cd "$dir" && "$ENGINE" init -backend=false -input=false -no-color 2>&1 && "$ENGINE" validate -no-color 2>&1); then
    echo "FAIL examples/$name:"; echo "$out" | tail -30; failed=1; continue
  fi
  echo "ok   examples/$name: init + validate ($((SECONDS - started)) s)"
done
if ! "$ENGINE" fmt -check -recursive -diff examples; then
  echo "FAIL examples are not in \`$ENGINE fmt\` layout (the generator's HCL writer, tools/modules/hcl.ts, must match it)"; failed=1
fi
MODULES_ENGINE_REQUIRED=1 npx jest __tests__/modules-parity.test.ts || failed=1
exit "$failed"
