package org.quipu.es.compat;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexSettings;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** Settings shared by the n-gram tokenizers and filters, read as analysis-common reads them. */
final class NGrams {

    private NGrams() {}

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
}
