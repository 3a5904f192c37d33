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
# Environment: ES_PORT (9200), QUIPU_ES_VERSION, QUIPU_ES_HOME (download cache),
# QUIPU_ES_HEAP (512m), QUIPU_ES_START_TIMEOUT (120 s), ES_JAVA_HOME; for cluster nodes
# QUIPU_ES_CLUSTER_HEAP (256m each) and QUIPU_ES_CLUSTER_START_TIMEOUT (300 s).
#
# The only Elasticsearch build published on Maven Central is the integ-test zip.
# It carries the server plus transport/x-pack modules but neither analysis-common
# nor rest-root, and no third-party republication of those modules exists there
# for 8.x. What the server lacks (asciifolding, stemmer, snowball, ngram and
# edge_ngram, the spanish and english analyzers, GET/HEAD /) is supplied by a small
# module compiled here against the node's own jars; every analysis component in it
# wraps the Lucene class the real module uses. Hunspell dictionaries from Debian
# are installed as well.
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
    if is_root && id "$SERVICE_USER" >/dev/null 2>&1; then
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

# The compat module is compiled for Java 17 bytecode, so any JDK 17+ with javac will do.
scan_for_javac() {
    local dir
    for dir in "$JAVA_HOME_FOR_ES" /usr/lib/jvm/*; do
        if [[ -x "$dir/bin/javac" && -x "$dir/bin/jar" ]] && (($(java_major "$dir") >= 17)); then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

find_jdk_with_javac() {
    scan_for_javac && return 0
    is_root || return 1
    log "installing a JDK to compile the $COMPAT_MODULE module"
    apt_install openjdk-17-jdk-headless
    scan_for_javac
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

# Java source of the module. Each factory mirrors the setting names and defaults
# of its analysis-common counterpart so index settings written for a full
# distribution (Wagtail's defaults included) work unchanged.
compat_module_source() {
    cat <<'JAVA'
package org.quipu.es.compat;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.env.Environment;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stand-ins for parts of the default distribution that the integ-test zip lacks:
 * analysis-common components (each wrapping the Lucene class the real module
 * uses) and the root endpoint of the rest-root module, which clients call for
 * info() and ping().
 */
public class QuipuCompatPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    /** GET / and HEAD /, answering like the default distribution's root endpoint. */
    final class RootHandler implements RestHandler {
        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        public void handleRequest(RestRequest request, RestChannel channel, NodeClient client) throws Exception {
            if (request.method() == RestRequest.Method.HEAD) {
                channel.sendResponse(new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE, BytesArray.EMPTY));
                return;
            }
            ClusterState state = clusterService.state();
            Build build = Build.current();
            XContentBuilder b = channel.newBuilder();
            b.startObject();
            b.field("name", clusterService.getNodeName());
            b.field("cluster_name", clusterService.getClusterName().value());
            b.field("cluster_uuid", state.metadata().clusterUUID());
            b.startObject("version");
            b.field("number", build.qualifiedVersion());
            b.field("build_flavor", build.flavor());
            b.field("build_type", build.type().displayName());
            b.field("build_hash", build.hash());
            b.field("build_date", build.date());
            b.field("build_snapshot", build.isSnapshot());
            b.field("lucene_version", IndexVersion.current().luceneVersion().toString());
            b.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
            b.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
            b.endObject();
            b.field("tagline", "You Know, for Search");
            b.endObject();
            channel.sendResponse(new RestResponse(RestStatus.OK, b));
        }
    }

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry registry,
            RestController controller, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver resolver, Supplier<DiscoveryNodes> nodes,
            Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler());
    }

    /** "stemmer" languages, mapped to the same Lucene classes the real filter picks. */
    static final Map<String, Function<TokenStream, TokenStream>> STEMMERS = Map.ofEntries(
        Map.entry("english", PorterStemFilter::new),
        Map.entry("porter", PorterStemFilter::new),
        Map.entry("porter2", ts -> new SnowballFilter(ts, "English")),
        Map.entry("light_english", KStemFilter::new),
        Map.entry("kstem", KStemFilter::new),
        Map.entry("minimal_english", EnglishMinimalStemFilter::new),
        Map.entry("possessive_english", EnglishPossessiveFilter::new),
        Map.entry("spanish", ts -> new SnowballFilter(ts, "Spanish")),
        Map.entry("light_spanish", SpanishLightStemFilter::new),
        Map.entry("spanish_plural", SpanishPluralStemFilter::new)
    );

    static Function<TokenStream, TokenStream> stemmer(String language) {
        String key = language.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        Function<TokenStream, TokenStream> f = STEMMERS.get(key);
        if (f != null) {
            return f;
        }
        // Remaining Snowball languages (french, german, ...) resolve by stemmer class name.
        String snowball = key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1);
        try {
            Class.forName("org.tartarus.snowball.ext." + snowball + "Stemmer");
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unsupported stemmer language [" + language + "]");
        }
        return ts -> new SnowballFilter(ts, snowball);
    }

    /** Same guard as the real n-gram factories, so over-wide grams fail here as in production. */
    static void checkNgramDiff(IndexSettings indexSettings, int minGram, int maxGram, String what) {
        int allowed = indexSettings.getMaxNgramDiff();
        if (maxGram - minGram > allowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + allowed + "] but was [" + (maxGram - minGram)
                + "]. This limit can be set by changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey()
                + "] index level setting.");
        }
    }

    static boolean ofType(int c, int... types) {
        int t = Character.getType(c);
        for (int type : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    /** "token_chars" of the n-gram tokenizers; null keeps Lucene's default (every char). */
    static IntPredicate tokenChars(Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate result = c -> false;
        for (String cls : classes) {
            IntPredicate p;
            switch (cls.toLowerCase(Locale.ROOT).trim()) {
                case "letter": p = Character::isLetter; break;
                case "digit": p = Character::isDigit; break;
                case "whitespace": p = Character::isWhitespace; break;
                case "punctuation": p = c -> ofType(c, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION, Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION); break;
                case "symbol": p = c -> ofType(c, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                    Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL); break;
                case "custom": {
                    String custom = settings.get("custom_token_chars", "");
                    p = c -> custom.indexOf(c) >= 0;
                    break;
                }
                default: throw new IllegalArgumentException("Unknown token type: '" + cls + "'");
            }
            result = result.or(p);
        }
        return result;
    }

    static final class NGramTokenizerFactory extends AbstractTokenizerFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean edge;
        private final IntPredicate chars;

        NGramTokenizerFactory(IndexSettings is, Settings s, String name, boolean edge) {
            super(is, s, name);
            this.edge = edge;
            this.minGram = s.getAsInt("min_gram", 1);
            this.maxGram = s.getAsInt("max_gram", 2);
            if (!edge) {
                checkNgramDiff(is, minGram, maxGram, "NGram Tokenizer");
            }
            this.chars = tokenChars(s);
        }

        @Override
        public Tokenizer create() {
            if (chars == null) {
                return edge ? new EdgeNGramTokenizer(minGram, maxGram) : new NGramTokenizer(minGram, maxGram);
            }
            if (edge) {
                return new EdgeNGramTokenizer(minGram, maxGram) {
                    @Override
                    protected boolean isTokenChar(int c) { return chars.test(c); }
                };
            }
            return new NGramTokenizer(minGram, maxGram) {
                @Override
                protected boolean isTokenChar(int c) { return chars.test(c); }
            };
        }
    }

    static final class SimpleTokenizerFactory extends AbstractTokenizerFactory {
        private final Supplier<Tokenizer> supplier;

        SimpleTokenizerFactory(IndexSettings is, Settings s, String name, Supplier<Tokenizer> supplier) {
            super(is, s, name);
            this.supplier = supplier;
        }

        @Override
        public Tokenizer create() { return supplier.get(); }
    }

    /** Normalizing, so keyword-field normalizers can fold accents too. */
    static final class AsciiFoldingFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
        private final boolean preserveOriginal;

        AsciiFoldingFactory(String name, Settings s) {
            super(name, s);
            this.preserveOriginal = s.getAsBoolean("preserve_original", false);
        }

        @Override
        public TokenStream create(TokenStream ts) { return new ASCIIFoldingFilter(ts, preserveOriginal); }

        @Override
        public TokenStream normalize(TokenStream ts) { return new ASCIIFoldingFilter(ts, false); }
    }

    static final class NGramFilterFactory extends AbstractTokenFilterFactory {
        private final int minGram;
        private final int maxGram;
        private final boolean preserveOriginal;
        private final boolean edge;
        private final boolean back;

        NGramFilterFactory(IndexSettings is, String name, Settings s, boolean edge) {
            super(name, s);
            this.edge = edge;
            this.minGram = s.getAsInt("min_gram", 1);
            this.maxGram = s.getAsInt("max_gram", 2);
            this.preserveOriginal = s.getAsBoolean("preserve_original", false);
            String side = s.get("side", "front");
            if (!side.equals("front") && !side.equals("back")) {
                throw new IllegalArgumentException("invalid side: " + side);
            }
            this.back = edge && side.equals("back");
            if (!edge) {
                checkNgramDiff(is, minGram, maxGram, "NGram Tokenizer");
            }
        }

        @Override
        public TokenStream create(TokenStream ts) {
            if (!edge) {
                return new NGramTokenFilter(ts, minGram, maxGram, preserveOriginal);
            }
            // Lucene dropped side=back; reversing around the filter gives the same grams.
            TokenStream result = back ? new ReverseStringFilter(ts) : ts;
            result = new EdgeNGramTokenFilter(result, minGram, maxGram, preserveOriginal);
            return back ? new ReverseStringFilter(result) : result;
        }

        @Override
        public boolean breaksFastVectorHighlighter() { return true; }
    }

    static final class FunctionFilterFactory extends AbstractTokenFilterFactory {
        private final Function<TokenStream, TokenStream> f;

        FunctionFilterFactory(String name, Settings s, Function<TokenStream, TokenStream> f) {
            super(name, s);
            this.f = f;
        }

        @Override
        public TokenStream create(TokenStream ts) { return f.apply(ts); }
    }

    /** Language analyzers honouring "stopwords"/"stopwords_path" and "stem_exclusion". */
    static final class LanguageAnalyzerProvider<T extends Analyzer> extends AbstractIndexAnalyzerProvider<T> {
        private final T analyzer;

        LanguageAnalyzerProvider(Environment env, String name, Settings s, CharArraySet defaultStops,
                                 BiFunction<CharArraySet, CharArraySet, T> ctor) {
            super(name, s);
            this.analyzer = ctor.apply(Analysis.parseStopWords(env, s, defaultStops),
                Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET));
        }

        @Override
        public T get() { return analyzer; }
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", (is, env, name, s) -> new NGramTokenizerFactory(is, s, name, false),
            "edge_ngram", (is, env, name, s) -> new NGramTokenizerFactory(is, s, name, true),
            "keyword", (is, env, name, s) -> new SimpleTokenizerFactory(is, s, name,
                () -> new KeywordTokenizer(s.getAsInt("buffer_size", 256))),
            "whitespace", (is, env, name, s) -> new SimpleTokenizerFactory(is, s, name, WhitespaceTokenizer::new),
            "letter", (is, env, name, s) -> new SimpleTokenizerFactory(is, s, name, LetterTokenizer::new)
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (is, env, name, s) -> new AsciiFoldingFactory(name, s),
            "ngram", (is, env, name, s) -> new NGramFilterFactory(is, name, s, false),
            "edge_ngram", (is, env, name, s) -> new NGramFilterFactory(is, name, s, true),
            "stemmer", (is, env, name, s) -> new FunctionFilterFactory(name, s,
                stemmer(s.get("language", s.get("name", "porter")))),
            "snowball", (is, env, name, s) -> {
                String language = s.get("language", "English");
                stemmer(language); // reject an unknown language at index creation, not at first use
                return new FunctionFilterFactory(name, s, ts -> new SnowballFilter(ts, language));
            },
            "porter_stem", (is, env, name, s) -> new FunctionFilterFactory(name, s, PorterStemFilter::new),
            "kstem", (is, env, name, s) -> new FunctionFilterFactory(name, s, KStemFilter::new),
            "keyword_marker", AnalysisPlugin.requiresAnalysisSettings((is, env, name, s) -> {
                CharArraySet keywords = Analysis.getWordSet(env, s, "keywords");
                if (keywords == null) {
                    throw new IllegalArgumentException("keyword filter requires [keywords] or [keywords_path] to be configured");
                }
                CharArraySet set = new CharArraySet(keywords, s.getAsBoolean("ignore_case", false));
                return new FunctionFilterFactory(name, s, ts -> new SetKeywordMarkerFilter(ts, set));
            })
        );
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        return Map.of(
            "spanish", (is, env, name, s) -> new LanguageAnalyzerProvider<>(env, name, s,
                SpanishAnalyzer.getDefaultStopSet(), SpanishAnalyzer::new),
            "english", (is, env, name, s) -> new LanguageAnalyzerProvider<>(env, name, s,
                EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, EnglishAnalyzer::new)
        );
    }

    // Name-only references ("analyzer": "spanish", "filter": ["asciifolding"]) and
    // index-less _analyze calls go through these pre-built instances.
    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        return List.of(
            new PreBuiltAnalyzerProviderFactory("spanish", CachingStrategy.LUCENE, SpanishAnalyzer::new),
            new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new)
        );
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("ngram", false, false, ts -> new NGramTokenFilter(ts, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false, ts -> new EdgeNGramTokenFilter(ts, 1, 1, false)),
            PreConfiguredTokenFilter.singleton("stemmer", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("snowball", false, ts -> new SnowballFilter(ts, "English")),
            PreConfiguredTokenFilter.singleton("porter_stem", false, PorterStemFilter::new),
            PreConfiguredTokenFilter.singleton("kstem", false, KStemFilter::new)
        );
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton("keyword", KeywordTokenizer::new),
            PreConfiguredTokenizer.singleton("whitespace", WhitespaceTokenizer::new),
            PreConfiguredTokenizer.singleton("letter", LetterTokenizer::new),
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new),
            PreConfiguredTokenizer.singleton("edge_ngram", () -> new EdgeNGramTokenizer(1, 1))
        );
    }
}
JAVA
}

