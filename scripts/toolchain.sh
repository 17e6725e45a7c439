#!/usr/bin/env bash
# Builds or finds the verification toolchain, in a cache outside the repository:
#   - OpenTofu, built from its Go module (no binary is downloaded from anywhere);
#   - the Terraform providers the stacks need, at the exact versions of the @cdktf bindings, laid
#     out as a filesystem mirror so `init` never touches the network. A provider is taken from a
#     filesystem mirror already on the machine when one has the exact version, otherwise built from
#     its Go module; when neither works it is recorded as unavailable with the reason;
#   - checkov, moto[server] and gunicorn (which serves moto), pinned, in a Python virtualenv.
# Idempotent: a finished component is reused. Prints progress, and the manifest at the end.
# Usage: scripts/toolchain.sh [all|tofu|providers|python|env|manifest]
#   env       prints the exports the verification scripts use
#   manifest  prints what was built or found (component, version, source, sha256)
set -euo pipefail

CACHE="${CHATBOT_TOOLCHAIN_DIR:-$HOME/.cache/chatbot-platform-toolchain}"
TOFU_VERSION="v1.12.6"
CHECKOV_VERSION="3.3.30"
MOTO_VERSION="5.2.5"
# Serves moto for the fake-cloud tier (scripts/moto-server.py): HTTP/1.1 keep-alive done properly.
GUNICORN_VERSION="23.0.0"

# name|namespace|version the bindings pin|Go module@query to build from when no mirror has it
# Keep the versions in step with package.json (@cdktf/provider-* pin these exactly).
PROVIDERS=(
  "aws|hashicorp|5.100.0|github.com/hashicorp/terraform-provider-aws@v5.100.0"
  "helm|hashicorp|3.1.1|github.com/hashicorp/terraform-provider-helm@1cbf08f6a306ab3cdff6079b87a61c7641b64f3b"
  "kubernetes|hashicorp|2.38.0|github.com/hashicorp/terraform-provider-kubernetes@be88f44271050f69d52f410bca388834afedfe71"
  "mongodbatlas|mongodb|1.41.1|github.com/mongodb/terraform-provider-mongodbatlas@v1.41.1"
  "tfe|hashicorp|0.71.0|github.com/hashicorp/terraform-provider-tfe@v0.71.0"
)
# Filesystem mirrors a machine may already have (the layout Terraform's CLI config uses).
MACHINE_MIRRORS=(/opt/tf-plugins "$HOME/.terraform.d/plugins" /usr/share/terraform/plugins "$HOME/.local/share/terraform/plugins")

BIN="$CACHE/bin"
MIRROR="$CACHE/mirror"
MANIFEST="$CACHE/manifest.tsv"
LOGS="$CACHE/logs"
mkdir -p "$BIN" "$MIRROR" "$LOGS"
touch "$MANIFEST"
# Never let a user's CLI config steer the tools while they are built or asked their version.
export TF_CLI_CONFIG_FILE=/dev/null

# First line of a command's output (no pipe into head: SIGPIPE under pipefail).
first_line() { local out; out=$("$@"); printf '%s' "${out%%$'\n'*}"; }

