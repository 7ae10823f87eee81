#!/usr/bin/env bash
# A 20,000-initiative sheet with figures, exported as JSON, CSV (UTF-8 and CP932) and XLSX:
# each export's peak resident memory (the process's own, as the kernel counts it) stays under
# 256 MB, and each file holds every initiative. The release build, for AddressSanitizer's
# shadow memory would be counted too.
# Usage: export_memory_test.sh TORIKUMI_RELEASE_BINARY GENERATOR SOURCE_DIR
set -euo pipefail
torikumi=$1
generator=$2
source_dir=$3
[[ -x $torikumi && -x $generator ]] || { echo "FAIL: no release build (make build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

initiatives=20000
limit_kb=$((256 * 1024))
"$generator" --vocabulary "$source_dir/data/kawanishi-r7-process-sheet.tsv" \
  --initiatives "$initiatives" --output "$work/sheet" --figures >/dev/null
db=$work/t.db
"$torikumi" import "$work"/sheet/*.json --db "$db" --quiet >/dev/null

# Runs the command and prints its peak resident memory in kB (getrusage of the child).
peak_kb() {
  python3 - "$@" <<'PY'
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("%s failed" % " ".join(sys.argv[1:]))
print(usage.ru_maxrss)
PY
}

for format in json csv csv-cp932 xlsx; do
  arguments=(--format "${format%-cp932}")
  [[ $format == *-cp932 ]] && arguments+=(--encoding cp932)
  out=$work/out.$format
  kb=$(peak_kb "$torikumi" export --db "$db" --year 2025 "${arguments[@]}" --output "$out" --quiet)
  echo "export $format of $initiatives initiatives: peak $((kb / 1024)) MB"
  ((kb < limit_kb)) || fail "export $format peaked at $((kb / 1024)) MB, over 256 MB"
done

python3 - "$work" "$initiatives" <<'PY'
import csv, io, json, sys
work, initiatives = sys.argv[1], int(sys.argv[2])
sheet = json.load(open(work + "/out.json", encoding="utf-8"))
assert len(sheet["initiatives"]) == initiatives, len(sheet["initiatives"])
for name, encoding in (("out.csv", "utf-8-sig"), ("out.csv-cp932", "cp932")):
    rows = list(csv.reader(io.open(work + "/" + name, encoding=encoding, newline="")))
    numbered = [r for r in rows if r and r[0].isdigit()]
    assert len(numbered) == initiatives, (name, len(numbered))
PY
# The workbook reads back whole, every initiative with its figures.
"$torikumi" import "$work/out.xlsx" --db "$work/back.db" --quiet >/dev/null
"$torikumi" export --db "$work/back.db" --year 2025 --format json --quiet |
  python3 -c 'import json, sys; s = json.load(sys.stdin); assert len(s["initiatives"]) == int(sys.argv[1]); assert any(i["indicators"] for i in s["initiatives"])' "$initiatives"
echo "PASS: exports of $initiatives initiatives stay under 256 MB"
