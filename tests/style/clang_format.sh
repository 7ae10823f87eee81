#!/usr/bin/env bash
# The tree is formatted by .clang-format: fails, listing the files and the count of places,
# when clang-format would change any C++ file of src/, tests/, bench/ or fuzz/.
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(find src tests bench fuzz -name node_modules -prune -o \( -name '*.cc' -o -name '*.h' \) -print | sort)
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/torikumi-format.$$; then
  echo "clang-format would change these files (places):"
  grep -oE '^(src|tests|bench|fuzz)/[^:]+\.(cc|h)' /tmp/torikumi-format.$$ | sort | uniq -c | sort -rn
  echo "run: clang-format -i on those files"
  rm -f /tmp/torikumi-format.$$
  exit 1
fi
rm -f /tmp/torikumi-format.$$
echo "${#files[@]} files formatted"
