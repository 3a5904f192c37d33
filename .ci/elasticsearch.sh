#!/usr/bin/env bash
# Single-node Elasticsearch 8 on 127.0.0.1 for Quipu's search tests.
#
#   bash .ci/elasticsearch.sh start    install if needed, start, wait for yellow
#   bash .ci/elasticsearch.sh stop
#   bash .ci/elasticsearch.sh status   exit 0 when up, 3 when not
#   bash .ci/elasticsearch.sh verify   end-to-end check of the Spanish/English analysis chains
#   bash .ci/elasticsearch.sh cluster start|stop|status PORT...
#                                      nodes of one cluster on these HTTP ports, sharing the
#                                      installation (prints their URLs, comma-separated)
#
# Environment: ES_PORT (9200), QUIPU_ES_VERSION, QUIPU_ES_HOME (download and build cache),
# QUIPU_ES_NODE (the installation's folder; by default elasticsearch-VERSION in the service
# user's home as root, node-VERSION in the cache otherwise), QUIPU_ES_HEAP (512m),
# QUIPU_ES_START_TIMEOUT (120 s), ES_JAVA_HOME, JDK_HOME (the JDK that compiles the module); for
# cluster nodes QUIPU_ES_CLUSTER_HEAP (256m each) and QUIPU_ES_CLUSTER_START_TIMEOUT (300 s).
#
# The only Elasticsearch build published on Maven Central is the integ-test zip. It carries the
# server plus transport/x-pack modules but neither analysis-common nor rest-root, and no
# third-party republication of those modules exists there for 8.x. What the server lacks
# (asciifolding, stemmer, snowball, ngram and edge_ngram, the spanish and english analyzers,
# GET/HEAD /) comes from the quipu-compat module, whose sources and build are in
# .ci/elasticsearch-compat/: it is compiled against the node's own jars, and every analysis
# component in it wraps the Lucene class the real module uses. Hunspell dictionaries from
# Debian are installed as well.
set -euo pipefail

ES_VERSION="${QUIPU_ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"
ES_URL="http://127.0.0.1:${ES_PORT}"
HEAP="${QUIPU_ES_HEAP:-512m}"
START_TIMEOUT="${QUIPU_ES_START_TIMEOUT:-120}"
SERVICE_USER=quipu-es
HUNSPELL_LOCALES=(es_ES en_US)
MAVEN_REPO=https://repo1.maven.org/maven2
ZIP_GROUP_PATH=org/elasticsearch/distribution/integ-test-zip/elasticsearch

# HOME can be missing under minimal CI environments; fall back to the passwd entry.
USER_HOME="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
CACHE_DIR="${QUIPU_ES_HOME:-$USER_HOME/.cache/quipu/elasticsearch}"

