"""Spanish and English text analysis: tokens, accent folding, stop words and stemming.

These functions are the database engine's analysers, and their word lists feed the
Elasticsearch mapping (`elasticsearch_analysis()`), so both engines split, fold and stem text
the same way. The Spanish stemmer is a port of Lucene's `SpanishLightStemmer` (what
Elasticsearch calls `light_spanish`), the English one is Snowball's English stemmer
(`porter2`). A light stemmer suits Spanish search better than Snowball's: Snowball conflates
"mujer" and "mujeres" into different stems and only strips "-ación" when the accent is there.
"""

import re
import unicodedata

import snowballstemmer

LANGUAGES = ("es", "en")

# The longest token kept, as Elasticsearch's standard tokenizer is configured in the mapping:
# a longer run of letters is cut into pieces of this length.
MAX_TOKEN_LENGTH = 60

# Letters and digits, joined across an inner apostrophe or full stop ("women's", "R.M"), the
# common cases of the Unicode word-break rules Elasticsearch's standard tokenizer follows.
TOKEN_RE = re.compile(r"\w+(?:['\u2019.]\w+)*")

# Short lists on purpose: "estado", "sobre" or "general" carry meaning in this domain.
STOPWORDS = {
    "es": (
        "a al algo algunas algunos ante antes como con contra cual cuando de del desde donde "
        "durante e el él ella ellas ellos en entre era eran es esa esas ese eso esos esta "
        "está están estas este esto estos fue fueron ha han hasta la las le les lo los más "
        "me mi mis muy no nos o os otra otras otro otros para pero por que qué se sea ser "
        "si sí sin sobre su sus también te tu tus u un una unas uno unos y ya"
    ).split(),
    # Lucene's English stop set, which Elasticsearch's `_english_` list is.
    "en": (
        "a an and are as at be but by for if in into is it no not of on or such that the "
        "their then there these they this to was will with"
    ).split(),
}

# Letters NFKD does not decompose, folded as Lucene's ASCIIFoldingFilter folds them.
EXTRA_FOLDS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "đ": "d",
        "ł": "l",
        "þ": "th",
        "ð": "d",
        "\u0131": "i",
    }
)

_english_stemmer = snowballstemmer.stemmer("english")
_STOPWORD_SETS = {language: frozenset(words) for language, words in STOPWORDS.items()}


# Combining marks of the Unicode blocks that hold them; NFKD leaves accents as these.
COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text):
    """Lower case without diacritics: "Capacitaciòn" and "capacitación" → "capacitacion"."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return COMBINING_RE.sub("", decomposed).translate(EXTRA_FOLDS)


def tokenize(text):
    """The words of a text, lower-cased, in order, with long runs cut as the mapping cuts them."""
    tokens = TOKEN_RE.findall(text.lower())
    if tokens and max(map(len, tokens)) > MAX_TOKEN_LENGTH:
        cut = []
        for token in tokens:
            cut.extend(
                token[start : start + MAX_TOKEN_LENGTH]
                for start in range(0, len(token), MAX_TOKEN_LENGTH)
            )
        return cut
    return tokens


def spanish_light_stem(word):
    """Lucene's SpanishLightStemmer: plural and gender endings, on a folded or accented word."""
    if len(word) < 5:
        return word
    word = word.translate(_SPANISH_VOWELS)
    last = word[-1]
    if last in "oae":
        return word[:-1]
    if last == "s":
        if word.endswith("ses"):
            return word[:-2]
        if word.endswith("ces"):
            return word[:-3] + "z"
        if word[-2] in "oae":
            return word[:-2]
    return word


_SPANISH_VOWELS = str.maketrans("àáâäòóôöèéêëùúûüìíîï", "aaaaooooeeeeuuuuiiii")


def english_stem(word):
    """Snowball's English stemmer (porter2), after dropping a possessive "'s"."""
    return _english_stemmer.stemWord(word)


def strip_possessive(token):
    if len(token) > 2 and token[-1] in "sS" and token[-2] in "'\u2019":
        return token[:-2]
    return token


_stems = {language: {} for language in LANGUAGES}
# The caches stop growing here; words beyond it are analysed every time.
MAX_CACHED_WORDS = 200_000


def analyze_token(token, language):
    """The indexed form of one lower-cased token, or "" for a stop word."""
    cache = _stems[language]
    stem = cache.get(token)
    if stem is None:
        stem = _analyze_token(token, language)
        if len(cache) < MAX_CACHED_WORDS:
            cache[token] = stem
    return stem


def _analyze_token(token, language):
    if language == "en":
        token = strip_possessive(token)
    if token in _STOPWORD_SETS[language]:
        return ""
    folded = fold(token)
    if language == "en":
        return english_stem(folded)
    return spanish_light_stem(folded)


def analyze(text, language):
    """The stems of a text in one language, in order, stop words left out."""
    tokens = tokenize(text)
    stems = list(map(_stems[language].get, tokens))
    if None in stems:
        stems = [
            stem if stem is not None else analyze_token(token, language)
            for token, stem in zip(tokens, stems, strict=True)
        ]
    return list(filter(None, stems))


def fold_words(text):
    """Folded words without stemming: what autocomplete and spelling suggestions compare."""
    return tokenize(fold(text))


def elasticsearch_analysis():
    """Index settings for the same analysis in Elasticsearch, built from the lists above."""
    return {
        "tokenizer": {
            "quipu_standard": {"type": "standard", "max_token_length": MAX_TOKEN_LENGTH},
        },
        "filter": {
            "quipu_spanish_stop": {"type": "stop", "stopwords": STOPWORDS["es"]},
            "quipu_english_stop": {"type": "stop", "stopwords": STOPWORDS["en"]},
            "quipu_spanish_stemmer": {"type": "stemmer", "language": "light_spanish"},
            "quipu_english_stemmer": {"type": "stemmer", "language": "porter2"},
            "quipu_english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "quipu_edge_ngram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        },
        "analyzer": {
            "quipu_spanish": {
                "type": "custom",
                "tokenizer": "quipu_standard",
                "filter": [
                    "lowercase",
                    "quipu_spanish_stop",
                    "asciifolding",
                    "quipu_spanish_stemmer",
                ],
            },
            "quipu_english": {
                "type": "custom",
                "tokenizer": "quipu_standard",
                "filter": [
                    "lowercase",
                    "quipu_english_possessive",
                    "quipu_english_stop",
                    "asciifolding",
                    "quipu_english_stemmer",
                ],
            },
            "quipu_folded": {
                "type": "custom",
                "tokenizer": "quipu_standard",
                "filter": ["lowercase", "asciifolding"],
            },
            "quipu_prefix": {
                "type": "custom",
                "tokenizer": "quipu_standard",
                "filter": ["lowercase", "asciifolding", "quipu_edge_ngram"],
            },
        },
    }


ANALYZERS = {"es": "quipu_spanish", "en": "quipu_english"}
