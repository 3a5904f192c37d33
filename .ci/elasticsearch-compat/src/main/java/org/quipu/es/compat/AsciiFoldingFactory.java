package org.quipu.es.compat;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

/** "asciifolding"; normalizing, so keyword-field normalizers can fold accents too. */
final class AsciiFoldingFactory extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
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
