#!/usr/bin/env bash
# The server under a memory cap (RLIMIT_AS, what `ulimit -v` sets), on the release build:
# AddressSanitizer's shadow memory cannot live under one. A sheet upload that needs more
# memory than the cap leaves is answered 503 and changes nothing; an upload over the size
# limit is refused before it is read (413); exports of a large publication succeed or fail
# with 503; the server goes on serving throughout, and with the cap lifted the same upload
# goes through.
# Usage: memory_test.sh TORIKUMI_RELEASE_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
[[ -x $torikumi ]] || { echo "FAIL: no release build at $torikumi (make build)" >&2; exit 1; }
work=$(mktemp -d)
pid=""
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  [[ -f $work/serve.log ]] && tail -n 20 "$work/serve.log" >&2
  exit 1
}

seed=$source_dir/data/kawanishi-r7-process-sheet.tsv
db=$work/t.db
"$torikumi" import "$seed" --db "$db" --publish 2026-03-31 >/dev/null
printf '%s\n' 'memory-test-password-1' |
  "$torikumi" user add planner --db "$db" --name 企画 --role coordinator >/dev/null
"$torikumi" export --db "$db" --year 2025 --format json --output "$work/before.json"

# A sheet of about 24 MiB: 400 initiatives, each with a long overview.
"$(dirname "$0")/large_sheet.py" "$seed" "$work/large.tsv" 400 20000 11

port=$((20000 + RANDOM % 20000))
base=http://127.0.0.1:$port
"$torikumi" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
alive() {
  kill -0 "$pid" 2>/dev/null || fail "the server ended ($1)"
  curl -fsS "$base/healthz" >/dev/null || fail "no health after $1"
  curl -fsS "$base/2025/" | grep -q "取組" || fail "no list page after $1"
}
# Caps the server's address space at what it maps now and $1 MiB more: the soft limit
# only, which an unprivileged process (or a container without CAP_SYS_RESOURCE) can raise
# again.
cap() {
  local mapped
  mapped=$(awk '/^VmSize/ {print $2}' "/proc/$pid/status")
  prlimit --pid "$pid" --as=$(((mapped + $1 * 1024) * 1024)):unlimited
}

jar=$work/cookies
curl -fsS -c "$jar" -b "$jar" "$base/login" -o /dev/null
nonce=$(awk '$6 == "torikumi_login" {print $7}' "$jar")
status=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrf=$nonce" --data-urlencode login=planner \
  --data-urlencode password=memory-test-password-1 "$base/login")
[[ $status == 303 ]] || fail "sign-in answered $status"
csrf=$(curl -fsS -b "$jar" "$base/staff/account" | grep -o 'name="csrf" value="[^"]*"' | head -n 1 |
  sed 's/.*value="//; s/"$//')
[[ -n $csrf ]] || fail "no CSRF token on the account page"
upload() {
  curl -sS -b "$jar" -o "$work/reply.html" -w '%{http_code}' -F "csrf=$csrf" -F action=import \
    -F "file=@$1;type=text/tab-separated-values" "$base/staff/import"
}

# 24 MiB to read and a sheet to build from it, with 48 MiB to spare: memory runs out.
cap 48
status=$(upload "$work/large.tsv")
[[ $status == 503 ]] || fail "an upload beyond the memory cap answered $status"
grep -q "メモリが足りない" "$work/reply.html" || fail "the 503 does not say why: $(grep -o "<main.*" "$work/reply.html" | head -c 1500)"
alive "an upload beyond the memory cap"
"$torikumi" export --db "$db" --year 2025 --format json --output "$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "the failed upload changed the sheet"

# Over the upload limit (32 MiB): refused from its Content-Length, before the body is read.
head -c $((40 * 1024 * 1024)) /dev/zero >"$work/huge.tsv"
status=$(upload "$work/huge.tsv")
[[ $status == 413 ]] || fail "an upload over the limit answered $status"
alive "an upload over the limit"

# The cap lifted: the same upload goes through.
prlimit --pid "$pid" --as=unlimited:unlimited
status=$(upload "$work/large.tsv")
[[ $status == 200 ]] || fail "the upload without a cap answered $status: $(head -c 300 "$work/reply.html")"
grep -q "追加 396 件" "$work/reply.html" || fail "the upload's report: $(grep -o '追加[^<]*' "$work/reply.html")"

# A publication of the large sheet; its files made under a cap either come whole or fail
# with 503, and the server goes on.
sed '7s/DXに向けた事業再検証/DXに向けた事業再検証 (公開版)/' "$work/large.tsv" >"$work/published.tsv"
"$torikumi" import "$work/published.tsv" --db "$db" --publish 2026-04-01 | grep -q "2026-04-01 付けで公開しました" ||
  fail "the large sheet was not published"
sleep 0.5
files=$(curl -fsS "$base/2025/downloads/" | grep -o 'href="/2025/downloads/[^"]*"' | sed 's/href="//; s/"$//' | sort -u)
grep -q "2026-04-01" <<<"$files" || fail "the large publication's files are not listed: $files"
cap 48
for file in $files; do
  status=$(curl -sS -o "$work/download" -w '%{http_code}' "$base$file")
  case $status in
    200) [[ -s $work/download ]] || fail "$file came empty" ;;
    503) grep -q "メモリが足り" "$work/download" || fail "$file: 503 without the reason" ;;
    *) fail "$file under a memory cap answered $status" ;;
  esac
  echo "memory: $file under a 48 MiB margin: $status"
  alive "downloading $file"
done
echo "memory: upload 503 under the cap, 413 over the limit, 200 once lifted; the server served on"
