#!/usr/bin/env bash
# Installs the Debian packages torikumi needs to build, run and test: the libraries, clang
# for the fuzz targets, Chromium for the browser tests, and poppler and LibreOffice, which
# read the PDF and XLSX files in the tests and are the baseline of the benchmarks, and wrk,
# which loads the server in the benchmarks.
# Idempotent and non-interactive: does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-url1.81-dev libboost-json1.81-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql libicu-dev libsodium-dev
  liboath-dev libqrencode-dev libcrack2-dev cracklib-runtime
  libcli11-dev
  libxlsxwriter-dev libzip-dev libexpat1-dev zlib1g-dev
  libcairo2-dev libpango1.0-dev fonts-noto-cjk
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev clang-format
  curl
  chromium
  poppler-utils libreoffice-calc-nogui
  time wrk
)
# Node.js runs the browser tests; a machine that has its own node keeps it.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
# Java runs the W3C's HTML validator in the browser tests.
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)

here=$(cd "$(dirname "$0")/.." && pwd)

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
