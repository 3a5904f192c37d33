"""What a query asks besides its words: question words to ignore, the type of item wanted.

People ask as they would ask a colleague: "qué significa EESS", "piloto piura". Type words
(`PageIndex.type_words`) stay words to match, as every item's type label is indexed, and
items of that kind rank first. Words are compared by their stems in every site language.
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
    return frozenset().union(*(analyser(language).question_words for language in languages()))


@cache
def _type_keys():
    """{(language, stem): kinds} of the words that name a kind of item."""
    found = {}
    for kind, words in kind_words().items():
        for language in languages():
            for word in in_language(words, language):
                found.setdefault((language, stem(word, language)), set()).add(kind)
    return {key: tuple(sorted(kinds)) for key, kinds in found.items()}


def is_question_word(clause):
    alternatives = clause.alternatives
    return (
        len(alternatives) == len(alternatives[0]) == 1
        and fold(alternatives[0][0]) in question_words()
    )


def kinds_named(clauses):
    """(kind, factor) of the kinds of item the query's words name, in the order met: a
    question word names the kind of answer asked for ("qué significa EESS")."""
    type_keys = _type_keys()
    factors = {}
    for clause in clauses:
        if len(clause.original) != 1:
            continue
        factor = ANSWER_BOOST if is_question_word(clause) else TYPE_BOOST
        keys = {(language, stem(clause.original[0], language)) for language in languages()}
        for key in sorted(keys):
            for kind in type_keys.get(key, ()):
                factors[kind] = max(factors.get(kind, 0.0), factor)
    return tuple(factors.items())


def type_factor(kind, boost_kinds):
    return max((factor for named, factor in boost_kinds if named == kind), default=1.0)


def understood(clauses):
    """The clauses without question words (unless there is nothing else), and kinds_named."""
    clauses = tuple(clauses)
    kept = tuple(clause for clause in clauses if not is_question_word(clause))
    return kept or clauses, kinds_named(clauses)
