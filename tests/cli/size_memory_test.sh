#!/usr/bin/env bash
# A 20,000-initiative sheet with figures, imported from JSON, exported as JSON, CSV (UTF-8
# and CP932), XLSX and PDF, and imported again from the CSV and the XLSX: each command's
# peak resident memory (the process's own, as the kernel counts it, the mapped file
# included) stays under 256 MB, and each file holds every initiative. The release build, for
# AddressSanitizer's shadow memory would be counted too.
# Usage: size_memory_test.sh TORIKUMI_RELEASE_BINARY GENERATOR SOURCE_DIR
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

# Runs a command named `what`, failing the test when it peaks over the limit.
within_limit() {
  local what=$1
  shift
  local kb
  kb=$(peak_kb "$@")
  echo "$what of $initiatives initiatives: peak $((kb / 1024)) MB"
  ((kb < limit_kb)) || fail "$what peaked at $((kb / 1024)) MB, over 256 MB"
}

within_limit "import json" "$torikumi" import "$work"/sheet/*.json --db "$db" --quiet
for format in json csv csv-cp932 xlsx pdf; do
  arguments=(--format "${format%-cp932}")
  [[ $format == *-cp932 ]] && arguments+=(--encoding cp932)
  within_limit "export $format" \
    "$torikumi" export --db "$db" --year 2025 "${arguments[@]}" --output "$work/out.$format" --quiet
done
for format in csv xlsx; do
  within_limit "import $format" \
    "$torikumi" import "$work/out.$format" --db "$work/back-$format.db" --quiet
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
# The CSV and the workbook read back whole, the workbook's initiatives with their figures.
for format in csv xlsx; do
  "$torikumi" export --db "$work/back-$format.db" --year 2025 --format json --quiet |
    python3 -c 'import json, sys; s = json.load(sys.stdin); assert len(s["initiatives"]) == int(sys.argv[1]); assert sys.argv[2] == "csv" or any(i["indicators"] for i in s["initiatives"])' "$initiatives" "$format"
done
# The PDF's last page is numbered as the last of them all, and shows the last initiative.
pages=$(pdfinfo "$work/out.pdf" | awk '/^Pages:/ { print $2 }')
((pages > initiatives / 10)) || fail "the PDF has only $pages pages"
pdftotext -f "$pages" -l "$pages" "$work/out.pdf" - | tr -d ' \n' | grep -q "$pages/$pages" ||
  fail "the PDF's last page is not numbered $pages / $pages"
# (The generator ends each title with its No. in brackets.)
pdftotext -f "$pages" -l "$pages" "$work/out.pdf" - | tr -d '\n' | grep -q "（$initiatives）" ||
  fail "the PDF's last page does not show No. $initiatives"
echo "PASS: imports and exports of $initiatives initiatives stay under 256 MB"
