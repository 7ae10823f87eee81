#!/usr/bin/env bash
# The city and the whole country on one backend: the import rate of the national dataset
# (MUNICIPALITIES × 300 generated initiatives, each municipality's sheet published) beside a
# plain bulk load of the same rows (the sqlite3 shell's .import, PostgreSQL's COPY); the
# public list, a detail page and a search under 4 and 32 connections (wrk) beside the same
# server's /healthz (asked for gzip, as browsers ask; the list also without); search across
# every municipality for words of two, three and five characters; the server's peak memory
# with the city and with the country.
# Usage: bench/national.sh BUILD_DIR sqlite|postgresql MUNICIPALITIES WORK_DIR
# For postgresql, run under tests/store/with_postgres.sh (TORIKUMI_TEST_POSTGRES).
set -euo pipefail
build=$1
backend=$2
municipalities=$3
work=$4
here=$(cd "$(dirname "$0")/.." && pwd)
torikumi=$build/torikumi
seconds=${BENCH_SECONDS:-5}
export PGOPTIONS="-c client_min_messages=warning"

sheets=$work/national
if [[ ! -d $sheets ]]; then
  "$build/bench/torikumi-generate-sheets" --vocabulary "$here/data/kawanishi-r7-process-sheet.tsv" \
    --municipalities "$municipalities" --initiatives 300 --output "$sheets"
fi
mkdir -p "$work/city"
cp "$sheets/282171.tsv" "$work/city/"

# A database location for NAME on this backend, created empty.
database() {
  if [[ $backend == sqlite ]]; then
    rm -f "$work/$1.db" "$work/$1.db-wal" "$work/$1.db-shm"
    echo "$work/$1.db"
  else
    psql -q "$TORIKUMI_TEST_POSTGRES" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
    echo "${TORIKUMI_TEST_POSTGRES%/*}/$1"
  fi
}

row() {  # measure, value, unit, baseline, baseline value
  awk -v backend="$backend" -v m="$1" -v v="$2" -v u="$3" -v b="$4" -v bv="$5" 'BEGIN {
    printf "%-11s %-44s %12.1f %-7s %-32s %12.1f   %6.2fx\n", backend, m, v, u, b, bv, (bv > 0 ? v / bv : 0) }'
}

