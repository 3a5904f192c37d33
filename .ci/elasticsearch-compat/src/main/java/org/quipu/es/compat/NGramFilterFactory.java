package org.quipu.es.compat;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

/** The "ngram" and "edge_ngram" token filters, "side" and "preserve_original" included. */
final class NGramFilterFactory extends AbstractTokenFilterFactory {
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
            NGrams.checkNgramDiff(is, minGram, maxGram, "NGram Tokenizer");
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
