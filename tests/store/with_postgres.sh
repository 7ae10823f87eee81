#!/usr/bin/env bash
# Runs COMMAND... with a throwaway PostgreSQL cluster listening on 127.0.0.1, its
# maintenance database's URL in TORIKUMI_TEST_POSTGRES; stops and removes the cluster
# afterwards, whatever the command did. initdb refuses to run as root, so as root the
# cluster belongs to the postgres user that Debian's postgresql package creates.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d)
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -A trust -U torikumi -E UTF8 --locale=C >/dev/null
# A free port: try a few at random.
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 30000))
  if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
    break
  fi
  [[ $attempt -eq 5 ]] && { cat "$dir/log" >&2; exit 1; }
done
export TORIKUMI_TEST_POSTGRES="postgresql://torikumi@127.0.0.1:$port/postgres"
# For the tests of a server that restarts under the store, and of pg_dump: the command that
# restarts it (fast shutdown: every connection is terminated) and the directory of the
# server's programs.
export TORIKUMI_TEST_POSTGRES_RESTART="${as_owner[*]} $bin/pg_ctl -D $dir/data -l $dir/log -w -t 30 -m fast restart"
export TORIKUMI_TEST_POSTGRES_BIN=$bin
"$@"
