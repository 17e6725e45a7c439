#!/usr/bin/env bash
# The generated modules' examples against moto: apply, re-plan empty, destroy, and the README usage
# blocks planned alone (see scripts/modules-e2e.py).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain
npm run --silent transpile
exec python3 "$ROOT/scripts/modules-e2e.py"