# --- Import ---
city_db=$(database city)
national_db=$(database national)
"$build/bench/torikumi-load-sheets" --db "$city_db" "$work/city" >/dev/null
start=$(date +%s.%N)
loaded=$("$build/bench/torikumi-load-sheets" --db "$national_db" "$sheets")
import_rate=$(awk '{print $7}' <<<"$loaded")
import_alone_rate=$(awk '{print $(NF-1)}' <<<"$loaded")
initiatives=$(awk '{print $3}' <<<"$loaded")
# The same rows, as a bulk loader takes them: the sheets' data rows in one table of text.
rows=$work/rows.tsv
if [[ ! -f $rows ]]; then
  for f in "$sheets"/*.tsv; do tail -n +6 "$f"; done >"$rows"
fi
if [[ $backend == sqlite ]]; then
  rm -f "$work/plain.db"
  sqlite3 "$work/plain.db" "CREATE TABLE sheet_row (c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14)"
  start=$(date +%s.%N)
  sqlite3 "$work/plain.db" -cmd ".mode tabs" ".import $rows sheet_row" 2>/dev/null
  end=$(date +%s.%N)
  plain=$(sqlite3 "$work/plain.db" "SELECT COUNT(*) FROM sheet_row")
  baseline="sqlite3 .import into one table"
else
  plain_db=$(database plain)
  psql -q "$plain_db" -c "CREATE TABLE sheet_row (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text, c10 text, c11 text, c12 text, c13 text, c14 text)"
  start=$(date +%s.%N)
  psql -q "$plain_db" -c "\\copy sheet_row FROM '$rows' WITH (FORMAT csv, DELIMITER E'\\t')"
  end=$(date +%s.%N)
  plain=$(psql -qtA "$plain_db" -c "SELECT COUNT(*) FROM sheet_row")
  baseline="COPY into one table"
fi
plain_rate=$(awk -v n="$plain" -v a="$start" -v b="$end" 'BEGIN {print n / (b - a)}')
row "import and publish $initiatives (rows/s)" "$import_rate" "rows/s" "$baseline" "$plain_rate"
row "  of which importing alone (rows/s)" "$import_alone_rate" "rows/s" "$baseline" "$plain_rate"

# --- Serving ---
serve() {  # database → sets server_pid, base
  # Ports below the kernel's ephemeral range (32768 and up), which wrk's connections use;
  # a port taken all the same makes the server exit, and another is tried.
  for attempt in 1 2 3 4 5; do
    local port=$((20000 + RANDOM % 10000))
    "$torikumi" serve --db "$1" --listen "127.0.0.1:$port" >/dev/null 2>"$work/serve.log" &
    server_pid=$!
    base="http://127.0.0.1:$port"
    for _ in $(seq 100); do
      curl -fs "$base/healthz" >/dev/null && return
      kill -0 $server_pid 2>/dev/null || break
      sleep 0.1
    done
    kill $server_pid 2>/dev/null || true
    wait $server_pid 2>/dev/null || true
  done
  echo "server did not start:" >&2
  cat "$work/serve.log" >&2
  exit 1
}
# wrk on URL with N connections → "requests/s p50_ms p99_ms". It asks as browsers do, for
# gzip; with a third argument "plain", for the page uncompressed.
load() {
  local encoding=(-H "Accept-Encoding: gzip, deflate, br")
  [[ ${3:-} == plain ]] && encoding=()
  wrk -t2 -c"$2" -d"${seconds}s" --latency ${encoding[@]+"${encoding[@]}"} "$1" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rate = $2 } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
    END { print rate, p50, p99 }'
}
peak_mb() { awk '/VmHWM/ {print $2 / 1024}' "/proc/$1/status"; }

city_code=282171
words=("%E5%A7%94%E5%93%A1" "%E5%A7%94%E5%93%A1%E4%BC%9A" "%E8%A1%8C%E8%B2%A1%E6%94%BF%E6%94%B9%E9%9D%A9")  # 委員, 委員会, 行財政改革
serve "$national_db"
for connections in 4 32; do
  read -r healthz _ _ < <(load "$base/healthz" $connections)
  read -r rate p50 p99 < <(load "$base/m/$city_code/2025/" $connections)
  row "list of 300 (-c$connections) req/s" "$rate" "req/s" "/healthz, same server" "$healthz"
  row "list of 300 (-c$connections) p50 / p99 ms" "$p50" "ms" "p99 ms" "$p99"
  read -r rate _ _ < <(load "$base/m/$city_code/2025/" $connections plain)
  row "list of 300, no gzip (-c$connections) req/s" "$rate" "req/s" "/healthz, same server" "$healthz"
  read -r rate p50 p99 < <(load "$base/m/$city_code/2025/initiatives/150" $connections)
  row "detail page (-c$connections) req/s" "$rate" "req/s" "/healthz, same server" "$healthz"
  read -r rate p50 p99 < <(load "$base/m/$city_code/2025/?q=${words[2]}" $connections)
  row "search in the city (-c$connections) req/s" "$rate" "req/s" "/healthz, same server" "$healthz"
done
for k in 0 1 2; do
  read -r rate p50 p99 < <(load "$base/search?q=${words[$k]}" 4)
  row "national search $((k == 2 ? 5 : k + 2)) chars p50 / p99 ms" "$p50" "ms" "p99 ms" "$p99"
done
national_peak=$(peak_mb $server_pid)
kill $server_pid; wait $server_pid 2>/dev/null || true
serve "$city_db"
load "$base/m/$city_code/2025/" 32 >/dev/null
load "$base/m/$city_code/2025/initiatives/150" 32 >/dev/null
city_peak=$(peak_mb $server_pid)
kill $server_pid; wait $server_pid 2>/dev/null || true
row "server peak memory, city (MB)" "$city_peak" "MB" "target" 64
row "server peak memory, national (MB)" "$national_peak" "MB" "target" 512