log() { printf '[elasticsearch] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# --------------------------------------------------------------------------
# Where the node lives and who runs it
# --------------------------------------------------------------------------

# Elasticsearch refuses to run as root. As root we run it as a dedicated system
# user and keep the node in that user's home: root's own cache sits under a
# mode-700 home the service user could not read.
run_user() {
    if is_root; then echo "$SERVICE_USER"; else id -un; fi
}

ensure_service_user() {
    is_root || return 0
    if ! id "$SERVICE_USER" >/dev/null 2>&1; then
        log "creating system user $SERVICE_USER"
        useradd --system --create-home --shell /usr/sbin/nologin "$SERVICE_USER"
    fi
    local home
    home="$(getent passwd "$SERVICE_USER" | cut -d: -f6)"
    if [[ ! -d "$home" ]]; then
        install -d -o "$SERVICE_USER" -g "$(id -gn "$SERVICE_USER")" -m 755 "$home"
    fi
}

node_dir() {
    if [[ -n "${QUIPU_ES_NODE:-}" ]]; then
        echo "$QUIPU_ES_NODE"
    elif is_root && id "$SERVICE_USER" >/dev/null 2>&1; then
        echo "$(getent passwd "$SERVICE_USER" | cut -d: -f6)/elasticsearch-${ES_VERSION}"
    elif is_root; then
        echo ""  # user not created yet: nothing installed
    else
        echo "$CACHE_DIR/node-${ES_VERSION}"
    fi
}

as_run_user() {
    if is_root; then runuser -u "$SERVICE_USER" -- "$@"; else "$@"; fi
}

# --------------------------------------------------------------------------
# System packages
# --------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {
    is_root || die "missing system packages ($*); install them or run as root"
    export DEBIAN_FRONTEND=noninteractive
    if [[ "$APT_UPDATED" -eq 0 ]]; then
        apt-get update -qq
        APT_UPDATED=1
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_system_packages() {
    local missing=()
    command -v curl >/dev/null || missing+=(curl ca-certificates)
    command -v unzip >/dev/null || missing+=(unzip)
    [[ -f /usr/share/hunspell/es_ES.dic ]] || missing+=(hunspell-es)
    [[ -f /usr/share/hunspell/en_US.dic ]] || missing+=(hunspell-en-us)
    if ((${#missing[@]})); then
        log "installing ${missing[*]}"
        apt_install "${missing[@]}"
    fi
}

# --------------------------------------------------------------------------
# Java
# --------------------------------------------------------------------------

java_major() {  # $1 = JDK home; prints the feature version from its release file
    local v
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)"
    echo "${v:-0}"
}

# ES 8.19 supports Java 17 through 24 (it bundles 24, absent from the test zip).
# Prefer the newest supported JDK; anything newer is only a last resort.
find_java_home() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        echo "$ES_JAVA_HOME"
        return
    fi
    local dir major best="" best_major=0 fallback="" fallback_major=999
    for dir in /usr/lib/jvm/*; do
        [[ -d "$dir" && ! -L "$dir" && -x "$dir/bin/java" ]] || continue
        major="$(java_major "$dir")"
        if ((major >= 17 && major <= 24 && major > best_major)); then
            best="$dir" best_major="$major"
        elif ((major > 24 && major < fallback_major)); then
            fallback="$dir" fallback_major="$major"
        fi
    done
    if [[ -n "$best" ]]; then
        echo "$best"
    elif [[ -n "$fallback" ]]; then
        log "WARNING: no Java 17-24 found, trying Java $fallback_major"
        echo "$fallback"
    else
        die "no Java 17+ under /usr/lib/jvm (apt-get install openjdk-17-jre-headless)"
    fi
}

# --------------------------------------------------------------------------
# Download and unpack
# --------------------------------------------------------------------------

zip_url() { echo "$MAVEN_REPO/$ZIP_GROUP_PATH/$1/elasticsearch-$1.zip"; }

# Keep the pinned version when Central serves it; otherwise take the newest 8.x it lists.
resolve_version() {
    [[ -f "$CACHE_DIR/elasticsearch-${ES_VERSION}.zip" ]] && return 0
    curl -fsSI --retry 2 "$(zip_url "$ES_VERSION")" >/dev/null 2>&1 && return 0
    local latest
    latest="$(curl -fsS --retry 2 "$MAVEN_REPO/$ZIP_GROUP_PATH/maven-metadata.xml" \
        | sed -n 's:.*<version>\(8\.[0-9]*\.[0-9]*\)</version>.*:\1:p' | sort -V | tail -n 1 || true)"
    if [[ -z "$latest" ]]; then
        # Central unreachable through curl: keep the pin and let download_zip try mvn.
        return 0
    fi
    log "Elasticsearch $ES_VERSION not served; using $latest"
    ES_VERSION="$latest"
}

download_zip() {
    local zip="$CACHE_DIR/elasticsearch-${ES_VERSION}.zip"
    [[ -f "$zip" ]] && return 0
    mkdir -p "$CACHE_DIR"
    local tmp="$zip.part"
    log "downloading Elasticsearch $ES_VERSION (~100 MB) from Maven Central"
    if curl -fsSL --retry 3 -o "$tmp" "$(zip_url "$ES_VERSION")"; then
        local want got
        want="$(curl -fsSL --retry 3 "$(zip_url "$ES_VERSION").sha1" | cut -c1-40)"
        got="$(sha1sum "$tmp" | cut -c1-40)"
        [[ "$want" == "$got" ]] || { rm -f "$tmp"; die "checksum mismatch for elasticsearch-$ES_VERSION.zip"; }
        mv "$tmp" "$zip"
    else
        rm -f "$tmp"
        # Some networks only let Maven itself through to Central.
        command -v mvn >/dev/null || die "download failed and mvn is not available"
        log "curl failed; retrying through mvn dependency:get"
        mvn -q -B dependency:get -Dtransitive=false -Dmaven.repo.local="$CACHE_DIR/m2" \
            -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
        cp "$CACHE_DIR/m2/$ZIP_GROUP_PATH/$ES_VERSION/elasticsearch-$ES_VERSION.zip" "$zip"
    fi
}

unpack_node() {
    local node="$1"
    [[ -x "$node/bin/elasticsearch" ]] && return 0
    local stage="$node.unpacking"
    rm -rf "$stage"
    mkdir -p "$stage"
    unzip -q "$CACHE_DIR/elasticsearch-${ES_VERSION}.zip" -d "$stage"
    mv "$stage/elasticsearch-${ES_VERSION}" "$node"
    rm -rf "$stage"
}

# --------------------------------------------------------------------------
# Analysis compatibility module
# --------------------------------------------------------------------------

# Its Java sources, descriptor and build are in .ci/elasticsearch-compat/. The build is kept in
# CACHE_DIR per Elasticsearch version and hash of the sources, so javac runs once per change and
# a restart or a fresh node of the same version only copies the module in.
COMPAT_MODULE=quipu-compat
COMPAT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/elasticsearch-compat"
JAVA_HOME_FOR_ES=""
NODE=""

build_compat_module() {  # node; prints the folder of the built module
    JDK_HOME="${JDK_HOME:-$JAVA_HOME_FOR_ES}" bash "$COMPAT_DIR/build.sh" "$1" "$CACHE_DIR"
}

install_compat_module() {
    local node="$1" built status=0
    built="$(build_compat_module "$node")" || status=$?
    if ((status == 3)) && is_root; then
        log "installing a JDK to compile the $COMPAT_MODULE module"
        apt_install openjdk-17-jdk-headless
        status=0
        built="$(build_compat_module "$node")" || status=$?
    fi
    if ((status != 0)); then
        log "WARNING: $COMPAT_MODULE was not built; continuing with Hunspell only"
        return 1
    fi
    rm -rf "$node/modules/$COMPAT_MODULE"
    cp -R "$built" "$node/modules/$COMPAT_MODULE"
}

# Elasticsearch only looks for dictionaries in config/hunspell/<locale>/. Copies
# (not symlinks) keep the node self-contained and readable by its own user.
install_hunspell() {
    local node="$1" locale
    for locale in "${HUNSPELL_LOCALES[@]}"; do
        if [[ -f "/usr/share/hunspell/$locale.dic" && -f "/usr/share/hunspell/$locale.aff" ]]; then
            mkdir -p "$node/config/hunspell/$locale"
            cp -L "/usr/share/hunspell/$locale.aff" "/usr/share/hunspell/$locale.dic" "$node/config/hunspell/$locale/"
        else
            log "WARNING: no Hunspell dictionary for $locale"
        fi
    done
}

# Rewritten on every start so a changed ES_PORT takes effect. Only settings the
# integ-test zip knows are allowed: unknown ones (xpack.ml.*, ingest.geoip.*) abort startup.
write_config() {
    local node="$1"
    cat >"$node/config/elasticsearch.yml" <<EOF
cluster.name: quipu-ci
node.name: quipu-es
network.host: 127.0.0.1
http.port: ${ES_PORT}
discovery.type: single-node
path.data: ${node}/data
path.logs: ${node}/logs
xpack.security.enabled: false
# CI disks are often nearly full; without this, shards would stay unassigned.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
    mkdir -p "$node/data" "$node/logs"
}

# Sets NODE and JAVA_HOME_FOR_ES. Cheap when everything is cached already.
install_node() {
    local node
    ensure_system_packages
    resolve_version
    node="$(node_dir)"  # after resolve_version: the version may have changed
    download_zip
    unpack_node "$node"
    JAVA_HOME_FOR_ES="$(find_java_home)"
    install_compat_module "$node" || rm -rf "$node/modules/$COMPAT_MODULE"
    install_hunspell "$node"
    write_config "$node"
    if is_root; then
        chown -R "$SERVICE_USER:$(id -gn "$SERVICE_USER")" "$node"
    fi
    NODE="$node"
}

# --------------------------------------------------------------------------
# Process control
# --------------------------------------------------------------------------

# Prints the node's pid when it is alive. The command line must name this node:
# a pid file left by a killed run may point at a recycled, unrelated pid.
pid_of() {
    local node="$1" pid cmdline
    [[ -n "$node" && -f "$node/es.pid" ]] || return 1
    pid="$(cat "$node/es.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"-Des.path.home=$node "* ]] || return 1
    echo "$pid"
}

healthy() {
    curl -fsS --max-time 5 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=3s" >/dev/null 2>&1
}

running_version() {
    curl -fsS --max-time 5 "$ES_URL/_cat/nodes?h=version" 2>/dev/null | head -n 1 | tr -d '[:space:]' || true
}

# The modules the node on this URL has loaded, as it reports them, one a line.
loaded_modules() {
    curl -fsS --max-time 10 "$1/_nodes/_local/plugins?filter_path=nodes.*.modules.name" 2>/dev/null \
        | python3 -c '
import json, sys
for node in json.load(sys.stdin).get("nodes", {}).values():
    for module in node.get("modules", []):
        print(module["name"])
' 2>/dev/null || true
}

summary() {
    local node="$1" modules common=no shim=no hunspell="" locale version
    modules="$(loaded_modules "$ES_URL")"
    grep -qx analysis-common <<<"$modules" && common=yes
    grep -qx "$COMPAT_MODULE" <<<"$modules" && shim=yes
    for locale in "${HUNSPELL_LOCALES[@]}"; do
        [[ -f "$node/config/hunspell/$locale/$locale.dic" ]] && hunspell+="${hunspell:+ }$locale"
    done
    version="$(running_version)"
    echo "Elasticsearch ${version:-$ES_VERSION} on $ES_URL" \
        "(analysis-common: $common, compat module $COMPAT_MODULE: $shim, hunspell: ${hunspell:-none})"
}

print_logs() {
    local node="$1"
    log "---- last lines of $node/logs/quipu-ci.log ----"
    tail -n 60 "$node/logs/quipu-ci.log" >&2 2>/dev/null || true
    log "---- launcher output ----"
    tail -n 40 "$node/logs/launcher.out" >&2 2>/dev/null || true
}

cmd_start() {
    local node
    node="$(node_dir)"
    if pid_of "$node" >/dev/null && healthy; then
        log "already running (pid $(pid_of "$node"))"
        summary "$node"
        return 0
    fi
    if healthy; then
        die "something else already answers on $ES_URL; stop it or set ES_PORT"
    fi
    local launcher=""
    if pid_of "$node" >/dev/null; then
        # Alive but not healthy: a previous start may still be in progress.
        log "process $(pid_of "$node") exists; waiting for it"
    else
        ensure_service_user
        install_node
        node="$NODE"
        rm -f "$node/es.pid"
        log "starting as $(run_user) with Java $(java_major "$JAVA_HOME_FOR_ES") ($JAVA_HOME_FOR_ES), heap $HEAP"
        # A clean environment keeps CI variables (JAVA_TOOL_OPTIONS, ...) out of the JVM;
        # GC logging is cut back because ES would otherwise keep up to 2 GB of it.
        (cd "$node" && as_run_user env -i \
            PATH=/usr/local/bin:/usr/bin:/bin \
            HOME="$node" \
            LANG=C.UTF-8 \
            ES_JAVA_HOME="$JAVA_HOME_FOR_ES" \
            ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP -Xlog:disable -Xlog:all=warning:stderr:utctime,level,tags" \
            "$node/bin/elasticsearch" -d -p "$node/es.pid" \
            >"$node/logs/launcher.out" 2>&1 </dev/null) &
        launcher=$!
    fi
    local started=$SECONDS
    until healthy; do
        if ((SECONDS - started >= START_TIMEOUT)); then
            print_logs "$node"
            die "not healthy after ${START_TIMEOUT}s"
        fi
        # The launcher exits once the node is up, or early with an error.
        if ! { [[ -n "$launcher" ]] && kill -0 "$launcher" 2>/dev/null; } && ! pid_of "$node" >/dev/null; then
            sleep 1
            healthy && break
            print_logs "$node"
            die "Elasticsearch exited during startup"
        fi
        sleep 1
    done
    log "up in $((SECONDS - started))s (pid $(pid_of "$node" || echo '?'))"
    summary "$node"
}

cmd_stop() {
    local node pid
    node="$(node_dir)"
    if ! pid="$(pid_of "$node")"; then
        log "not running"
        return 0
    fi
    kill "$pid"
    local waited=0
    while ((waited < 60)); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$node/es.pid"; log "stopped"; return 0; }
        sleep 1
        waited=$((waited + 1))
    done
    log "still alive after 60s; killing $pid"
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$node/es.pid"
}

cmd_status() {
    local node
    node="$(node_dir)"
    if pid_of "$node" >/dev/null && healthy; then
        summary "$node"
        return 0
    fi
    if pid_of "$node" >/dev/null; then
        echo "Elasticsearch process $(pid_of "$node") is up but $ES_URL is not healthy"
    else
        echo "Elasticsearch is not running"
    fi
    return 3
}

# --------------------------------------------------------------------------
# cluster: several nodes of one cluster sharing this installation
# --------------------------------------------------------------------------

# bash .ci/elasticsearch.sh cluster start 9250 9251
#
# One node per HTTP port given, all in one cluster named after the first port, started side
# by side. Each node has its own configuration, data and logs under
# <installation>/cluster/<port>/ and its transport port at HTTP port + 100; the program,
# modules and dictionaries are the installation's, shared with the single node (ES_PORT),
# which is left alone. Starting a cluster none of whose nodes is running starts it afresh
# (empty data); a stopped node of a running cluster keeps its data and joins it again.
CLUSTER_HEAP="${QUIPU_ES_CLUSTER_HEAP:-256m}"
CLUSTER_START_TIMEOUT="${QUIPU_ES_CLUSTER_START_TIMEOUT:-300}"

cluster_node_dir() { echo "$1/cluster/$2"; }  # installation, HTTP port

# The pid of the cluster node on this port, when alive. Its JVM carries -Dquipu.es.node=<dir>,
# which tells it apart from the single node and the other nodes of the same installation.
cluster_pid() {  # installation, HTTP port
    local dir pid cmdline
    dir="$(cluster_node_dir "$1" "$2")"
    [[ -f "$dir/es.pid" ]] || return 1
    pid="$(cat "$dir/es.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *"-Dquipu.es.node=$dir "* ]] || return 1
    echo "$pid"
}

cluster_answers() {  # HTTP port, number of nodes: the cluster has them all and every primary
    curl -fsS --max-time 8 \
        "http://127.0.0.1:$1/_cluster/health?wait_for_nodes=$2&wait_for_status=yellow&timeout=5s" \
        >/dev/null 2>&1
}

check_ports() {  # every argument is a free-looking TCP port number
    local port
    (($#)) || die "name the HTTP ports of the cluster's nodes, e.g. cluster start 9250 9251"
    for port in "$@"; do
        [[ "$port" =~ ^[0-9]+$ ]] && ((port > 1024 && port < 65435)) || die "not a usable port: $port"
        ((port != ES_PORT)) || die "port $port is the single node's (ES_PORT)"
    done
}

# The installation, without touching the single node's files when it is already there.
ensure_installation() {
    local node
    node="$(node_dir)"
    if [[ -n "$node" && -x "$node/bin/elasticsearch" && -d "$node/modules/$COMPAT_MODULE" ]]; then
        NODE="$node"
        JAVA_HOME_FOR_ES="$(find_java_home)"
        # The cluster's nodes load the module as its sources are now (a single node already
        # running keeps the one it loaded until it is restarted).
        local built
        if built="$(build_compat_module "$node")" \
            && ! cmp -s "$built/$COMPAT_MODULE.jar" "$node/modules/$COMPAT_MODULE/$COMPAT_MODULE.jar"; then
            log "installing the changed $COMPAT_MODULE module"
            rm -rf "$node/modules/$COMPAT_MODULE"
            cp -R "$built" "$node/modules/$COMPAT_MODULE"
        fi
        return 0
    fi
    ensure_service_user
    install_node
}

write_cluster_config() {  # installation, this node's HTTP port, every node's HTTP port...
    local node="$1" port="$2" dir seeds="" masters="" other
    shift 2
    dir="$(cluster_node_dir "$node" "$port")"
    for other in "$@"; do
        seeds+="${seeds:+, }\"127.0.0.1:$((other + 100))\""
        masters+="${masters:+, }\"quipu-es-$other\""
    done
    mkdir -p "$dir/config" "$dir/data" "$dir/logs"
    # The installation's configuration (JVM options, logging, Hunspell dictionaries), then
    # this node's own elasticsearch.yml.
    (cd "$node/config" && find . -mindepth 1 -maxdepth 1 ! -name elasticsearch.yml \
        ! -name elasticsearch.keystore -exec cp -a {} "$dir/config/" \;)
    cat >"$dir/config/elasticsearch.yml" <<YAML
cluster.name: quipu-cluster-$1
node.name: quipu-es-$port
network.host: 127.0.0.1
http.port: $port
transport.port: $((port + 100))
discovery.seed_hosts: [$seeds]
cluster.initial_master_nodes: [$masters]
path.data: $dir/data
path.logs: $dir/logs
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
YAML
    if is_root; then
        chown -R "$SERVICE_USER:$(id -gn "$SERVICE_USER")" "$node/cluster"
    fi
}

launch_cluster_node() {  # installation, HTTP port; returns at once, the node starts behind
    local node="$1" port="$2" dir
    dir="$(cluster_node_dir "$node" "$port")"
    rm -f "$dir/es.pid"
    (cd "$dir" && as_run_user env -i \
        PATH=/usr/local/bin:/usr/bin:/bin \
        HOME="$dir" \
        LANG=C.UTF-8 \
        ES_JAVA_HOME="$JAVA_HOME_FOR_ES" \
        ES_PATH_CONF="$dir/config" \
        ES_JAVA_OPTS="-Xms$CLUSTER_HEAP -Xmx$CLUSTER_HEAP -Dquipu.es.node=$dir -Xlog:disable -Xlog:all=warning:stderr:utctime,level,tags" \
        "$node/bin/elasticsearch" -d -p "$dir/es.pid" \
        >"$dir/logs/launcher.out" 2>&1 </dev/null) &
}

print_cluster_logs() {  # installation, HTTP ports...
    local node="$1" port dir
    shift
    for port in "$@"; do
        dir="$(cluster_node_dir "$node" "$port")"
        log "---- node on $port: last lines of its log ----"
        if [[ -f "$dir/logs/quipu-cluster-$1.log" ]]; then
            tail -n 30 "$dir/logs/quipu-cluster-$1.log" >&2 || true
        else
            tail -n 30 "$dir/logs/launcher.out" >&2 2>/dev/null || true
        fi
    done
}

cluster_start() {
    check_ports "$@"
    ensure_installation
    local node="$NODE" port running=() stopped=()
    for port in "$@"; do
        if cluster_pid "$node" "$port" >/dev/null; then running+=("$port"); else stopped+=("$port"); fi
    done
    for port in "${stopped[@]}"; do
        if curl -fsS --max-time 3 "http://127.0.0.1:$port/" >/dev/null 2>&1; then
            die "something else already answers on port $port"
        fi
        write_cluster_config "$node" "$port" "$@"
        # A new cluster starts from empty data, so an earlier run's cluster cannot get in the way.
        if ((${#running[@]} == 0)); then
            rm -rf "$(cluster_node_dir "$node" "$port")/data"/*
        fi
    done
    if ((${#stopped[@]})); then
        log "starting nodes on ${stopped[*]} side by side (cluster quipu-cluster-$1, heap $CLUSTER_HEAP each)"
        for port in "${stopped[@]}"; do
            launch_cluster_node "$node" "$port"
        done
    fi
    local started=$SECONDS
    until cluster_answers "$1" "$#"; do
        if ((SECONDS - started >= CLUSTER_START_TIMEOUT)); then
            print_cluster_logs "$node" "$@"
            die "the cluster on $* did not form within ${CLUSTER_START_TIMEOUT}s"
        fi
        sleep 1
    done
    log "cluster of $# nodes up on $* in $((SECONDS - started))s"
    if grep -qx "$COMPAT_MODULE" <<<"$(loaded_modules "http://127.0.0.1:$1")"; then
        log "compat module $COMPAT_MODULE loaded"
    else
        log "WARNING: compat module $COMPAT_MODULE not loaded"
    fi
    local urls=""
    for port in "$@"; do urls+="${urls:+,}http://127.0.0.1:$port"; done
    echo "$urls"
}

cluster_stop() {
    check_ports "$@"
    local node port pid waited
    node="$(node_dir)"
    [[ -n "$node" ]] || return 0
    local pids=()
    for port in "$@"; do
        if pid="$(cluster_pid "$node" "$port")"; then
            kill "$pid"
            pids+=("$pid")
        fi
    done
    for pid in "${pids[@]}"; do
        waited=0
        while kill -0 "$pid" 2>/dev/null && ((waited < 60)); do
            sleep 1
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            log "node $pid still alive after 60s; killing it"
            kill -9 "$pid" 2>/dev/null || true
        fi
    done
    log "stopped the nodes on $*"
}

cluster_status() {
    check_ports "$@"
    local node port down=0
    node="$(node_dir)"
    for port in "$@"; do
        if [[ -n "$node" ]] && cluster_pid "$node" "$port" >/dev/null; then
            echo "node on $port: running (pid $(cluster_pid "$node" "$port"))"
        else
            echo "node on $port: not running"
            down=1
        fi
    done
    curl -fsS --max-time 5 "http://127.0.0.1:$1/_cat/health?h=cluster,status,node.total,shards,unassign" 2>/dev/null || true
    ((down == 0)) || return 3
}

cmd_cluster() {
    local action="${1:-}"
    shift || true
    case "$action" in
        start) cluster_start "$@" ;;
        stop) cluster_stop "$@" ;;
        status) cluster_status "$@" ;;
        *)
            echo "usage: bash .ci/elasticsearch.sh cluster start|stop|status PORT..." >&2
            exit 2
            ;;
    esac
}

# --------------------------------------------------------------------------
# verify
# --------------------------------------------------------------------------

cmd_verify() {
    bash "$COMPAT_DIR/verify.sh" "$ES_URL"
    summary "$(node_dir)"
}

# --------------------------------------------------------------------------

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    verify) cmd_verify ;;
    cluster)
        shift
        cmd_cluster "$@"
        ;;
    *)
        echo "usage: bash .ci/elasticsearch.sh start|stop|status|verify|cluster" >&2
        exit 2
        ;;
esac
