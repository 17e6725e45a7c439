#!/usr/bin/env bash
# Lints the GitHub Actions workflows in .github/workflows with actionlint (syntax, expressions,
# contexts, job and step references, action inputs) and, when shellcheck is installed, the shell
# of every `run:` block. actionlint is built from its Go module into the toolchain cache once and
# reused while it is the pinned version. Exits non-zero on any finding.
# Closing line: "lint-workflows: N passed, M failed" (N, M = workflow files).
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION="v1.7.12"
BIN="${CHATBOT_TOOLCHAIN_DIR:-$HOME/.cache/chatbot-platform-toolchain}/bin"
ACTIONLINT="$BIN/actionlint"

log() { printf '[lint-workflows] %s\n' "$*" >&2; }

installed_version() {
  local out
  out=$("$ACTIONLINT" -version 2>/dev/null) || return 0
  printf '%s' "${out%%$'\n'*}"
}

if [[ -x "$ACTIONLINT" && "$(installed_version)" == "$ACTIONLINT_VERSION" ]]; then
  log "actionlint $ACTIONLINT_VERSION: reusing $ACTIONLINT"
else
  command -v go >/dev/null || { log "go is not on PATH: it is needed once, to build actionlint $ACTIONLINT_VERSION"; exit 1; }
  log "actionlint $ACTIONLINT_VERSION: building from github.com/rhysd/actionlint into $BIN"
  mkdir -p "$BIN"
  rm -f "$ACTIONLINT" # go install will not replace a file that is not a Go binary
  GOBIN="$BIN" GOFLAGS=-buildvcs=false go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  [[ "$(installed_version)" == "$ACTIONLINT_VERSION" ]] || { log "built $ACTIONLINT, but it reports '$(installed_version)'"; exit 1; }
fi

# actionlint runs shellcheck on `run:` blocks when it finds it on PATH; say so when it cannot.
if command -v shellcheck >/dev/null; then
  log "shellcheck $(shellcheck --version | awk '/^version:/ { print $2 }'): checking run: blocks"
else
  log "shellcheck not found: run: blocks are not checked (Debian/Ubuntu: apt-get install -y shellcheck)"
fi

shopt -s nullglob
files=(.github/workflows/*.yml .github/workflows/*.yaml)
if ((${#files[@]} == 0)); then
  log "no workflow files in .github/workflows"
  echo "lint-workflows: 0 passed, 0 failed"
  exit 1
fi

passed=0
failed=0
for file in "${files[@]}"; do
  code=0
  "$ACTIONLINT" -no-color "$file" || code=$?
  case "$code" in
    0) passed=$((passed + 1)); echo "ok      $file" ;;
    1) failed=$((failed + 1)); echo "FAILED  $file" ;;
    *) log "actionlint could not check $file (exit $code)"; failed=$((failed + 1)) ;;
  esac
done

echo "lint-workflows: $passed passed, $failed failed"
((failed == 0))
