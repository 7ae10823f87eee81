#!/usr/bin/env bash
# The staff workspace at month's end, on one backend: a generated sheet of INITIATIVES (each
# with three indicators reported for several months and the 全体達成率 stated), its staff
# list, an initiative, the board and the dashboard read by a signed-in coordinator under 32
# connections (wrk, gzip asked for as browsers ask), and the month's progress saved by 32
# editors at once, each on their own initiative through the API (bench/saves.lua), each
# beside the same server's /healthz in the same run.
# Usage: bench/workspace.sh BUILD_DIR sqlite|postgresql INITIATIVES WORK_DIR
# For postgresql, run under tests/store/with_postgres.sh (TORIKUMI_TEST_POSTGRES).
set -euo pipefail
build=$1
backend=$2
initiatives=$3
work=$4
here=$(cd "$(dirname "$0")/.." && pwd)
torikumi=$build/torikumi
seconds=${BENCH_SECONDS:-5}
password='bench password 2025'
export PGOPTIONS="-c client_min_messages=warning"

sheets=$work/figures-$initiatives
if [[ ! -f $sheets/282171.json ]]; then
  "$build/bench/torikumi-generate-sheets" --vocabulary "$here/data/kawanishi-r7-process-sheet.tsv" \
    --initiatives "$initiatives" --output "$sheets" --figures
fi

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

db=$(database "workspace_$initiatives")
"$torikumi" import "$sheets/282171.json" --db "$db" >/dev/null
"$torikumi" user add coordinator --name 企画 --role coordinator --db "$db" <<<"$password" >/dev/null 2>&1

serve() {  # database → sets server_pid, base
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

# Signs LOGIN in through the login form → the Cookie header its browser would send.
sign_in() {
  local jar=$work/cookies-$1
  rm -f "$jar"
  local csrf
  csrf=$(curl -fs -c "$jar" -b "$jar" "$base/login" | grep -o 'name="csrf" value="[^"]*"' | sed 's/.*value="//; s/"$//')
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode "login=$1" --data-urlencode "password=$password" "$base/login"
  # Cookie lines, HttpOnly ones included (curl marks them #HttpOnly_).
  sed -n 's/^#HttpOnly_//; /^#/d; /^$/d; p' "$jar" | awk -F'\t' '{printf "%s%s=%s", (n++ ? "; " : ""), $6, $7}'
}

# wrk's report on stdin → "requests/s p50_ms p99_ms"; fails when an answer was not 2xx.
figures() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rate = $2 } / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { if (bad) { print "wrk: " bad " answers were not 2xx" > "/dev/stderr"; exit 1 } print rate, p50, p99 }'
}

# wrk on URL with 32 connections → figures, as the signed-in browser asks.
load() {
  wrk -t2 -c32 -d"${seconds}s" --latency -H "Accept-Encoding: gzip, deflate, br" \
    -H "Cookie: $cookie" "$1" | figures
}

# 32 editors, each given the section of a different initiative and an API token, as lines
# "token<TAB>no" for bench/saves.lua.
editors=$work/editors-$backend-$initiatives.tsv
: >"$editors"
mapfile -t owned < <(jq -r '.initiatives[] | "\(.no)\t\(.section)"' "$sheets/282171.json")
for k in $(seq 0 31); do
  IFS=$'\t' read -r no section <<<"${owned[$((k * initiatives / 32))]}"
  "$torikumi" user add "editor$k" --name "担当$k" --role editor --sections "$section" --db "$db" \
    <<<"$password" >/dev/null 2>&1
  printf '%s\t%s\n' "$("$torikumi" user token "editor$k" --db "$db" 2>/dev/null)" "$no" >>"$editors"
done

serve "$db"
cookie=$(sign_in coordinator)
curl -fs -o /dev/null -H "Cookie: $cookie" "$base/staff/2025/dashboard" ||
  { echo "the coordinator's dashboard did not answer" >&2; exit 1; }
read -r healthz healthz_p50 healthz_p99 < <(load "$base/healthz")
middle=$((initiatives / 2))
for page in "staff list of $initiatives|/staff/2025/" "initiative with 3 indicators|/staff/2025/initiatives/$middle" \
            "board|/staff/2025/board" "dashboard, $((3 * initiatives)) indicators|/staff/2025/dashboard"; do
  read -r rate p50 p99 < <(load "$base${page#*|}")
  row "${page%|*} (-c32) req/s" "$rate" "req/s" "/healthz, same server" "$healthz"
  row "${page%|*} p50 ms" "$p50" "ms" "/healthz p50 ms" "$healthz_p50"
  row "${page%|*} p99 ms" "$p99" "ms" "/healthz p99 ms" "$healthz_p99"
done
# A second of saves first, as a server at month's end has been saving for a while: its
# writer connected, its statements prepared, each token's first use in the hour recorded.
# The saves it left in flight end before the measured ones begin.
wrk -t32 -c32 -d1s -s "$here/bench/saves.lua" "$base" -- "$editors" | figures >/dev/null
sleep 1
read -r rate p50 p99 < <(wrk -t32 -c32 -d"${seconds}s" --latency -s "$here/bench/saves.lua" "$base" -- "$editors" | figures)
row "progress saves, 32 editors (-c32) saves/s" "$rate" "req/s" "/healthz, same server" "$healthz"
row "progress saves p50 ms" "$p50" "ms" "/healthz p50 ms" "$healthz_p50"
row "progress saves p99 ms" "$p99" "ms" "/healthz p99 ms" "$healthz_p99"
kill $server_pid; wait $server_pid 2>/dev/null || true
