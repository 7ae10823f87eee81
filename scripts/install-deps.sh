#!/usr/bin/env bash
# Installs the Debian packages torikumi needs to build, run and test, listed with the reason
# for each in scripts/packages.txt, and the browser tests' npm packages.
# Idempotent and non-interactive: does nothing when everything is present.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)

packages=()
while read -r line; do
  line=${line%%#*}
  if [[ $line =~ ^(.*)\[unless\ ([^]]+)\][[:space:]]*$ ]]; then
    command -v "${BASH_REMATCH[2]}" >/dev/null 2>&1 && continue
    line=${BASH_REMATCH[1]}
  fi
  read -ra names <<<"$line"
  packages+=("${names[@]}")
done <"$here/scripts/packages.txt"

# The browser tests' npm packages, pinned by tests/e2e/package-lock.json. No install
# scripts: they would fetch things (a Java runtime) from outside the registries.
install_npm_packages() {
  if [[ ! -f $here/tests/e2e/node_modules/vnu-jar/build/dist/vnu.jar ||
        ! -d $here/tests/e2e/node_modules/playwright-core ||
        ! -d $here/tests/e2e/node_modules/ajv ||
        ! -d $here/tests/e2e/node_modules/axe-core ||
        ! -d $here/tests/e2e/node_modules/openapi-client-axios ||
        ! -d $here/tests/e2e/node_modules/@apidevtools/swagger-parser ]]; then
    (cd "$here/tests/e2e" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  install_npm_packages
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
install_npm_packages
