#!/usr/bin/env bash
# The command line as a user runs it: import, re-import, export, a refused bad file, serve.
# Usage: cli_test.sh TORIKUMI_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
work=$(mktemp -d)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

seed=$source_dir/data/kawanishi-r7-process-sheet.tsv
db=$work/t.db

out=$("$torikumi" import "$seed" --db "$db" --publish 2026-03-31)
grep -q "追加 4 件" <<<"$out" || fail "first import: $out"
grep -q "2026-03-31 付けで公開しました" <<<"$out" || fail "publish on import: $out"
out=$("$torikumi" import "$seed" --db "$db")
grep -q "変更はありません" <<<"$out" || fail "re-import: $out"

"$torikumi" export --db "$db" --year 2025 --format json --output "$work/out.json"
cmp -s "$work/out.json" "$source_dir/data/kawanishi-r7-process-sheet.expected.json" ||
  fail "JSON export differs from the expected JSON"

"$torikumi" export --db "$db" --year 2025 --format csv --encoding cp932 --output "$work/out.csv" \
  2>"$work/substitutions.txt"
[[ -s $work/out.csv ]] || fail "CP932 CSV is empty"

# A bad file: the second initiative row cut short. Exit status 2, the line named, nothing written.
{ head -n 7 "$seed"; head -n 8 "$seed" | tail -n 1 | cut -f1-5; } >"$work/bad.tsv"
cp "$db" "$work/before.db"
set +e
err=$("$torikumi" import "$work/bad.tsv" --db "$db" 2>&1)
status=$?
set -e
[[ $status -eq 2 ]] || fail "bad file exit status $status: $err"
grep -q "bad.tsv:8:" <<<"$err" || fail "bad file error does not name line 8: $err"
"$torikumi" export --db "$db" --year 2025 --output "$work/after.json"
cmp -s "$work/after.json" "$work/out.json" || fail "a refused import changed the database"

set +e
"$torikumi" export --db "$db" --year 2030 >/dev/null 2>&1
status=$?
set -e
[[ $status -eq 3 ]] || fail "missing year exit status $status"

# serve on a free port and fetch a page.
port=$((20000 + RANDOM % 20000))
"$torikumi" serve --db "$db" --listen "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/2025/" | grep -q "DXに向けた事業再検証" || fail "served list"
grep -q "ログイン名: admin" "$work/serve.log" || fail "no administrator credentials printed: $(cat "$work/serve.log")"
password=$(sed -n 's/.*パスワード: //p' "$work/serve.log")
[[ ${#password} -ge 10 ]] || fail "administrator password too short"
kill -TERM "$server_pid"
wait "$server_pid" || fail "serve did not stop cleanly on SIGTERM"
server_pid=""

# The administrator is created once: a second start prints no credentials.
"$torikumi" serve --db "$db" --listen "127.0.0.1:$port" >"$work/serve2.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
kill -TERM "$server_pid"
wait "$server_pid" || true
server_pid=""
grep -q "パスワード" "$work/serve2.log" && fail "credentials printed twice"

# Section editors in one command, their passwords shown once.
out=$("$torikumi" user add-sections --db "$db" --year 2025)
grep -q "企画政策課" <<<"$out" && grep -q "ICT推進課" <<<"$out" || fail "add-sections: $out"
out=$("$torikumi" user list --db "$db")
grep -q "section01" <<<"$out" || fail "user list: $out"
printf 'short\n' | "$torikumi" user passwd section01 --db "$db" 2>/dev/null && fail "short password accepted"
# 人事異動 from a CSV: a bad row is refused with its line and changes nothing; a good file
# says what it changed. Then one user by hand, a password reset and a token revoked.
printf 'ログイン名,表示名,役割,担当課\nsection01,一課,所管課担当,ICT推進課\nnew01,新人,所管課担当,\n' >"$work/bad-users.csv"
err=$("$torikumi" user import "$work/bad-users.csv" --year 2025 --db "$db" 2>&1) && fail "bad users accepted"
grep -q "bad-users.csv:3:" <<<"$err" || fail "bad users error: $err"
"$torikumi" user list --db "$db" | grep -q "new01" && fail "a refused CSV added a user"
printf 'section01,一課,所管課担当,ICT推進課\nnew01,新人,editor,企画政策課\n' >"$work/users.csv"
out=$("$torikumi" user import "$work/users.csv" --year 2025 --db "$db")
grep -q "追加 1 人, 変更 1 人" <<<"$out" || fail "users import: $out"
out=$("$torikumi" user update new01 --role viewer --sections "" --db "$db")
grep -q "変更しました" <<<"$out" || fail "user update: $out"
"$torikumi" user list --db "$db" | grep "^new01" | grep -q viewer || fail "role not changed"
[ "$("$torikumi" user reset-password new01 --db "$db" | head -1 | wc -c)" -gt 10 ] || fail "reset-password"
err=$("$torikumi" user reset-second-factor new01 --db "$db" 2>&1) && fail "reset of no second factor"
grep -q "二段階認証は設定されていません" <<<"$err" || fail "reset-second-factor: $err"
# The audit log's hash chain holds after all of the above.
"$torikumi" audit verify --db "$db" | grep -q "異常なし" || fail "audit verify"
"$torikumi" user token new01 --name 連携 --db "$db" >/dev/null
id=$("$torikumi" user tokens new01 --db "$db" | cut -f1)
"$torikumi" user revoke-token new01 "$id" --db "$db" | grep -q "取り消しました" || fail "revoke-token"
[ -z "$("$torikumi" user tokens new01 --db "$db")" ] || fail "token not revoked"
# Backup, and restore onto an empty database: the same sheet comes back.
"$torikumi" backup "$work/backup.db" --db "$db" >/dev/null
"$torikumi" backup "$work/backup.db" --db "$db" >/dev/null 2>&1 && fail "backup overwrote a file"
"$torikumi" restore "$work/backup.db" --db "$work/restored.db" >/dev/null
"$torikumi" export --db "$work/restored.db" --year 2025 --output "$work/restored.json"
cmp -s "$work/restored.json" "$work/out.json" || fail "restored export differs"
"$torikumi" user list --db "$work/restored.db" | grep -q section01 || fail "users not restored"
"$torikumi" restore "$work/backup.db" --db "$db" >/dev/null 2>&1 && fail "restored over a database in use"
# The installation's own municipality named: every export's title says it.
"$torikumi" municipality name 282170 --name 川西市 --db "$db" >/dev/null 2>&1 && fail "bad code accepted"
"$torikumi" municipality name 282171 --name 川西市 --db "$db" | grep -q "川西市 (282171)" ||
  fail "municipality name"
"$torikumi" municipality list --db "$db" | grep -q "^282171	川西市" || fail "municipality list"
"$torikumi" export --db "$db" --year 2025 --format tsv --output "$work/named.tsv"
grep -q "川西市 令和7年度 取組実施プロセスシート" "$work/named.tsv" || fail "TSV title without the name"
echo "cli test passed"
