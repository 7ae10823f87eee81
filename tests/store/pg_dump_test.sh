#!/usr/bin/env bash
# PostgreSQL's own backup of a torikumi database: pg_dump, pg_restore into a new database,
# and the restored database exports the same sheet, publications and users. Then the
# scheduled backup (the systemd timer's), which runs pg_dump itself, keeps the newest N.
# Usage (under with_postgres.sh): pg_dump_test.sh TORIKUMI_BINARY SOURCE_DIR
set -euo pipefail
torikumi=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
server=${TORIKUMI_TEST_POSTGRES%/*}
bin=$TORIKUMI_TEST_POSTGRES_BIN

"$bin/psql" -q -d "$TORIKUMI_TEST_POSTGRES" -c "CREATE DATABASE dumped" -c "CREATE DATABASE restored" \
  -c "CREATE DATABASE scheduled"
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

# The scheduled backup finds pg_dump on the PATH, as the service does.
for _ in 1 2 3; do
  PATH="$bin:$PATH" TORIKUMI_BACKUP_FOLDER="$work/backups" TORIKUMI_BACKUP_KEEP=2 \
    "$torikumi" backup --scheduled --db "$server/dumped" >/dev/null
  sleep 1.1  # the backups are named by the second
done
mapfile -t dumps < <(ls "$work/backups")
((${#dumps[@]} == 2)) || fail "the scheduled backups kept ${#dumps[@]}, not the newest 2: ${dumps[*]}"
[[ ${dumps[1]} =~ ^torikumi-[0-9]{8}T[0-9]{6}\.dump$ ]] || fail "a scheduled backup is named ${dumps[1]}"
"$bin/pg_restore" --dbname="$server/scheduled" "$work/backups/${dumps[1]}"
"$torikumi" export --db "$server/scheduled" --year 2025 --format json --output "$work/scheduled.json"
cmp -s "$work/before.json" "$work/scheduled.json" || fail "the scheduled backup restores otherwise"
# With no pg_dump to run, the backup fails and says so, leaving nothing behind.
if PATH=/nonexistent TORIKUMI_BACKUP_FOLDER="$work/backups" "$torikumi" backup --scheduled \
    --db "$server/dumped" 2>"$work/error.txt"; then
  fail "a scheduled backup without pg_dump succeeded"
fi
grep -q "pg_dump を実行できません" "$work/error.txt" || fail "the failure is not named: $(cat "$work/error.txt")"
[[ $(ls "$work/backups" | wc -l) -eq 2 ]] || fail "a failed backup left a file"
echo "pg_dump: round trip exports the same sheet; audit chain intact; scheduled backups keep the newest 2"
