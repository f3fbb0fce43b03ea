#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the registry's tests and benchmark.
#
# Installs Debian's postgresql package when it is missing, creates a cluster in a temporary
# directory owned by the postgres user (PostgreSQL refuses to run as root), starts it on
# 127.0.0.1:${PGPORT:-54329} with trust authentication (local throwaway only), creates the
# database and prints the SQLAlchemy URL. Use it as:
#   export LEARNCENTER_TEST_PG_URL=$(scripts/start_postgres.sh)
set -euo pipefail

port="${PGPORT:-54329}"
database="${PGDATABASE_NAME:-learncenter_test}"
cluster="${PGCLUSTER_DIR:-/tmp/learncenter-pg-$port}"
url="postgresql+psycopg://postgres@127.0.0.1:$port/$database"

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if as_postgres "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    :  # already running (an earlier call in this session)
else
    if [ ! -f "$cluster/PG_VERSION" ]; then
        rm -rf "$cluster"
        mkdir -p "$cluster"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$cluster"
        as_postgres "$bin/initdb" -D "$cluster" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >&2
    fi
    as_postgres "$bin/pg_ctl" -D "$cluster" -l "$cluster/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k /tmp -c max_connections=300" start >&2
fi
if ! as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database" >&2
fi
echo "$url"
