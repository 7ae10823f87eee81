#!/usr/bin/env bash
# Progress of import, export and backup as a person at a terminal and a script see it: on a
# terminal (a pseudo-terminal, from script(1)) a bar redrawn in place with counts; on a pipe
# plain lines, no carriage returns or escape sequences; with --quiet nothing; standard
# output holds only the result in every case.
# Usage: progress_test.sh TORIKUMI_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
seed=$source_dir/data/kawanishi-r7-process-sheet.tsv
bar=$'\r\e[K'

# What COMMAND shows on a terminal, standard output and error together.
on_terminal() {
  script --quiet --return --command "$1" "$work/typescript" >/dev/null ||
    fail "$1 failed on a terminal"
  cat "$work/typescript"
}

# Import: the bar of each step, ending at 100%, then the result.
shown=$(on_terminal "'$torikumi' import '$seed' --db '$work/terminal.db'")
grep -qF "${bar}書き込み [" <<<"$shown" || fail "no bar for the rows written on a terminal"
grep -Eq "書き込み \[=+\] 100%  [0-9,]+ / [0-9,]+ 行" <<<"$shown" ||
  fail "the bar does not end full with its counts: $shown"
grep -q "から取り込みました" <<<"$shown" || fail "no result after the bar"
shown=$(on_terminal "'$torikumi' import '$seed' --db '$work/terminal-quiet.db' --quiet")
! grep -q "書き込み" <<<"$shown" || fail "--quiet drew progress on a terminal"
grep -q "から取り込みました" <<<"$shown" || fail "--quiet hid the result"

# On a pipe: lines only, on standard error.
"$torikumi" import "$seed" --db "$work/pipe.db" 2>"$work/import.err" | cat >"$work/import.out"
! grep -q $'[\r\e]' "$work/import.err" || fail "carriage returns or escapes on a pipe"
grep -Eq '^書き込み: [0-9,]+ / [0-9,]+ 行 \(100%\)$' "$work/import.err" ||
  fail "no line for the rows written: $(cat "$work/import.err")"
grep -q "から取り込みました" "$work/import.out" || fail "the result is not on standard output"
! grep -q "書き込み" "$work/import.out" || fail "progress on standard output"
"$torikumi" import "$seed" --db "$work/pipe-quiet.db" --quiet 2>"$work/quiet.err" >/dev/null
[[ ! -s $work/quiet.err ]] || fail "--quiet wrote: $(cat "$work/quiet.err")"

# Export: the PDF's rows laid out and pages drawn; the XLSX's rows; JSON to standard
# output stays clean while progress goes beside it.
shown=$(on_terminal "'$torikumi' export --db '$work/pipe.db' --year 2025 --format pdf -o '$work/sheet.pdf'")
grep -qF "${bar}割り付け [" <<<"$shown" || fail "no bar for the PDF's layout"
grep -Eq "描画 \[=+\] 100%  [0-9,]+ / [0-9,]+ ページ" <<<"$shown" || fail "no bar for the PDF's pages"
"$torikumi" export --db "$work/pipe.db" --year 2025 --format xlsx -o "$work/sheet.xlsx" 2>"$work/export.err"
grep -Eq '^書き出し: [0-9,]+ / [0-9,]+ 行 \(100%\)$' "$work/export.err" ||
  fail "no line for the XLSX's rows: $(cat "$work/export.err")"
"$torikumi" export --db "$work/pipe.db" --year 2025 --format json 2>"$work/json.err" >"$work/sheet.json"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$work/sheet.json" ||
  fail "progress mixed into the exported JSON"
grep -q '^読み込み…$' "$work/json.err" || fail "no line for loading the sheet"

# Backup: the pages copied.
shown=$(on_terminal "'$torikumi' backup '$work/backup.db' --db '$work/pipe.db'")
grep -Eq "コピー \[=+\] 100%  [0-9,]+ / [0-9,]+ ページ" <<<"$shown" || fail "no bar for the backup"
"$torikumi" backup "$work/backup2.db" --db "$work/pipe.db" --quiet 2>"$work/backup.err" >/dev/null
[[ ! -s $work/backup.err ]] || fail "--quiet backup wrote: $(cat "$work/backup.err")"
echo "progress: terminal bars, pipe lines and --quiet for import, export and backup"
