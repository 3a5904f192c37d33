package org.quipu.es.compat;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.Analysis;

import java.util.function.BiFunction;

/** Language analyzers honouring "stopwords"/"stopwords_path" and "stem_exclusion". */
final class LanguageAnalyzerProvider<T extends Analyzer> extends AbstractIndexAnalyzerProvider<T> {
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
