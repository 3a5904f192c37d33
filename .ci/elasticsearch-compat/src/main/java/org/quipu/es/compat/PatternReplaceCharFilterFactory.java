package org.quipu.es.compat;

import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractCharFilterFactory;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.Reader;
import java.util.regex.Pattern;

/** "pattern_replace": the settings of analysis-common's (pattern, flags, replacement). */
final class PatternReplaceCharFilterFactory extends AbstractCharFilterFactory implements NormalizingCharFilterFactory {
    private final Pattern pattern;
    private final String replacement;

    PatternReplaceCharFilterFactory(String name, Settings s) {
        super(name);
        String source = s.get("pattern");
        if (source == null || source.isEmpty()) {
            throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
        }
        this.pattern = Regex.compile(source, s.get("flags"));
        this.replacement = s.get("replacement", "");
    }

    @Override
    public Reader create(Reader reader) { return new PatternReplaceCharFilter(pattern, replacement, reader); }
}
