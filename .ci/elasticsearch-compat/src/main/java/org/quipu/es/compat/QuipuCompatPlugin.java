package org.quipu.es.compat;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LetterTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
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
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stand-ins for parts of the default distribution that the integ-test zip lacks:
 * analysis-common components (each wrapping the Lucene class the real module
 * uses, with the same setting names and defaults, so index settings written for a
 * full distribution work unchanged) and the root endpoint of the rest-root module.
 */
public class QuipuCompatPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry registry,
            RestController controller, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver resolver, Supplier<DiscoveryNodes> nodes,
            Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootHandler(() -> clusterService));
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
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("pattern_replace", AnalysisPlugin.requiresAnalysisSettings(
            (is, env, name, s) -> new PatternReplaceCharFilterFactory(name, s)));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (is, env, name, s) -> new AsciiFoldingFactory(name, s),
            "ngram", (is, env, name, s) -> new NGramFilterFactory(is, name, s, false),
            "edge_ngram", (is, env, name, s) -> new NGramFilterFactory(is, name, s, true),
            "stemmer", (is, env, name, s) -> new FunctionFilterFactory(name, s,
                Stemmers.forLanguage(s.get("language", s.get("name", "porter")))),
            "snowball", (is, env, name, s) -> {
                String language = s.get("language", "English");
                Stemmers.forLanguage(language); // reject an unknown language at index creation, not at first use
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
