package org.quipu.es.compat;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.es.SpanishPluralStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The "language" of the stemmer filter, mapped to the same Lucene classes the real filter picks. */
final class Stemmers {

    private Stemmers() {}

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

    static Function<TokenStream, TokenStream> forLanguage(String language) {
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
}
