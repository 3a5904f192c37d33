"""Text analysis by language: tokens, accent folding, stop words and stemming.

These functions are the database engine's analysers, and the same registry builds the
Elasticsearch analysis (`elasticsearch_analysis()`), so both engines split, fold and stem text
the same way. Each language of the text has an `Analyser` in `ANALYSERS`; a language without
one (a site language added later) is folded only: no stop words, no stemming, until
`register_analyser()` gives it its own.

The Spanish stemmer is a port of Lucene's `SpanishLightStemmer` (what Elasticsearch calls
`light_spanish`), the English one is Snowball's English stemmer (`porter2`). A light stemmer
suits Spanish search better than Snowball's: Snowball conflates "mujer" and "mujeres" into
different stems and only strips "-ación" when the accent is there.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import snowballstemmer
from django.conf import settings

# The longest token kept, as Elasticsearch's standard tokenizer is configured in the mapping:
# a longer run of letters is cut into pieces of this length.
MAX_TOKEN_LENGTH = 60

# Letters and digits, joined across an inner apostrophe or full stop ("women's", "R.M"), the
# common cases of the Unicode word-break rules Elasticsearch's standard tokenizer follows.
TOKEN_RE = re.compile(r"\w+(?:['\u2019.]\w+)*")


@dataclass(frozen=True)
class Analyser:
    """How text written in one language is analysed, by both engines.

    `stem` reduces a folded word, and `elasticsearch_stemmer` names Elasticsearch's stemmer
    that does the same; `question_words` are words of questions in this language, which a
    query never requires of the text (search/intent.py).
    """

    stop_words: frozenset[str] = frozenset()
    stem: Callable[[str], str] | None = None
    elasticsearch_stemmer: str = ""
    strips_possessive: bool = False
    question_words: frozenset[str] = frozenset()


def words_of(text):
    return frozenset(text.split())


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
        return [
            token[start : start + MAX_TOKEN_LENGTH]
            for token in tokens
            for start in range(0, len(token), MAX_TOKEN_LENGTH)
        ]
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


ANALYSERS = {
    "es": Analyser(
        # Short lists on purpose: "estado", "sobre" or "general" carry meaning in this domain.
        stop_words=words_of(
            "a al algo algunas algunos ante antes como con contra cual cuando de del desde donde "
            "durante e el él ella ellas ellos en entre era eran es esa esas ese eso esos esta "
            "está están estas este esto estos fue fueron ha han hasta la las le les lo los más "
            "me mi mis muy no nos o os otra otras otro otros para pero por que qué se sea ser "
            "si sí sin sobre su sus también te tu tus u un una unas uno unos y ya"
        ),
        stem=spanish_light_stem,
        elasticsearch_stemmer="light_spanish",
        question_words=words_of(
            "que cual cuales como donde adonde cuando cuanto cuantos cuanta cuantas quien "
            "quienes porque significa significan significado debo debe deben debemos puedo "
            "puede pueden podemos hago hace hacer hacen tengo tiene tienen hay saber quiero "
            "necesito encontrar busco buscar acerca respecto"
        ),
    ),
    "en": Analyser(
        # Lucene's English stop set, which Elasticsearch's `_english_` list is.
        stop_words=words_of(
            "a an and are as at be but by for if in into is it no not of on or such that the "
            "their then there these they this to was will with"
        ),
        stem=snowballstemmer.stemmer("english").stemWord,
        elasticsearch_stemmer="porter2",
        strips_possessive=True,
        question_words=words_of(
            "what which who whom whose how where when why does do did should shall must can "
            "could would i me my we our you your is are was were be been mean means meaning "
            "know want need find look looking about regarding concerning"
        ),
    ),
}
FOLD_ONLY = Analyser()


def register_analyser(language, analyser):
    """Analyses text of `language` with `analyser` (a language without one is folded only).

    Call it before anything is indexed: the index holds text analysed the old way until it
    is rebuilt.
    """
    ANALYSERS[language] = analyser
    _stems.pop(language, None)


def analyser(language):
    return ANALYSERS.get(language, FOLD_ONLY)


def languages():
    """The site's languages, whose text is indexed and searched."""
    return [code for code, _name in settings.LANGUAGES]


def stop_words(language):
    return analyser(language).stop_words


def stem(word, language):
    """A word's stem in a language, stop words aside: folded, then stemmed if it has a stemmer."""
    stemmer = analyser(language).stem
    return stemmer(fold(word)) if stemmer else fold(word)


_stems = {}
# The caches stop growing here; words beyond it are analysed every time.
MAX_CACHED_WORDS = 200_000


