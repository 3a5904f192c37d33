package org.quipu.es.compat;

import org.apache.lucene.analysis.Tokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

import java.util.function.Supplier;

/** A tokenizer without settings of its own beyond what its supplier reads. */
final class SimpleTokenizerFactory extends AbstractTokenizerFactory {
    private final Supplier<Tokenizer> supplier;

    SimpleTokenizerFactory(IndexSettings is, Settings s, String name, Supplier<Tokenizer> supplier) {
        super(is, s, name);
        this.supplier = supplier;
    }

    @Override
    public Tokenizer create() { return supplier.get(); }
}
