#!/usr/bin/env bash
# clang-tidy with the checks of .clang-tidy on every source file of src/, two at a time:
# fails, printing the findings, when any has one.
# Usage: clang_tidy.sh SOURCE_DIR BUILD_DIR (where compile_commands.json is)
set -euo pipefail
source_dir=$1
build_dir=$2
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
findings=$(mktemp)
trap 'rm -f "$findings"' EXIT
find "$source_dir/src" -name '*.cc' -print0 |
  xargs -0 -P"$(nproc)" -n4 "$tidy" -p "$build_dir" --quiet >"$findings" 2>/dev/null || true
if grep -q 'warning:\|error:' "$findings"; then
  grep -A3 'warning:\|error:' "$findings"
  echo "clang-tidy: $(grep -c 'warning:\|error:' "$findings") findings in src/" >&2
  exit 1
fi
echo "clang-tidy: src/ is clean"
