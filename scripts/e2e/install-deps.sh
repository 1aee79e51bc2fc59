#!/usr/bin/env bash
# Installs what the end-to-end suite needs and is idempotent: run it as often as you like.
#
#   - Debian packages: the toolchain and headers code-server's native modules build with, ripgrep
#     (VS Code's search, and the stand-in for the rg binary @vscode/ripgrep would download)
#     and Chromium (the browser playwright-core drives). apt-get runs only when one is missing.
#   - code-server (a real VS Code workbench served to a browser) into a cache folder outside
#     node_modules: $ASYNCLINT_E2E_CACHE, by default ~/.cache/asynclint-e2e.
#
# Prints the path of the code-server executable as its last line of output.
set -euo pipefail

CODE_SERVER_VERSION="4.100.3"
# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this tarball in its cache
# (os.tmpdir()/vscode-ripgrep-cache-<package version>/). These are the versions code-server
# 4.100.3 depends on; the script checks that the installed package agrees.
RIPGREP_PACKAGE_VERSION="1.15.11"
RIPGREP_TARBALL="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
# build-essential and python3 (node-gyp's toolchain) come with this machine kind; listed so a leaner one still works.
DEBIAN_PACKAGES=(build-essential python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

CACHE="${ASYNCLINT_E2E_CACHE:-$HOME/.cache/asynclint-e2e}"
PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
CODE_SERVER="$PREFIX/node_modules/.bin/code-server"
MARKER="$PREFIX/.asynclint-e2e-installed"

say() { echo "[e2e install] $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else say "need root to run: $*"; exit 1
  fi
}

# --- Debian packages ------------------------------------------------------------------------
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  say "Debian packages present: ${DEBIAN_PACKAGES[*]}"
fi

# --- code-server ----------------------------------------------------------------------------
if [ -f "$MARKER" ] && [ -x "$CODE_SERVER" ]; then
  say "code-server $CODE_SERVER_VERSION already installed in $PREFIX"
else
  say "installing code-server $CODE_SERVER_VERSION into $PREFIX (about a minute)"
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  # A private temporary folder holds the ripgrep cache, so nothing depends on the machine's /tmp.
  install_tmp="$(mktemp -d "${TMPDIR:-/tmp}/asynclint-e2e-install.XXXXXX")"
  trap 'rm -rf "$install_tmp"' EXIT
  rg_cache="$install_tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  mkdir -p "$rg_cache/stage"
  cp "$(command -v rg)" "$rg_cache/stage/rg"
  tar -czf "$rg_cache/$RIPGREP_TARBALL" -C "$rg_cache/stage" rg
  (
    cd "$PREFIX"
    # --unsafe-perm: code-server's postinstall refuses to run as root without it.
    # npm_config_yes: a nested postinstall runs `npx node-gyp`, which would otherwise prompt.
    TMPDIR="$install_tmp" npm_config_yes=true npm install --no-audit --no-fund --no-save \
      --unsafe-perm --foreground-scripts --prefix "$PREFIX" "code-server@$CODE_SERVER_VERSION" >&2
  )
  rg_version="$(node -p "require('$PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/package.json').version" 2>/dev/null || true)"
  if [ -n "$rg_version" ] && [ "$rg_version" != "$RIPGREP_PACKAGE_VERSION" ]; then
    say "warning: code-server bundles @vscode/ripgrep $rg_version, not $RIPGREP_PACKAGE_VERSION; update RIPGREP_PACKAGE_VERSION"
  fi
  # Own config and data folders, so that code-server writes no default config into the home folder.
  XDG_CONFIG_HOME="$install_tmp/config" XDG_DATA_HOME="$install_tmp/data" "$CODE_SERVER" --version >&2
  touch "$MARKER"
  say "code-server installed"
fi

echo "$CODE_SERVER"
