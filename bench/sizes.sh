#!/usr/bin/env bash
# Import and export at three sizes: sheets of 300, 3,000 and 20,000 initiatives with figures
# (generated from the seed's vocabulary), each task's wall time and peak resident memory,
# and how its time per initiative compares with the 300-initiative sheet's in the same run
# (1.00x: time grows linearly with the sheet).
# Usage: bench/sizes.sh BUILD_DIR [SIZES...]
set -euo pipefail
build=$1
shift
sizes=("${@:-300 3000 20000}")
read -r -a sizes <<<"${sizes[*]}"
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
torikumi=$build/torikumi

# Runs a command once; prints "seconds peak_kb".
measure() {
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || {
    echo "failed: $*" >&2
    exit 1
  }
  cat "$work/time"
}

tasks=("import json" "export json" "export csv" "export xlsx" "export pdf" "import csv" "import xlsx")
declare -A seconds memory
for n in "${sizes[@]}"; do
  "$build/bench/torikumi-generate-sheets" --vocabulary "$here/data/kawanishi-r7-process-sheet.tsv" \
    --initiatives "$n" --output "$work/sheet-$n" --figures >/dev/null
  db=$work/s$n.db
  for task in "${tasks[@]}"; do
    read -r verb format <<<"$task"
    if [[ $verb == export ]]; then
      run=("$torikumi" export --db "$db" --year 2025 --format "$format" --output "$work/out-$n.$format" --quiet)
    elif [[ $format == json ]]; then
      run=("$torikumi" import "$work"/sheet-"$n"/*.json --db "$db" --quiet)
    else
      run=("$torikumi" import "$work/out-$n.$format" --db "$work/back-$n-$format.db" --quiet)
    fi
    read -r s kb < <(measure "${run[@]}")
    seconds[$task,$n]=$s
    memory[$task,$n]=$kb
  done
  rm -f "$work"/back-"$n"-*.db*
done

echo "Sheets of $(printf '%s, ' "${sizes[@]}" | sed 's/, $//') initiatives with figures ($(nproc) cores):"
echo "wall time, peak memory, and time per initiative beside the ${sizes[0]}-initiative sheet's"
printf '%-12s' ""
for n in "${sizes[@]}"; do printf ' | %-25s' "$n initiatives"; done
echo
printf '%-12s' "task"
for _ in "${sizes[@]}"; do printf ' | %9s %7s %7s' "time" "memory" "linear"; done
echo
for task in "${tasks[@]}"; do
  printf '%-12s' "$task"
  for n in "${sizes[@]}"; do
    awk -v n="$n" -v s="${seconds[$task,$n]}" -v kb="${memory[$task,$n]}" \
      -v n0="${sizes[0]}" -v s0="${seconds[$task,${sizes[0]}]}" 'BEGIN {
        linear = s0 > 0 ? (s / n) / (s0 / n0) : 0
        printf " | %7.2f s %4d MB %6.2fx", s, kb / 1024, linear }'
  done
  echo
done
