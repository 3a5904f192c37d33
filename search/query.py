"""What a person typed, parsed into clauses, and what they asked for, as data.

Every clause must match; a clause matches when any of its alternatives does (a word, a
phrase, or a glossary synonym of either). No user syntax reaches an engine: field prefixes,
operators, wildcards and brackets are just punctuation here.
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
    """One thing the results must contain, in any of several wordings (tuples of words);
    `languages`, per wording, the languages' text it is looked for in (empty: any)."""

    alternatives: tuple[tuple[str, ...], ...]
    languages: tuple[tuple[str, ...], ...] = ()

    @property
    def original(self):
        return self.alternatives[0]

    def wordings_in(self, language):
        if not self.languages:
            return list(self.alternatives)
        return [
            words
            for words, languages in zip(self.alternatives, self.languages, strict=True)
            if not languages or language in languages
        ]


def term_filters():
    """Facets filtered by picking values (years are a range instead)."""
    return ("kind", *registry.facets(), "status")


def facet_names():
    return (*term_filters(), "year")


@dataclass(init=False)
class Filters:
    """Restrictions the visitor chose: `Filters(sector=("salud",), year_from=2018)`."""

    year_from: int | None
    year_to: int | None
    chosen: dict[str, tuple[str, ...]]

    def __init__(self, year_from=None, year_to=None, **chosen):
        unknown = set(chosen) - set(term_filters())
        if unknown:
            raise TypeError(f"No such filter: {', '.join(sorted(unknown))}")
        self.year_from, self.year_to = year_from, year_to
        self.chosen = {name: tuple(values) for name, values in chosen.items() if values}

    def __getattr__(self, name):
        if name != "chosen" and name in term_filters():
            return self.chosen.get(name, ())
        raise AttributeError(name)

    def __hash__(self):
        return hash((self.year_from, self.year_to, tuple(sorted(self.chosen.items()))))

    def terms(self):
        return [(name, self.chosen[name]) for name in term_filters() if name in self.chosen]


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    language: str = field(default_factory=lambda: settings.LANGUAGE_CODE)
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1
    per_page: int = RESULTS_PER_PAGE
    include_versions: bool = False
    clauses: tuple[Clause, ...] | None = None
    # (kind, factor) of the kinds of item the words name, ranked first (search/intent.py).
    boost_kinds: tuple[tuple[str, float], ...] = ()
    # Object keys whose entries the engine may hold stale, left out of everything it answers
    # (search/sync.py). Set by the engine only.
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
    """Languages of the text a visitor may be shown: another language's site holds the
    default language's text of pages not yet translated too."""
    default = settings.LANGUAGE_CODE
    return (language,) if language == default else (language, default)


def clean(raw):
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", str(raw)[: MAX_QUERY_LENGTH * 4])
    text = "".join(ch if (ch.isprintable() or ch.isspace()) else " " for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def words(text):
    return tuple(
        word for word in WORD_RE.findall(text.replace("_", " ")) if len(word) <= MAX_TOKEN_LENGTH
    )


def parse(raw):
    """Clauses of a query: quoted phrases when the quotes balance, otherwise single words.

    >>> parse('protocolo "violencia de género"')
    (Clause(alternatives=(('protocolo',),)), Clause(alternatives=(('violencia', 'de', 'género'),)))
    """
    text = clean(raw)
    clauses, position = [], 0
    if text.count('"') % 2:
        text = text.replace('"', " ")
    for match in PHRASE_RE.finditer(text):
        clauses.extend(Clause(((word,),)) for word in words(text[position : match.start()]))
        phrase = words(match.group(1))
        if phrase:
            clauses.append(Clause((phrase,)))
        position = match.end()
    clauses.extend(Clause(((word,),)) for word in words(text[position:]))
    unique = {}
    for clause in clauses:
        unique.setdefault(tuple(map(fold, clause.original)), clause)
    return tuple(unique.values())[:MAX_CLAUSES]


def without_stop_words(clauses, languages):
    """Clauses that mean something in every language searched: on the English site, "in"
    is no word to require of the Spanish text shown there, nor "de" of the English text. A
    clause of stop words is kept when the glossary gave it other wordings (a term's).

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
    """The folded form of a query, for analytics."""
    return " ".join(fold(word) for word in words(clean(text)))