def analyze_token(token, language):
    """The indexed form of one lower-cased token, or "" for a stop word."""
    cache = _stems.setdefault(language, {})
    found = cache.get(token)
    if found is None:
        rules = analyser(language)
        word = token
        if rules.strips_possessive and len(word) > 2 and word[-1] in "sS" and word[-2] in "'\u2019":
            word = word[:-2]
        found = "" if word in rules.stop_words else stem(word, language)
        if len(cache) < MAX_CACHED_WORDS:
            cache[token] = found
    return found


def analyze(text, language):
    """The stems of a text in one language, in order, stop words left out."""
    tokens = tokenize(text)
    stems = list(map(_stems.setdefault(language, {}).get, tokens))
    if None in stems:
        stems = [
            found if found is not None else analyze_token(token, language)
            for token, found in zip(tokens, stems, strict=True)
        ]
    return list(filter(None, stems))


def fold_words(text):
    """Folded words without stemming: what autocomplete and spelling suggestions compare."""
    return tokenize(fold(text))


def analyzer_name(language):
    """The Elasticsearch analyzer of text written in `language`."""
    return f"quipu_text_{language}"


def elasticsearch_analysis():
    """Index settings for the same analysis in Elasticsearch, built from the registry."""
    char_filters = {}
    filters = {
        "quipu_english_possessive": {"type": "stemmer", "language": "possessive_english"},
        "quipu_edge_ngram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
    }
    analyzers = {
        "quipu_folded": _custom(["lowercase", "asciifolding"]),
        "quipu_prefix": _custom(["lowercase", "asciifolding", "quipu_edge_ngram"]),
    }
    for language in languages():
        rules, name = analyser(language), f"quipu_{language}"
        chain = (
            ["lowercase", "quipu_english_possessive"] if rules.strips_possessive else ["lowercase"]
        )
        if rules.stop_words:
            char_filters[f"{name}_stop_words"] = {
                "type": "pattern_replace",
                "pattern": stop_word_pattern(rules),
                "flags": "UNICODE_CHARACTER_CLASS",
            }
            filters[f"{name}_stop"] = {"type": "stop", "stopwords": sorted(rules.stop_words)}
            chain.append(f"{name}_stop")
        chain.append("asciifolding")
        if rules.elasticsearch_stemmer:
            filters[f"{name}_stemmer"] = {
                "type": "stemmer",
                "language": rules.elasticsearch_stemmer,
            }
            chain.append(f"{name}_stemmer")
        stop_words = [f"{name}_stop_words"] if rules.stop_words else []
        analyzers[analyzer_name(language)] = _custom(chain, stop_words)
    return {
        "tokenizer": {
            "quipu_standard": {"type": "standard", "max_token_length": MAX_TOKEN_LENGTH},
        },
        "char_filter": char_filters,
        "filter": filters,
        "analyzer": analyzers,
    }


def _custom(chain, char_filters=()):
    analyzer = {"type": "custom", "tokenizer": "quipu_standard", "filter": chain}
    return {**analyzer, "char_filter": list(char_filters)} if char_filters else analyzer


def stop_word_pattern(rules):
    """A Java regular expression for the stop words as whole tokens of TOKEN_RE, with a
    possessive "'s" where the language strips it ("it's" is a stop word as "it" is).

    They are removed before the text is split, so they leave no gap in the positions: a phrase
    holding one ("violencia basada en género") is a lookup of indexed word pairs, and matches
    as the database engine matches it. The stop filter after that only catches what the
    tokenizer splits otherwise than TOKEN_RE."""
    possessive = r"(?:['\u2019][sS])?" if rules.strips_possessive else ""
    words = _alternatives(rules.stop_words)
    return rf"(?<!\w)(?<!\w['\u2019.]){words}{possessive}(?!\w)(?!['\u2019.]\w)"


def _alternatives(words):
    """The words as a regular expression shaped like a tree of their letters, "(?:[dD](?:[eE]
    (?:[lL])?))" rather than "(?:de|del)": a handful of first letters is tried at each word, not
    every one. Each letter names its capital rather than the pattern being case-insensitive,
    which folds the case of every character compared (a tenth of the node's indexing time)."""
    branches = []
    for letter in sorted({word[0] for word in words}):
        rest = {word[1:] for word in words if word[0] == letter}
        tail = _alternatives(rest - {""}) + ("?" if "" in rest else "") if rest != {""} else ""
        upper = letter.upper()
        either = f"[{letter}{upper}]" if len(upper) == 1 and upper != letter else re.escape(letter)
        branches.append(either + tail)
    return f"(?:{'|'.join(branches)})"
