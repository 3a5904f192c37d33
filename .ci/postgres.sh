#!/usr/bin/env bash
# PostgreSQL on 127.0.0.1:5432 for Quipu's tests, from Debian's packages.
#
#   bash .ci/postgres.sh start    install if needed, start, create role and database, wait until ready
#   bash .ci/postgres.sh stop
#
# Safe to run any number of times. `start` prints the DATABASE_URL to use on stdout (and
# nothing else there, so `url="$(bash .ci/postgres.sh start)"` works); progress goes to stderr.
# The role may create databases: pytest-django creates test_quipu, the live-server fixture
# creates quipu_live.
set -euo pipefail

PORT=5432
HOST=127.0.0.1
ROLE=quipu
PASSWORD=quipu
DATABASE=quipu
CLUSTER=main
READY_TIMEOUT=60
DATABASE_URL="postgres://$ROLE:$PASSWORD@$HOST:$PORT/$DATABASE"

log() { printf '[postgres] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ "$(id -u)" -eq 0 ]] || die "run as root: the cluster is managed as the postgres user"

installed_version() {  # newest PostgreSQL server installed from Debian's packages
    local dir
    dir="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null \
        | sort -V | tail -n 1)"
    [[ -n "$dir" ]] && basename "$(dirname "$(dirname "$dir")")"
}

ensure_installed() {
    if command -v pg_ctlcluster >/dev/null && [[ -n "$(installed_version || true)" ]]; then
        return 0
    fi
    log "installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >/dev/null
}

# The cluster that owns port 5432, as "version name"; one is created when there is none.
cluster_on_port() {
    pg_lsclusters --no-header 2>/dev/null | awk -v port="$PORT" '$3 == port { print $1, $2; exit }'
}

ensure_cluster() {
    local found version
    found="$(cluster_on_port)"
    if [[ -z "$found" ]]; then
        version="$(installed_version)"
        log "creating cluster $version/$CLUSTER on port $PORT"
        pg_createcluster --port "$PORT" "$version" "$CLUSTER" >/dev/null
        found="$version $CLUSTER"
    fi
    echo "$found"
}

as_postgres() { runuser -u postgres -- "$@"; }

psql_admin() {  # runs SQL as the superuser through the local socket; prints tuples only
    as_postgres psql --quiet --no-psqlrc -v ON_ERROR_STOP=1 -p "$PORT" -d postgres -tA -c "$1"
}

wait_ready() {
    local started=$SECONDS
    until pg_isready -q -h "$HOST" -p "$PORT"; do
        if ((SECONDS - started >= READY_TIMEOUT)); then
            die "not accepting connections on $HOST:$PORT after ${READY_TIMEOUT}s"
        fi
        sleep 0.5
    done
}

ensure_role_and_database() {
    # Setting the password every time also repairs a role left from an earlier, different setup.
    if [[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" == 1 ]]; then
        psql_admin "ALTER ROLE $ROLE WITH LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
    else
        log "creating role $ROLE"
        psql_admin "CREATE ROLE $ROLE WITH LOGIN CREATEDB PASSWORD '$PASSWORD'" >/dev/null
    fi
    if [[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != 1 ]]; then
        log "creating database $DATABASE"
        psql_admin "CREATE DATABASE $DATABASE OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0" \
            >/dev/null
    fi
}

cmd_start() {
    local version name status
    ensure_installed
    read -r version name <<<"$(ensure_cluster)"
    status="$(pg_lsclusters --no-header "$version" "$name" | awk '{ print $4 }')"
    if [[ "$status" != online* ]]; then
        log "starting cluster $version/$name"
        # Its stdout goes to stderr: the caller captures stdout as the URL, and pg_ctlcluster
        # prints there (a warning about systemd, say).
        if ! pg_ctlcluster "$version" "$name" start >&2; then
            tail -n 40 "/var/log/postgresql/postgresql-$version-$name.log" >&2 2>/dev/null || true
            die "cluster $version/$name did not start"
        fi
    fi
    wait_ready
    ensure_role_and_database
    # Proves the password works over TCP, as the tests will connect.
    PGPASSWORD="$PASSWORD" psql --quiet --no-psqlrc -h "$HOST" -p "$PORT" -U "$ROLE" -d "$DATABASE" \
        -tA -c "SELECT 1" >/dev/null || die "cannot sign in as $ROLE on $HOST:$PORT"
    log "PostgreSQL $version ready on $HOST:$PORT"
    echo "$DATABASE_URL"
}

cmd_stop() {
    local found version name
    found="$(cluster_on_port || true)"
    if [[ -z "$found" ]]; then
        log "no cluster on port $PORT"
        return 0
    fi
    read -r version name <<<"$found"
    if pg_lsclusters --no-header "$version" "$name" | awk '{ print $4 }' | grep -q '^online'; then
        pg_ctlcluster "$version" "$name" stop
        log "stopped cluster $version/$name"
    else
        log "not running"
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    *)
        echo "usage: bash .ci/postgres.sh start|stop" >&2
        exit 2
        ;;
esac
