"""What a query asks besides its words: question words to ignore, the type of item wanted.

People ask search as they would ask a colleague: "qué significa EESS", "piloto piura",
"events in Junin". Question words ("qué", "cómo", "what", "how"...; each language's in its
analyser, search/analysis.py) need not be matched. Type words name the kind of item wanted
("piloto", "evento", "protocol"), as each page type declares them (`PageIndex.type_words`):
they stay words to match (every item's type label is indexed with its text), and items of
that kind rank first. Words are compared by their stems in every site language, so plurals
and missing accents count ("eventos", "lecciones", "publicacion").
"""

from functools import cache

from .adapters import kind_words
from .analysis import analyser, fold, languages, stem
from .page_text import in_language

# How much more an item of the kind a query names counts than an item of another kind. It
# outweighs the weight of a protocol in force (IN_FORCE_WEIGHT in protocols_library/search.py),
# so that "piloto piura" puts the Piura pilot above a regulation that mentions the pilot.
TYPE_BOOST = 4.0
# How much more the kind of answer a question asks for counts: a definition is the answer to
# "qué significa EESS", above the items whose titles hold the acronym.
ANSWER_BOOST = 10.0


@cache
def question_words():
    """Words of questions in every site language, as typed (accents aside)."""
    return frozenset().union(*(analyser(language).question_words for language in languages()))


def _keys(word):
    """(language, stem) of a word in each language: plurals and accents aside."""
    return {(language, stem(word, language)) for language in languages()}


@cache
def _type_keys():
    """{(language, stem): kinds} of the words that name a kind of item, in each language,
    from the page types' declarations (PageIndex.type_words): several kinds for one word."""
    found = {}
    for kind, words in kind_words().items():
        for language in languages():
            for word in in_language(words, language):
                found.setdefault((language, stem(word, language)), set()).add(kind)
    return {key: tuple(sorted(kinds)) for key, kinds in found.items()}


def _single_word(clause):
    """The one word of a clause typed as a single word, else None."""
    if len(clause.original) != 1:
        return None
    return clause.original[0]


def is_question_word(clause):
    word = _single_word(clause)
    if word is None or len(clause.alternatives) > 1:
        return False
    return fold(word) in question_words()


def without_question_words(clauses):
    """Clauses without the question words, unless only question words were asked."""
    kept = tuple(clause for clause in clauses if not is_question_word(clause))
    return kept or tuple(clauses)


def kinds_named(clauses):
    """(kind, factor) of the kinds of item the query's words name, in the order met.

    A kind named by a question word ("qué significa EESS", "what does HF mean") is the kind
    of answer asked for, and counts `ANSWER_BOOST`; one named by a word to match ("piloto
    piura") counts `TYPE_BOOST`.
    """
    type_keys = _type_keys()
    factors = {}
    for clause in clauses:
        word = _single_word(clause)
        if word is None:
            continue
        factor = ANSWER_BOOST if is_question_word(clause) else TYPE_BOOST
        for key in sorted(_keys(word)):
            for kind in type_keys.get(key, ()):
                factors[kind] = max(factors.get(kind, 0.0), factor)
    return tuple(factors.items())


def type_factor(kind, boost_kinds):
    """What a match in an item of `kind` is multiplied by, for a query's `boost_kinds`."""
    return max((factor for named, factor in boost_kinds if named == kind), default=1.0)


def understood(clauses):
    """(clauses to match, (kind, factor) to rank first) of a query's clauses."""
    clauses = tuple(clauses)
    return without_question_words(clauses), kinds_named(clauses)
