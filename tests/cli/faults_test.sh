#!/usr/bin/env bash
# The command line on a failing machine: damaged and foreign database files are refused with
# nothing written; a full disk (the file-size limit, which the kernel enforces as it does a
# full disk: the write fails, EFBIG) fails imports, exports and backups with exit status 75
# and a message, leaving no file under the asked name and the database as it was.
# Usage: faults_test.sh TORIKUMI_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

seed=$source_dir/data/kawanishi-r7-process-sheet.tsv
db=$work/t.db
"$torikumi" import "$seed" --db "$db" >/dev/null
"$torikumi" export --db "$db" --year 2025 --format json --output "$work/before.json"

# Runs the command; expects exit status $1 and stderr containing $2.
expect_refusal() {
  local status=$1 words=$2
  shift 2
  set +e
  err=$("$@" 2>&1 >/dev/null)
  got=$?
  set -e
  [[ $got -eq $status ]] || fail "$* exited $got, not $status: $err"
  grep -q -- "$words" <<<"$err" || fail "$* did not say '$words': $err"
}
integrity() {
  python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])' "$1"
}

# --- Damaged and foreign files: exit 2, the file byte for byte as it was.
cp "$seed" "$work/notadb.db"
expect_refusal 2 "SQLite のデータベースではないか、壊れています" \
  "$torikumi" export --db "$work/notadb.db" --year 2025
cmp -s "$seed" "$work/notadb.db" || fail "a non-database file was written to"
[[ ! -e $work/notadb.db-wal ]] || fail "a non-database file got a write-ahead log"

size=$(stat -c %s "$db")
head -c $((size / 2)) "$db" >"$work/truncated.db"
cp "$work/truncated.db" "$work/truncated.orig"
expect_refusal 2 "壊れています" "$torikumi" export --db "$work/truncated.db" --year 2025
cmp -s "$work/truncated.db" "$work/truncated.orig" || fail "a truncated database was written to"

# A b-tree page's type byte flipped: the page is no page of any kind.
cp "$db" "$work/flipped.db"
python3 - "$work/flipped.db" <<'EOF'
import sys
with open(sys.argv[1], "r+b") as f:
    header = f.read(100)
    page_size = int.from_bytes(header[16:18], "big") or 65536
    pages = int.from_bytes(header[28:32], "big")
    f.seek(page_size * (pages - 1))
    f.write(bytes([f.read(1)[0] ^ 0x5a]))
EOF
cp "$work/flipped.db" "$work/flipped.orig"
expect_refusal 2 "壊れています" "$torikumi" import "$seed" --db "$work/flipped.db"
cmp -s "$work/flipped.db" "$work/flipped.orig" || fail "a damaged database was written to"

python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE orders (id INTEGER)"); c.commit()' "$work/foreign.db"
cp "$work/foreign.db" "$work/foreign.orig"
expect_refusal 2 "torikumi のデータベースではありません" \
  "$torikumi" import "$seed" --db "$work/foreign.db"
cmp -s "$work/foreign.db" "$work/foreign.orig" || fail "another program's database was written to"

# Backups: one from a newer torikumi, a damaged one, a file that is none. No new file.
"$torikumi" backup "$work/backup.db" --db "$db" >/dev/null
cp "$work/backup.db" "$work/newer.db"
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("INSERT INTO schema_migration VALUES (999, \"2030-01-01\")"); c.commit()' "$work/newer.db"
expect_refusal 2 "新しい版" "$torikumi" restore "$work/newer.db" --db "$work/r1.db"
[[ ! -e $work/r1.db ]] || fail "a refused restore left a database"
expect_refusal 2 "新しい torikumi で開いてください" \
  "$torikumi" export --db "$work/newer.db" --year 2025
expect_refusal 2 "SQLite のデータベースではないか" "$torikumi" restore "$seed" --db "$work/r2.db"
[[ ! -e $work/r2.db ]] || fail "restoring a non-database left a database"
expect_refusal 2 "壊れています" "$torikumi" restore "$work/truncated.db" --db "$work/r3.db"
[[ ! -e $work/r3.db ]] || fail "restoring a damaged backup left a database"
expect_refusal 2 "torikumi のデータベースではありません" \
  "$torikumi" restore "$work/foreign.db" --db "$work/r4.db"
[[ ! -e $work/r4.db ]] || fail "restoring another program's database left a database"

# --- A full disk. Every file this process writes may grow to 40 KiB (the database's shared
# memory index needs 32 KiB).
limit_kib=40
big=$work/big.tsv
"$(dirname "$0")/large_sheet.py" "$seed" "$big" 40 1500 7
"$torikumi" import "$big" --db "$work/big.db" >/dev/null
for format in pdf xlsx csv json; do
  expect_refusal 75 "ディスクの空き" bash -c \
    'ulimit -f '$limit_kib'; exec "$@"' _ "$torikumi" export --db "$work/big.db" --year 2025 \
    --format "$format" --output "$work/out.$format"
  [[ ! -e $work/out.$format && ! -e $work/out.$format.partial ]] ||
    fail "a failed $format export left a file"
done
expect_refusal 75 "ディスクの空きが足りない" bash -c \
  'ulimit -f '$limit_kib'; exec "$@"' _ "$torikumi" backup "$work/big-backup.db" --db "$work/big.db"
[[ ! -e $work/big-backup.db && ! -e $work/big-backup.db.partial ]] || fail "a failed backup left a file"

# An import into a database the disk has no room for: refused whole, the database intact.
expect_refusal 75 "ディスクの空きが足りない" bash -c \
  'ulimit -f '$limit_kib'; exec "$@"' _ "$torikumi" import "$big" --db "$db"
[[ $(integrity "$db") == ok ]] || fail "integrity_check after a full disk: $(integrity "$db")"
"$torikumi" export --db "$db" --year 2025 --format json --output "$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "a refused import changed the database"
# Room again: the same import goes through.
"$torikumi" import "$big" --db "$db" >/dev/null
[[ $(integrity "$db") == ok ]] || fail "integrity_check after the import"
echo "faults: damaged, foreign and newer files refused; full disk refused imports, exports, backups"
