#!/usr/bin/env bash
# The cdktf CLI path against moto (see scripts/e2e-cli.py): puts the toolchain on PATH, builds,
# then runs the checks.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
ensure_toolchain
npm run --silent build
exec python3 "$ROOT/scripts/e2e-cli.py"
