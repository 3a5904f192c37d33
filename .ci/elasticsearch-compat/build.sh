#!/usr/bin/env bash
# Builds the quipu-compat module for one Elasticsearch installation, or takes it from the cache.
#
#   bash .ci/elasticsearch-compat/build.sh NODE CACHE
#
# NODE is an unpacked Elasticsearch: the sources are compiled against the jars in NODE/lib, and
# the version in the name of NODE/lib/elasticsearch-<version>.jar goes into the descriptor. The
# packaged module (quipu-compat.jar and plugin-descriptor.properties) is kept in
# CACHE/quipu-compat-<version>-<hash of this folder's sources>/, and that folder is printed on
# standard output: the same version and sources are compiled once, a changed source or another
# version gets a build of its own. Copy the folder to NODE/modules/quipu-compat to install it.
#
# Needs a JDK 17 or newer with javac and jar: JDK_HOME, else ES_JAVA_HOME, else the first one
# under /usr/lib/jvm, else javac on PATH. Exit status 3 when there is none, 1 when the sources
# do not compile (javac's messages on standard error).
set -euo pipefail

NAME=quipu-compat
HERE="$(cd "$(dirname "$0")" && pwd)"

log() { printf '[%s] %s\n' "$NAME" "$*" >&2; }

(($# == 2)) || { echo "usage: bash .ci/elasticsearch-compat/build.sh NODE CACHE" >&2; exit 2; }
node="$1"
cache="$2"

shopt -s nullglob
es_jars=("$node"/lib/elasticsearch-[0-9]*.jar)
((${#es_jars[@]})) || { log "ERROR: no Elasticsearch jar in $node/lib"; exit 1; }
version="$(basename "${es_jars[0]}" .jar)"
version="${version#elasticsearch-}"

# The key covers every file of the module's source tree (paths and contents) and this script.
hash="$(cd "$HERE" && find src plugin-descriptor.properties build.sh -type f -print0 | sort -z \
    | xargs -0 sha256sum | sha256sum | cut -c1-12)"
built="$cache/$NAME-$version-$hash"
if [[ -f "$built/$NAME.jar" && -f "$built/plugin-descriptor.properties" ]]; then
    echo "$built"
    exit 0
fi

java_major() {  # JDK home: its feature version, from its release file
    local v
    v="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)"
    echo "${v:-0}"
}

usable_jdk() { [[ -x "$1/bin/javac" && -x "$1/bin/jar" ]] && (($(java_major "$1") >= 17)); }

find_jdk() {
    local dir
    for dir in "${JDK_HOME:-}" "${ES_JAVA_HOME:-}" /usr/lib/jvm/*; do
        [[ -n "$dir" && -d "$dir" ]] || continue
        if usable_jdk "$dir"; then
            echo "$dir"
            return 0
        fi
    done
    if command -v javac >/dev/null; then
        dir="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
        usable_jdk "$dir" && { echo "$dir"; return 0; }
    fi
    return 1
}

jdk="$(find_jdk)" || { log "no JDK 17+ with javac and jar (set JDK_HOME)"; exit 3; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/classes" "$work/module"
log "compiling against Elasticsearch $version with Java $(java_major "$jdk") ($jdk)"
mapfile -d '' sources < <(find "$HERE/src" -name '*.java' -print0 | sort -z)
if ! "$jdk/bin/javac" --release 17 -nowarn -Xlint:none -encoding UTF-8 -cp "$node/lib/*" \
        -d "$work/classes" "${sources[@]}" >"$work/javac.log" 2>&1; then
    cat "$work/javac.log" >&2
    log "ERROR: the sources did not compile"
    exit 1
fi
"$jdk/bin/jar" cf "$work/module/$NAME.jar" -C "$work/classes" .
sed "s/@ES_VERSION@/$version/g" "$HERE/plugin-descriptor.properties" \
    >"$work/module/plugin-descriptor.properties"

# Into place in one step, so a build interrupted halfway is never taken for a finished one.
mkdir -p "$cache"
if ! mv -T "$work/module" "$built" 2>/dev/null; then
    [[ -f "$built/$NAME.jar" ]] || { log "ERROR: could not write $built"; exit 1; }
fi
log "built $built"
echo "$built"
