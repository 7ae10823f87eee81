#!/usr/bin/env bash
# The documents as a new user would open them: the XLSX in LibreOffice (headless), saved
# again by LibreOffice and as CSV, each imported back to the same JSON as the seed; the
# PDFs checked by poppler; CSV in both encodings imported back.
# Usage: documents_test.sh TORIKUMI_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

seed=$source_dir/data/kawanishi-r7-process-sheet.tsv
expected=$source_dir/data/kawanishi-r7-process-sheet.expected.json
"$torikumi" import "$seed" --db "$work/seed.db" >/dev/null

# Imports FILE into a fresh database (or DB, when given) and compares its JSON export with
# the seed's (or WANTED's).
round_trip() {
  local file=$1 wanted=${2:-$expected} db=${3:-}
  [[ -n $db ]] || db=$work/$(basename "$(dirname "$file")")-$(basename "$file").db
  "$torikumi" import "$file" --db "$db" >/dev/null || fail "import of $file"
  "$torikumi" export --db "$db" --year 2025 --format json --output "$db.json"
  cmp -s "$db.json" "$wanted" || { diff "$db.json" "$wanted" | head -20; fail "$file does not round-trip"; }
}

"$torikumi" export --db "$work/seed.db" --year 2025 --format xlsx --output "$work/sheet.xlsx"
round_trip "$work/sheet.xlsx"

# LibreOffice with a profile of its own, so that it runs beside any other instance.
soffice() {
  command soffice -env:UserInstallation=file://"$work/profile" --headless "$@" >/dev/null 2>&1
}
mkdir -p "$work/libreoffice"
soffice --convert-to xlsx --outdir "$work/libreoffice" "$work/sheet.xlsx"
[[ -s $work/libreoffice/sheet.xlsx ]] || fail "LibreOffice could not open and save the XLSX"
round_trip "$work/libreoffice/sheet.xlsx"
# UTF-8 CSV, as LibreOffice writes it from the workbook it opened.
soffice --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$work/libreoffice" "$work/sheet.xlsx"
round_trip "$work/libreoffice/sheet.csv"

for encoding in utf-8 cp932; do
  "$torikumi" export --db "$work/seed.db" --year 2025 --format csv --encoding $encoding \
    --output "$work/sheet-$encoding.csv" 2>/dev/null
  round_trip "$work/sheet-$encoding.csv"
done
head -c 3 "$work/sheet-utf-8.csv" | cmp -s - <(printf '\xEF\xBB\xBF') || fail "UTF-8 CSV without BOM"
grep -q $'\r$' "$work/sheet-cp932.csv" || fail "CSV without CRLF"

# The figures: the workbook's 指標 and 達成状況 worksheets, through LibreOffice too, and the
# indicators table in both encodings, imported beside a sheet that has none.
figures=$source_dir/tests/data/sheets/figures.json
figures_expected=$source_dir/tests/data/sheets/figures.expected.json
"$torikumi" import "$figures" --db "$work/figures.db" >/dev/null
"$torikumi" export --db "$work/figures.db" --year 2025 --format xlsx --output "$work/figures.xlsx"
round_trip "$work/figures.xlsx" "$figures_expected"
soffice --convert-to xlsx --outdir "$work/libreoffice" "$work/figures.xlsx"
[[ -s $work/libreoffice/figures.xlsx ]] || fail "LibreOffice could not open and save the figures' XLSX"
round_trip "$work/libreoffice/figures.xlsx" "$figures_expected"
python3 -c 'import json, sys
sheet = json.load(open(sys.argv[1]))
for i in sheet["initiatives"]:
    i.pop("indicators", None)
json.dump(sheet, open(sys.argv[2], "w"), ensure_ascii=False)' "$figures" "$work/no-indicators.json"
for encoding in utf-8 cp932; do
  "$torikumi" export --db "$work/figures.db" --year 2025 --format indicators --encoding $encoding \
    --output "$work/figures-$encoding-indicators.csv" 2>/dev/null
  "$torikumi" import "$work/no-indicators.json" --db "$work/indicators-$encoding.db" >/dev/null
  round_trip "$work/figures-$encoding-indicators.csv" "$figures_expected" "$work/indicators-$encoding.db"
done
# A page of the initiative's A4 PDF shows its achievement and its indicators' values.
"$torikumi" export --db "$work/figures.db" --year 2025 --format pdf --initiative 7 --output "$work/7.pdf"
pdftotext "$work/7.pdf" - > "$work/7.txt"
for wanted in 達成状況 "22.5%（5月時点）" "指標: 相談件数（件）" 目標への道筋 "215.5件（5月時点）" 窓口と電話; do
  grep -qF "$wanted" "$work/7.txt" || fail "initiative PDF lacks $wanted"
done
"$torikumi" export --db "$work/figures.db" --year 2025 --format pdf --output "$work/figures.pdf"
pdftotext "$work/figures.pdf" - | grep -qF "→ 達成状況 22.5%（5月時点）" || fail "sheet PDF lacks the achievement"

"$torikumi" export --db "$work/seed.db" --year 2025 --format pdf --output "$work/sheet.pdf"
pdfinfo "$work/sheet.pdf" | grep -q "Page size: *1190.55 x 841.89 pts (A3)" || fail "sheet PDF is not A3 landscape"
"$torikumi" export --db "$work/seed.db" --year 2025 --format pdf --initiative 3 --output "$work/3.pdf"
pdfinfo "$work/3.pdf" | grep -q "Page size: *595.28 x 841.89 pts (A4)" || fail "initiative PDF is not A4"
pdftotext "$work/3.pdf" - | grep -q "システム標準化への対応" || fail "initiative PDF lacks its title"
if "$torikumi" export --db "$work/seed.db" --year 2025 --format csv --initiative 3 2>/dev/null; then
  fail "--initiative accepted for CSV"
fi
if "$torikumi" import "$work/sheet.pdf" --db "$work/seed.db" 2>"$work/err"; then fail "PDF imported"; fi
grep -q "PDF は取り込めません" "$work/err" || fail "PDF import error: $(cat "$work/err")"
echo "documents: XLSX, LibreOffice XLSX and CSV, CSV UTF-8 and CP932, the figures' worksheets and indicators table round-trip; PDFs A3 and A4"
