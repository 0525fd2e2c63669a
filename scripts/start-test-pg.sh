#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1:${PGPORT:-5432} with trust auth and a database "test" — for tests and
# benchmarks on a machine that has none running. Installs Debian's postgresql when the binaries are missing.
set -euo pipefail
PGPORT=${PGPORT:-5432}
PGROOT=${PGROOT:-/tmp/b24kassa-pg}

if (exec 3<>"/dev/tcp/127.0.0.1/$PGPORT") 2>/dev/null; then
  echo "postgres already answers on 127.0.0.1:$PGPORT"
  exit 0
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
RUN=()
[ "$(id -u)" = 0 ] && RUN=(runuser -u postgres --)   # initdb refuses to run as root
install -d -o "$( [ "$(id -u)" = 0 ] && echo postgres || id -un)" "$PGROOT"
[ -f "$PGROOT/data/PG_VERSION" ] || "${RUN[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUN[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1 \
  || "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -c "create database test" >/dev/null
echo "started postgres on 127.0.0.1:$PGPORT"
