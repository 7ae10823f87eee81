#!/usr/bin/env bash
# Documents of a city-sized sheet (300 initiatives, generated from the seed's vocabulary):
# torikumi's PDF and XLSX exports, each beside LibreOffice doing the same job in the same
# run: XLSX to PDF (how a city prints its sheet today) and CSV to XLSX. Wall time is the
# median of RUNS runs of the whole command; memory is the largest peak RSS of those runs.
# Usage: bench/documents.sh BUILD_DIR [RUNS]
set -euo pipefail
build=$1
runs=${2:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
torikumi=$build/torikumi

"$build/bench/torikumi-generate-sheets" --vocabulary "$here/data/kawanishi-r7-process-sheet.tsv" \
  --initiatives 300 --output "$work/sheets"
"$torikumi" import "$work/sheets/282171.tsv" --db "$work/city.db" >/dev/null

# Runs a command RUNS times; prints "median_seconds peak_kb".
measure() {
  local times=() peak=0
  for ((k = 0; k < runs; k++)); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
    read -r seconds kb <"$work/time"
    times+=("$seconds")
    ((kb > peak)) && peak=$kb
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v peak="$peak" '{a[NR]=$1} END {printf "%s %d\n", a[int((NR+1)/2)], peak}'
}

# LibreOffice with a profile of its own.
soffice=(soffice -env:UserInstallation=file://"$work/profile" --headless)

"$torikumi" export --db "$work/city.db" --year 2025 --format xlsx --output "$work/city.xlsx"
"$torikumi" export --db "$work/city.db" --year 2025 --format csv --output "$work/city.csv"
"${soffice[@]}" --convert-to pdf --outdir "$work/lo" "$work/city.xlsx" >/dev/null 2>&1  # LibreOffice's first start sets up its profile

read -r pdf_s pdf_kb < <(measure "$torikumi" export --db "$work/city.db" --year 2025 --format pdf --output "$work/city.pdf")
read -r lo_pdf_s lo_pdf_kb < <(measure "${soffice[@]}" --convert-to pdf --outdir "$work/lo" "$work/city.xlsx")
read -r xlsx_s xlsx_kb < <(measure "$torikumi" export --db "$work/city.db" --year 2025 --format xlsx --output "$work/out.xlsx")
read -r lo_xlsx_s lo_xlsx_kb < <(measure "${soffice[@]}" --convert-to xlsx --outdir "$work/lo" "$work/city.csv")
pages=$(pdfinfo "$work/city.pdf" | awk '/^Pages:/ {print $2}')
lo_pages=$(pdfinfo "$work/lo/city.pdf" | awk '/^Pages:/ {print $2}')

row() {  # name, ours s, ours kb, baseline name, baseline s, baseline kb
  awk -v n="$1" -v s="$2" -v kb="$3" -v b="$4" -v bs="$5" -v bkb="$6" 'BEGIN {
    printf "%-34s %7.3f s %5d MB   %-34s %7.3f s %5d MB   %5.1fx faster\n", n, s, kb / 1024, b, bs, bkb / 1024, bs / s }'
}
echo "Documents of a 300-initiative sheet: median of $runs runs, peak memory ($(nproc) cores)"
printf '%-34s %17s   %-34s %17s   %s\n' "torikumi" "time    memory" "baseline, same run" "time    memory" "ratio"
row "export --format pdf ($pages pages, A3)" "$pdf_s" "$pdf_kb" "LibreOffice XLSX to PDF ($lo_pages pages)" "$lo_pdf_s" "$lo_pdf_kb"
row "export --format xlsx" "$xlsx_s" "$xlsx_kb" "LibreOffice CSV to XLSX" "$lo_xlsx_s" "$lo_xlsx_kb"

# /healthz while the public initiative PDFs are built for the first time (each built once on
# the document workers, apart from the I/O threads), beside /healthz on the idle server.
"$torikumi" import "$work/sheets/282171.tsv" --db "$work/served.db" --publish 2026-03-31 >/dev/null
port=$((20000 + RANDOM % 10000))
"$torikumi" serve --db "$work/served.db" --listen "127.0.0.1:$port" >/dev/null 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done
healthz_p99() {  # → p99 of /healthz in ms over 4 s with 4 connections
  wrk -t1 -c4 -d4s --latency "$base/healthz" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / 99%/ { print ms($2) }'
}
idle=$(healthz_p99)
seq 1 300 | xargs -P 8 -I{} curl -fs -o /dev/null "$base/2025/initiatives/{}.pdf" &
builders=$!
sleep 0.5
busy=$(healthz_p99)
wait $builders
kill $server; wait $server 2>/dev/null || true
awk -v b="$busy" -v i="$idle" 'BEGIN {
  printf "%-34s %7.2f ms          %-34s %7.2f ms\n", "/healthz p99 while PDFs are built", b, "/healthz p99, idle server", i }'
