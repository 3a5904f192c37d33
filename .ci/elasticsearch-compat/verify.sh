#!/usr/bin/env bash
# End-to-end check of the Spanish and English analysis chains on a running node.
#
#   bash .ci/elasticsearch-compat/verify.sh [URL]     (default http://127.0.0.1:$ES_PORT, 9200)
#
# Creates a throwaway index with the chains Quipu builds, analyses sample text through each and
# deletes the index. With the quipu-compat module loaded (as the node itself reports it) the
# folding, stemming and n-gram chains are checked too; without it, the Hunspell ones only.
set -euo pipefail

ES_URL="${1:-http://127.0.0.1:${ES_PORT:-9200}}"
ES_URL="${ES_URL%/}"

log() { printf '[elasticsearch] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

healthy() {
    curl -fsS --max-time 5 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=3s" >/dev/null 2>&1
}

# The modules the node answering on ES_URL has loaded, one a line.
loaded_modules() {
    curl -fsS --max-time 10 "$ES_URL/_nodes/_local/plugins?filter_path=nodes.*.modules.name" \
        | python3 -c '
import json, sys
for node in json.load(sys.stdin).get("nodes", {}).values():
    for module in node.get("modules", []):
        print(module["name"])
'
}

es() {  # method path [json]
    curl -sS --max-time 60 -X "$1" -H 'Content-Type: application/json' "$ES_URL$2" ${3:+-d "$3"}
}

tokens() {  # reads an _analyze response, prints its tokens space-separated (or the error)
    python3 -c '
import json, sys
raw = sys.stdin.read()
try:
    d = json.loads(raw)
except ValueError:
    d = {"error": raw}
if "tokens" in d:
    print(" ".join(t["token"] for t in d["tokens"]))
else:
    print("ERROR " + json.dumps(d.get("error", d))[:300])
'
}

VERIFY_FAILED=0
VERIFY_COUNT=0
check() {  # label index analyzer text mode(exact|contains) expected
    local label="$1" index="$2" analyzer="$3" text="$4" mode="$5" want="$6" got ok=1 word
    got="$(es POST "/$index/_analyze" "{\"analyzer\": \"$analyzer\", \"text\": \"$text\"}" | tokens || true)"
    if [[ "$mode" == exact ]]; then
        [[ "$got" == "$want" ]] || ok=0
    else
        for word in $want; do
            [[ " $got " == *" $word "* ]] || ok=0
        done
    fi
    VERIFY_COUNT=$((VERIFY_COUNT + 1))
    if ((ok)); then
        printf '  ok    %-34s "%s" -> %s\n' "$label" "$text" "$got"
    else
        printf '  FAIL  %-34s "%s" -> %s (expected %s: %s)\n' "$label" "$text" "$got" "$mode" "$want"
        VERIFY_FAILED=$((VERIFY_FAILED + 1))
    fi
}

verify() {
    local index settings compat=0
    healthy || die "Elasticsearch is not running on $ES_URL (run: bash .ci/elasticsearch.sh start)"
    local modules
    modules="$(loaded_modules || true)"
    grep -qx quipu-compat <<<"$modules" && compat=1
    index="quipu-es-verify-$$"
    es DELETE "/$index" >/dev/null 2>&1 || true

    if ((compat)); then
        # Mirrors the chains Quipu builds: folding + stop words + light stemmer,
        # Hunspell as the dictionary-based alternative, and Wagtail's edge n-grams.
        settings='{
  "settings": {
    "index": {"number_of_replicas": 0, "max_ngram_diff": 12},
    "analysis": {
      "filter": {
        "es_stop": {"type": "stop", "stopwords": "_spanish_"},
        "es_stem": {"type": "stemmer", "language": "light_spanish"},
        "es_snowball": {"type": "snowball", "language": "Spanish"},
        "es_hunspell": {"type": "hunspell", "locale": "es_ES"},
        "en_stop": {"type": "stop", "stopwords": "_english_"},
        "en_possessive": {"type": "stemmer", "language": "possessive_english"},
        "en_stem": {"type": "stemmer", "language": "english"},
        "en_hunspell": {"type": "hunspell", "locale": "en_US"},
        "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}
      },
      "analyzer": {
        "quipu_es": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding", "es_stop", "es_stem"]},
        "quipu_es_snowball": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "asciifolding", "es_stop", "es_snowball"]},
        "quipu_es_hunspell": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "es_stop", "es_hunspell", "asciifolding"]},
        "quipu_en": {"type": "custom", "tokenizer": "standard", "filter": ["en_possessive", "lowercase", "asciifolding", "en_stop", "en_stem"]},
        "quipu_en_hunspell": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "en_stop", "en_hunspell"]},
        "edgengram_analyzer": {"type": "custom", "tokenizer": "standard", "filter": ["asciifolding", "lowercase", "edgengram"]}
      }
    }
  }
}'
    else
        # Without the compat module only server-side filters exist: no folding, no algorithmic stemmer.
        settings='{
  "settings": {
    "index": {"number_of_replicas": 0},
    "analysis": {
      "filter": {
        "es_stop": {"type": "stop", "stopwords": "_spanish_"},
        "es_hunspell": {"type": "hunspell", "locale": "es_ES"},
        "en_stop": {"type": "stop", "stopwords": "_english_"},
        "en_hunspell": {"type": "hunspell", "locale": "en_US"}
      },
      "analyzer": {
        "quipu_es_hunspell": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "es_stop", "es_hunspell"]},
        "quipu_en_hunspell": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "en_stop", "en_hunspell"]}
      }
    }
  }
}'
    fi

    local created
    created="$(es PUT "/$index" "$settings")"
    [[ "$created" == *'"acknowledged":true'* ]] || die "could not create test index: $created"
    trap 'es DELETE "/'"$index"'" >/dev/null 2>&1 || true' EXIT

    echo "Analysis checks on $ES_URL:"
    local es_text="Capacitaciòn protocolos atención" en_text="trainings protocols"
    if ((compat)); then
        check "spanish chain (light_spanish)" "$index" quipu_es "$es_text" exact "capacitacion protocol atencion"
        check "spanish chain (snowball)" "$index" quipu_es_snowball "$es_text" exact "capacitacion protocol atencion"
        check "built-in spanish analyzer" "$index" spanish "$es_text" exact "capacitacion protocol atencion"
        check "spanish hunspell es_ES + folding" "$index" quipu_es_hunspell "$es_text" contains "capacitacion protocolo atencion"
        check "english chain (porter)" "$index" quipu_en "$en_text" exact "train protocol"
        check "built-in english analyzer" "$index" english "$en_text" exact "train protocol"
        check "english hunspell en_US" "$index" quipu_en_hunspell "$en_text" contains "protocol"
        check "wagtail edgengram_analyzer" "$index" edgengram_analyzer "Atención" exact "a at ate aten atenc atenci atencio atencion"
    else
        check "spanish hunspell es_ES" "$index" quipu_es_hunspell "$es_text" contains "protocolo atención"
        check "english hunspell en_US" "$index" quipu_en_hunspell "$en_text" contains "protocol"
    fi

    es DELETE "/$index" >/dev/null
    trap - EXIT
    if ((VERIFY_FAILED)); then
        die "$VERIFY_FAILED of $VERIFY_COUNT analysis checks failed"
    fi
    echo "All $VERIFY_COUNT analysis checks OK; test index deleted."
}

verify
