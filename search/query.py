"""What a person typed, turned into plain words and phrases; what they asked for, as data.

Nothing here talks to an engine. Engines receive a `SearchQuery` whose text has been parsed
into clauses: every clause must match, and a clause matches when any of its alternatives
does (a word, a phrase, or a glossary synonym of either). No user syntax reaches an engine:
field prefixes, boolean operators, wildcards and brackets are just punctuation here.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings

from . import registry
from .analysis import MAX_TOKEN_LENGTH, analyze, fold

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12
MAX_PAGE = 50
RESULTS_PER_PAGE = 10
SORTS = ("relevance", "date")

WORD_RE = re.compile(r"\w+(?:['\u2019.]\w+)*")
PHRASE_RE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Clause:
    """One thing the results must contain, in any of several wordings.

    Each alternative is a tuple of words; more than one word makes it a phrase. `languages`
    says, alternative by alternative, which languages' text it is looked for in (a glossary
    wording in Spanish is not looked for in English text); empty means every language.
    """

    alternatives: tuple[tuple[str, ...], ...]
    languages: tuple[tuple[str, ...], ...] = ()

    @property
    def original(self):
        return self.alternatives[0]

    def wordings_in(self, language):
        """The alternatives to look for in text written in `language`."""
        if not self.languages:
            return list(self.alternatives)
        return [
            words
            for words, languages in zip(self.alternatives, self.languages, strict=True)
            if not languages or language in languages
        ]


def term_filters():
    """Facets the visitor filters by picking values: the type of item, the facets the apps
    declared (search.registry.register_facet) and the status; years are a range instead."""
    return ("kind", *registry.facets(), "status")


def facet_names():
    """Facets stored on every document and counted for every search."""
    return (*term_filters(), "year")


class Filters:
    """Restrictions the visitor chose, `Filters(sector=("salud",), year_from=2018)`: values
    of any term filter, and a range of years; empty restricts nothing."""

    def __init__(self, year_from=None, year_to=None, **chosen):
        unknown = set(chosen) - set(term_filters())
        if unknown:
            raise TypeError(f"No such filter: {', '.join(sorted(unknown))}")
        self.year_from, self.year_to = year_from, year_to
        self.chosen = {name: tuple(values) for name, values in chosen.items() if values}

    def __getattr__(self, name):
        """The values chosen of a term filter: () when none were."""
        if name != "chosen" and name in term_filters():
            return self.chosen.get(name, ())
        raise AttributeError(name)

    def _identity(self):
        return (self.year_from, self.year_to, tuple(sorted(self.chosen.items())))

    def __eq__(self, other):
        return isinstance(other, Filters) and self._identity() == other._identity()

    def __hash__(self):
        return hash(self._identity())

    def __repr__(self):
        return f"Filters({self._identity()})"

    def terms(self):
        """(facet, values) for every facet filtered by values."""
        return [(name, self.chosen[name]) for name in term_filters() if name in self.chosen]

    @property
    def is_empty(self):
        return not self.chosen and self.year_from is None and self.year_to is None


@dataclass(frozen=True)
class SearchQuery:
    """Everything a search needs: text, language, filters, sort and page."""

    text: str = ""
    language: str = field(default_factory=lambda: settings.LANGUAGE_CODE)
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = RESULTS_PER_PAGE
    include_versions: bool = False
    clauses: tuple[Clause, ...] | None = None
    # (kind, factor) of the kinds of item the words name ("piloto" → pilot), ranked first
    # (search/intent.py).
    boost_kinds: tuple[tuple[str, float], ...] = ()
    # Object keys ("page:42") the engine must leave out of hits, totals, facets and counts:
    # its entries for them may be stale (see SearchEngine.search). Set by the engine only.
    excluded: tuple[str, ...] = ()

    def __post_init__(self):
        if self.clauses is None:
            object.__setattr__(self, "clauses", parse(self.text))
        if self.sort not in SORTS:
            object.__setattr__(self, "sort", "relevance")
        object.__setattr__(self, "page", min(max(int(self.page), 1), MAX_PAGE))

    @property
    def offset(self):
        return (self.page - 1) * self.per_page

    @property
    def is_empty(self):
        return not self.clauses

    @property
    def site_text_languages(self):
        return site_text_languages(self.language)


def site_text_languages(language):
    """Languages of the text a visitor of this site language may be shown.

    The site of the default language (Spanish) holds text in that language only; another
    language's site holds its own text and the default language's text of pages not yet
    translated.
    """
    default = settings.LANGUAGE_CODE
    return (language,) if language == default else (language, default)


def clean(raw):
    """Search text as a person meant it: printable, single-spaced, bounded in length."""
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", str(raw)[: MAX_QUERY_LENGTH * 4])
    text = "".join(ch if (ch.isprintable() or ch.isspace()) else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words(text):
    """The words of a piece of query text, without punctuation, long runs dropped."""
    return tuple(
        word for word in WORD_RE.findall(text.replace("_", " ")) if len(word) <= MAX_TOKEN_LENGTH
    )


def parse(raw):
    """Clauses of a query: quoted phrases when the quotes balance, otherwise single words.

    >>> parse('protocolo "violencia de género"')
    (Clause(alternatives=(('protocolo',),)), Clause(alternatives=(('violencia', 'de', 'género'),)))
    """
    text = clean(raw)
    clauses = []
    if text.count('"') % 2:
        text = text.replace('"', " ")
    position = 0
    for match in PHRASE_RE.finditer(text):
        clauses.extend(Clause(((word,),)) for word in words(text[position : match.start()]))
        phrase = words(match.group(1))
        if phrase:
            clauses.append(Clause((phrase,)))
        position = match.end()
    clauses.extend(Clause(((word,),)) for word in words(text[position:]))
    unique = []
    seen = set()
    for clause in clauses:
        folded = tuple(fold(word) for word in clause.original)
        if folded not in seen:
            seen.add(folded)
            unique.append(clause)
    return tuple(unique[:MAX_CLAUSES])


def without_stop_words(clauses, languages):
    """Clauses that mean something in every language searched.

    A word is a stop word by the language of the text it is looked for in: on the English
    site, "in" or "the" is no word to require of the Spanish text shown there, nor "de" or
    "la" of the English text. A clause made only of stop words in one of those languages is
    dropped, unless the glossary gave it other wordings (then it names a term).

    >>> without_stop_words(parse("care in health"), ("en", "es"))
    (Clause(alternatives=(('care',),)), Clause(alternatives=(('health',),)))
    """
    return tuple(
        clause
        for clause in clauses
        if len(clause.alternatives) > 1
        or all(analyze(" ".join(clause.original), language) for language in languages)
    )


def normalized(text):
    """The folded, single-spaced form of a query, for analytics: accents and case ignored."""
    return " ".join(fold(word) for word in words(clean(text)))
