#!/usr/bin/env bash
# PostgreSQL's own backup of a torikumi database: pg_dump, pg_restore into a new database,
# and the restored database exports the same sheet, publications and users.
# Usage (under with_postgres.sh): pg_dump_test.sh TORIKUMI_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
server=${TORIKUMI_TEST_POSTGRES%/*}
bin=$TORIKUMI_TEST_POSTGRES_BIN

"$bin/psql" -q -d "$TORIKUMI_TEST_POSTGRES" -c "CREATE DATABASE dumped" -c "CREATE DATABASE restored"
"$torikumi" import "$source_dir/data/kawanishi-r7-process-sheet.tsv" --db "$server/dumped" \
  --publish 2026-03-31 >/dev/null
"$torikumi" export --db "$server/dumped" --year 2025 --format json --output "$work/before.json"
"$bin/pg_dump" --format=custom --file="$work/torikumi.dump" "$server/dumped"
"$bin/pg_restore" --dbname="$server/restored" "$work/torikumi.dump"
"$torikumi" export --db "$server/restored" --year 2025 --format json --output "$work/after.json"
cmp -s "$work/before.json" "$work/after.json" || fail "the restored database exports otherwise"
"$torikumi" export --db "$server/restored" --year 2025 --format pdf --output "$work/after.pdf"
[[ -s $work/after.pdf ]] || fail "no PDF from the restored database"
"$torikumi" audit verify --db "$server/restored" >/dev/null || fail "the audit chain broke in the round trip"
echo "pg_dump: round trip exports the same sheet; audit chain intact"
