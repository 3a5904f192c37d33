#!/usr/bin/env bash
# Redis on 127.0.0.1 for Quipu's tests (the shared cache: rate limits, search caches).
#
#   bash .ci/redis.sh start    install if needed, start, wait until it answers; prints REDIS_URL
#   bash .ci/redis.sh stop     stops the server this script started (and nothing else)
#   bash .ci/redis.sh status   prints REDIS_URL and exits 0 when up, exits 3 when not
#
# Debian's redis-server, run as its own daemonized process with its own pid and log files, no
# persistence (a cache starts empty). Port 6379 when free, otherwise any free port: a Redis
# the system already runs is left alone. `start` prints only the URL on stdout, so
# `url="$(bash .ci/redis.sh start)"` works; progress goes to stderr.
#
# Environment: REDIS_PORT (a port to use instead), QUIPU_REDIS_DIR (state folder),
# QUIPU_REDIS_START_TIMEOUT (20 s).
set -euo pipefail

HOST=127.0.0.1
STATE_DIR="${QUIPU_REDIS_DIR:-/tmp/quipu-redis-$(id -u)}"
START_TIMEOUT="${QUIPU_REDIS_START_TIMEOUT:-20}"

log() { printf '[redis] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

ensure_installed() {
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
    [[ "$(id -u)" -eq 0 ]] || die "redis-server is not installed; run as root or apt-get install redis-server"
    log "installing redis-server from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq redis-server >/dev/null
}

port_in_use() {  # something accepts connections on $1
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

answers() {  # $1 = port
    [[ "$(redis-cli -h "$HOST" -p "$1" ping 2>/dev/null || true)" == PONG ]]
}

# Prints the port of the server this script started when it is alive. The pid file must name
# a redis-server process: a pid left by a killed run may have been recycled.
running_port() {
    local pid port cmdline
    [[ -f "$STATE_DIR/redis.pid" && -f "$STATE_DIR/port" ]] || return 1
    pid="$(cat "$STATE_DIR/redis.pid" 2>/dev/null || true)"
    port="$(cat "$STATE_DIR/port" 2>/dev/null || true)"
    [[ -n "$pid" && -n "$port" ]] && kill -0 "$pid" 2>/dev/null || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *redis-server*":$port"* ]] || return 1
    echo "$port"
}

url_for() { echo "redis://$HOST:$1/0"; }

cmd_start() {
    local port
    if port="$(running_port)" && answers "$port"; then
        log "already running on port $port (pid $(cat "$STATE_DIR/redis.pid"))"
        url_for "$port"
        return 0
    fi
    ensure_installed
    if [[ -n "${REDIS_PORT:-}" ]]; then
        port="$REDIS_PORT"
        ! port_in_use "$port" || die "port $port is taken; unset REDIS_PORT or choose another"
    elif ! port_in_use 6379; then
        port=6379
    else
        port="$(free_port)"
        log "port 6379 is taken; using $port"
    fi
    mkdir -p "$STATE_DIR"
    rm -f "$STATE_DIR/redis.pid"
    echo "$port" >"$STATE_DIR/port"
    # Only this machine may connect; nothing is written to disk (no RDB, no AOF).
    redis-server \
        --bind "$HOST" --port "$port" --protected-mode yes \
        --daemonize yes --pidfile "$STATE_DIR/redis.pid" \
        --logfile "$STATE_DIR/redis.log" --dir "$STATE_DIR" \
        --save '' --appendonly no \
        --maxmemory 256mb --maxmemory-policy allkeys-lru >&2 ||
        die "redis-server did not start (log: $STATE_DIR/redis.log)"
    local started=$SECONDS
    until answers "$port"; do
        if ((SECONDS - started >= START_TIMEOUT)); then
            tail -n 30 "$STATE_DIR/redis.log" >&2 2>/dev/null || true
            die "no answer on $HOST:$port after ${START_TIMEOUT}s"
        fi
        sleep 0.2
    done
    log "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') ready on $HOST:$port (pid $(cat "$STATE_DIR/redis.pid"))"
    url_for "$port"
}

cmd_stop() {
    local port pid
    if ! port="$(running_port)"; then
        log "not running"
        return 0
    fi
    pid="$(cat "$STATE_DIR/redis.pid")"
    redis-cli -h "$HOST" -p "$port" shutdown nosave >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= 100)); then
            log "still alive after 10s; killing $pid"
            kill -9 "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    rm -f "$STATE_DIR/redis.pid" "$STATE_DIR/port"
    log "stopped"
}

cmd_status() {
    local port
    if port="$(running_port)" && answers "$port"; then
        url_for "$port"
        return 0
    fi
    echo "Redis (started by .ci/redis.sh) is not running"
    return 3
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: bash .ci/redis.sh start|stop|status" >&2
        exit 2
        ;;
esac