log() { printf '[toolchain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# record component status version source sha256-or-reason
record() {
  awk -F'\t' -v c="$1" '$1 != c' "$MANIFEST" > "$MANIFEST.tmp" || true
  printf '%s\t%s\t%s\t%s\t%s\n' "$@" >> "$MANIFEST.tmp"
  mv "$MANIFEST.tmp" "$MANIFEST"
}
status_of() { awk -F'\t' -v c="$1" '$1 == c { print $2 }' "$MANIFEST"; }

# Downloads a module through the Go module proxy into a writable build directory.
# Prints the proxy's error and returns 1 when the version cannot be had.
fetch_module() {
  local query="$1" dest="$2" out
  out=$(go mod download -json "$query" 2>&1) || true
  local dir err
  dir=$(printf '%s' "$out" | python3 -c 'import json,sys
try: d=json.load(sys.stdin)
except Exception: sys.exit(0)
print(d.get("Dir","") if not d.get("Error") else "")')
  if [[ -z "$dir" ]]; then
    err=$(printf '%s' "$out" | python3 -c 'import json,sys
try: print(json.load(sys.stdin).get("Error","").replace("\n"," "))
except Exception: print(sys.stdin.read())' 2>/dev/null)
    echo "${err:-$out}"
    return 1
  fi
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  cp -r "$dir" "$dest"
  chmod -R u+w "$dest"
}

build_tofu() {
  if [[ -x "$BIN/tofu" ]] && "$BIN/tofu" version >/dev/null 2>&1; then
    log "tofu: reusing $(first_line "$BIN/tofu" version)"
    [[ -n "$(status_of tofu)" ]] || record tofu built "$TOFU_VERSION" "go module github.com/opentofu/opentofu@$TOFU_VERSION" "$(sha256sum "$BIN/tofu" | cut -d' ' -f1)"
    return
  fi
  log "tofu: building OpenTofu $TOFU_VERSION from its Go module (3-5 minutes on 2 cores)"
  local src="$CACHE/src/opentofu" err
  if ! err=$(fetch_module "github.com/opentofu/opentofu@$TOFU_VERSION" "$src"); then
    log "tofu: FAILED to download: $err"
    exit 1
  fi
  (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$BIN/tofu.tmp" ./cmd/tofu) > "$LOGS/tofu.log" 2>&1 \
    || { tail -30 "$LOGS/tofu.log" >&2; log "tofu: build FAILED (log: $LOGS/tofu.log)"; exit 1; }
  mv "$BIN/tofu.tmp" "$BIN/tofu"
  rm -rf "$src"
  record tofu built "$TOFU_VERSION" "go module github.com/opentofu/opentofu@$TOFU_VERSION" "$(sha256sum "$BIN/tofu" | cut -d' ' -f1)"
  log "tofu: built $(first_line "$BIN/tofu" version)"
}

# Puts a provider binary into the cache mirror under both registry hosts.
install_provider() {
  local name="$1" ns="$2" version="$3" binary="$4" how="$5" source="$6"
  local host
  for host in registry.opentofu.org registry.terraform.io; do
    local d="$MIRROR/$host/$ns/$name/$version/linux_amd64"
    mkdir -p "$d"
    cp "$binary" "$d/terraform-provider-${name}_v${version}"
    chmod +x "$d/terraform-provider-${name}_v${version}"
  done
  record "provider-$name" "$how" "$version" "$source" \
    "$(sha256sum "$MIRROR/registry.opentofu.org/$ns/$name/$version/linux_amd64/terraform-provider-${name}_v${version}" | cut -d' ' -f1)"
}

provider() {
  local name="$1" ns="$2" version="$3" query="$4"
  local mirrored="$MIRROR/registry.opentofu.org/$ns/$name/$version/linux_amd64/terraform-provider-${name}_v${version}"
  if [[ -x "$mirrored" ]]; then
    log "provider $ns/$name $version: reusing"
    return
  fi
  # 1. A filesystem mirror already on this machine with the exact version.
  local m f
  for m in "${MACHINE_MIRRORS[@]}"; do
    for f in "$m"/registry.terraform.io/"$ns"/"$name"/"$version"/linux_amd64/terraform-provider-"$name"_*; do
      if [[ -x "$f" ]]; then
        log "provider $ns/$name $version: found on this machine at $f"
        install_provider "$name" "$ns" "$version" "$f" found "machine mirror $f"
        return
      fi
    done
  done
  # 2. Build from the Go module.
  log "provider $ns/$name $version: building from $query${name/#aws/ (the AWS provider takes 20-40 minutes and several GB of RAM)}"
  local src="$CACHE/src/$name" err
  if ! err=$(fetch_module "$query" "$src"); then
    log "provider $ns/$name $version: UNAVAILABLE: $err"
    record "provider-$name" unavailable "$version" "go module $query" "$err"
    return
  fi
  local out="$CACHE/build/terraform-provider-${name}" start=$SECONDS
  mkdir -p "$CACHE/build"
  if ! (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$out" .) > "$LOGS/$name.log" 2>&1; then
    log "provider $ns/$name $version: UNAVAILABLE: build failed (log: $LOGS/$name.log)"
    record "provider-$name" unavailable "$version" "go module $query" "build failed: $(tail -1 "$LOGS/$name.log")"
    return
  fi
  install_provider "$name" "$ns" "$version" "$out" built "go module $query"
  rm -rf "$src" "$out"
  log "provider $ns/$name $version: built in $((SECONDS - start)) s"
}

providers() {
  local spec name ns version query
  for spec in "${PROVIDERS[@]}"; do
    IFS='|' read -r name ns version query <<< "$spec"
    provider "$name" "$ns" "$version" "$query"
  done
}

python_tools() {
  local venv="$CACHE/venv"
  local have=""
  if [[ -x "$venv/bin/checkov" && -x "$venv/bin/moto_server" ]]; then
    have=$("$venv/bin/pip" show checkov moto gunicorn 2>/dev/null || true)
  fi
  if [[ "$have" == *"Name: checkov"*"Version: $CHECKOV_VERSION"* && "$have" == *"Name: moto"*"Version: $MOTO_VERSION"* \
        && "$have" == *"Name: gunicorn"*"Version: $GUNICORN_VERSION"* ]]; then
    log "python: reusing checkov $CHECKOV_VERSION, moto $MOTO_VERSION and gunicorn $GUNICORN_VERSION"
    return
  fi
  log "python: installing checkov==$CHECKOV_VERSION, moto[server]==$MOTO_VERSION and gunicorn==$GUNICORN_VERSION into $venv (2-4 minutes)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION" "moto[server]==$MOTO_VERSION" "gunicorn==$GUNICORN_VERSION" > "$LOGS/pip.log" 2>&1 \
    || { tail -30 "$LOGS/pip.log" >&2; log "python: install FAILED"; exit 1; }
  record checkov installed "$CHECKOV_VERSION" "pypi checkov==$CHECKOV_VERSION" "$(sha256sum "$venv/bin/checkov" | cut -d' ' -f1)"
  record moto installed "$MOTO_VERSION" "pypi moto[server]==$MOTO_VERSION" "$(sha256sum "$venv/bin/moto_server" | cut -d' ' -f1)"
  record gunicorn installed "$GUNICORN_VERSION" "pypi gunicorn==$GUNICORN_VERSION" "$(sha256sum "$venv/bin/gunicorn" | cut -d' ' -f1)"
}

write_cli_config() {
  mkdir -p "$CACHE/plugin-cache"
  cat > "$CACHE/tofurc" <<CFG
# Written by scripts/toolchain.sh: providers come only from the local mirror, never the network.
provider_installation {
  filesystem_mirror {
    path = "$MIRROR"
  }
}
CFG
}

print_env() {
  echo "export CHATBOT_TOOLCHAIN_DIR=\"$CACHE\""
  echo "export TF_CLI_CONFIG_FILE=\"$CACHE/tofurc\""
  echo "export PATH=\"$BIN:$CACHE/venv/bin:\$PATH\""
}

print_manifest() {
  printf 'component\tstatus\tversion\tsource\tsha256 or reason\n' | cat - "$MANIFEST" | column -t -s $'\t' 
}

case "${1:-all}" in
  tofu) build_tofu ;;
  providers) providers ;;
  python) python_tools ;;
  env) print_env; exit 0 ;;
  manifest) print_manifest; exit 0 ;;
  all) build_tofu; providers; python_tools ;;
  *) echo "usage: $0 [all|tofu|providers|python|env|manifest]" >&2; exit 2 ;;
esac
write_cli_config
log "ready: $CACHE"
print_manifest >&2
