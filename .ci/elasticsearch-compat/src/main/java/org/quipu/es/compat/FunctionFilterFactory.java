package org.quipu.es.compat;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

import java.util.function.Function;

/** A token filter that wraps the stream in one Lucene filter. */
final class FunctionFilterFactory extends AbstractTokenFilterFactory {
    private final Function<TokenStream, TokenStream> f;

    FunctionFilterFactory(String name, Settings s, Function<TokenStream, TokenStream> f) {
        super(name, s);
        this.f = f;
    }

    @Override
    public TokenStream create(TokenStream ts) { return f.apply(ts); }
}
