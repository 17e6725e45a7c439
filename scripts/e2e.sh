#!/usr/bin/env bash
# Tier 5: applies the `local` environment against moto (see scripts/e2e.py).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain
npm run --silent build
exec python3 "$ROOT/scripts/e2e.py"