COMPAT_MODULE=quipu-compat
JAVA_HOME_FOR_ES=""
NODE=""

# Compile once per (ES version, source) and keep the jar in the cache, so a
# restart or a fresh node of the same version does not need javac again.
build_compat_module() {
    local node="$1" hash jar
    hash="$(compat_module_source | sha256sum | cut -c1-12)"
    jar="$CACHE_DIR/${COMPAT_MODULE}-${ES_VERSION}-${hash}.jar"
    if [[ ! -f "$jar" ]]; then
        local jdk work
        jdk="$(find_jdk_with_javac)" || { log "WARNING: no javac available; skipping $COMPAT_MODULE"; return 1; }
        work="$(mktemp -d)"
        mkdir -p "$work/src/org/quipu/es/compat" "$work/classes"
        compat_module_source >"$work/src/org/quipu/es/compat/QuipuCompatPlugin.java"
        log "compiling $COMPAT_MODULE against Elasticsearch $ES_VERSION"
        if ! "$jdk/bin/javac" --release 17 -nowarn -Xlint:none -cp "$node/lib/*" -d "$work/classes" \
                "$work/src/org/quipu/es/compat/QuipuCompatPlugin.java" >"$work/javac.log" 2>&1; then
            cat "$work/javac.log" >&2
            rm -rf "$work"
            log "WARNING: $COMPAT_MODULE did not compile; continuing with Hunspell only"
            return 1
        fi
        mkdir -p "$CACHE_DIR"
        "$jdk/bin/jar" cf "$jar.part" -C "$work/classes" . && mv "$jar.part" "$jar" || return 1
        rm -rf "$work"
    fi
    local dest="$node/modules/$COMPAT_MODULE"
    rm -rf "$dest"
    mkdir -p "$dest" && cp "$jar" "$dest/$COMPAT_MODULE.jar" || return 1
    cat >"$dest/plugin-descriptor.properties" <<EOF
description=Stand-ins for analysis-common components and the root endpoint missing from the integ-test distribution
version=${ES_VERSION}
name=${COMPAT_MODULE}
classname=org.quipu.es.compat.QuipuCompatPlugin
java.version=17
elasticsearch.version=${ES_VERSION}
EOF
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
    build_compat_module "$node" || rm -rf "$node/modules/$COMPAT_MODULE"
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

summary() {
    local node="$1" common=no shim=no hunspell="" locale version
    [[ -d "$node/modules/analysis-common" ]] && common=yes
    [[ -d "$node/modules/$COMPAT_MODULE" ]] && shim=yes
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

cmd_verify() {
    local node index settings compat=0
    node="$(node_dir)"
    healthy || die "Elasticsearch is not running on $ES_URL (run: bash .ci/elasticsearch.sh start)"
    [[ -n "$node" && -d "$node/modules/$COMPAT_MODULE" ]] && compat=1
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
    summary "$node"
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
