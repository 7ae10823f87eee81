#!/usr/bin/env bash
# Runs one fuzz target for SECONDS on a scratch copy of its committed corpus.
# Usage: fuzz/run.sh BUILD_DIR TARGET SECONDS
set -euo pipefail
build=$1
target=$2
seconds=$3
here=$(cd "$(dirname "$0")" && pwd)
binary=$build/fuzz/${target}_fuzzer
[[ -x $binary ]] || { echo "missing $binary: build the fuzz preset first (make fuzz-build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$here/corpus/$target/." "$work/"
# New inputs go to the scratch copy; crashes are kept in the build tree so they can be replayed.
"$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/$target-" \
  -print_final_stats=1 "$work" 2>"$work.log" || { tail -n 60 "$work.log" >&2; rm -f "$work.log"; exit 1; }
grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work.log" | sed "s/^/$target: /"
rm -f "$work.log"
