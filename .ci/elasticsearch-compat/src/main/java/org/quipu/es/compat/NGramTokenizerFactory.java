package org.quipu.es.compat;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

import java.util.function.IntPredicate;

/** The "ngram" and "edge_ngram" tokenizers, with "min_gram", "max_gram" and "token_chars". */
final class NGramTokenizerFactory extends AbstractTokenizerFactory {
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
            NGrams.checkNgramDiff(is, minGram, maxGram, "NGram Tokenizer");
        }
        this.chars = NGrams.tokenChars(s);
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
