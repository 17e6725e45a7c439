# shellcheck shell=bash
# Shared by the verification scripts: puts the toolchain on PATH (building it when missing) and
# picks the Terraform engine. Source it; do not run it.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Build or reuse the toolchain, then export what it says (PATH, TF_CLI_CONFIG_FILE, ...).
ensure_toolchain() {
  bash "$ROOT/scripts/toolchain.sh" "${1:-all}" >&2
  eval "$(bash "$ROOT/scripts/toolchain.sh" env)"
  export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
  # The engine: OpenTofu from the toolchain by default; TERRAFORM_BINARY_NAME=terraform uses a
  # Terraform >= 1.10 binary on PATH instead (both read the same CLI config and mirror).
  ENGINE="${TERRAFORM_BINARY_NAME:-tofu}"
  export TERRAFORM_BINARY_NAME="$ENGINE"
  command -v "$ENGINE" >/dev/null || { echo "engine '$ENGINE' is not on PATH" >&2; exit 1; }
  local version
  version=$("$ENGINE" version)
  echo "engine: ${version%%$'\n'*}" >&2
}

# Providers a synthesized stack needs, one `namespace/type version` per line.
stack_providers() {
  python3 - "$1" <<'PY'
import json, sys
tf = json.load(open(sys.argv[1])).get("terraform", {})
for name, p in tf.get("required_providers", {}).items():
    source = p.get("source", name)
    if "/" not in source:
        source = "hashicorp/" + source
    print(source.split("/")[-2] + "/" + source.split("/")[-1], p.get("version", ""))
PY
}

# Prints why a provider is unavailable (from the toolchain manifest), or nothing when it is there.
provider_unavailable() {
  local ns_type="$1" version="$2" ns type
  ns="${ns_type%%/*}"; type="${ns_type##*/}"
  if [[ -x "$CHATBOT_TOOLCHAIN_DIR/mirror/registry.opentofu.org/$ns/$type/$version/linux_amd64/terraform-provider-${type}_v${version}" ]]; then
    return 0
  fi
  local reason
  reason=$(manifest_reason "$type")
  echo "provider $ns/$type $version is not in the toolchain mirror${reason:+: $reason}"
}

# Prints the reason when the toolchain manifest records the provider as `unavailable` at exactly
# this version (the toolchain tried and could not obtain it on this machine), or nothing. Only such
# a provider makes a stack partial in validate.sh; one merely missing from the mirror (not listed in
# toolchain.sh, or at another version than package.json pins) stays a failure.
provider_unavailable_reason() {
  manifest_reason "${1##*/}" unavailable "$2"
}

# manifest_reason <provider type> [status version]: the reason column of the provider's manifest
# row (restricted to that status and version when given). The reason is the last column and may
# itself hold tabs (the Go proxy's error text does): fields 5..NF, joined, whitespace squeezed.
manifest_reason() {
  awk -F'\t' -v c="provider-$1" -v s="${2:-}" -v v="${3:-}" '
    $1 == c && (s == "" || $2 == s) && (v == "" || $3 == v) {
      r = $5; for (i = 6; i <= NF; i++) r = r " " $i
      gsub(/[ \t]+/, " ", r); sub(/ $/, "", r); print r
    }' "$CHATBOT_TOOLCHAIN_DIR/manifest.tsv"
}
