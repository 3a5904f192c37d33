"""The interface every search engine implements, and what a search returns.

Engines index SearchDocuments, remove them by object, answer SearchQuery objects with
SearchResults, rebuild from scratch and report their health. A method an engine forgets
fails loudly instead of quietly doing nothing.
"""

import datetime
from dataclasses import dataclass, field, replace

from ..highlight import Passage, best_passage, highlight_all


class SearchUnavailable(Exception):
    """The engine cannot answer now (down, too slow, or its index is missing)."""


@dataclass
class AttachmentMatch:
    """A file of the result whose extracted text matched, with the matching passage."""

    document_id: int
    title: str
    url: str
    extension: str
    language: str
    snippet: str = ""


@dataclass
class Hit:
    """One result; `title_html` and `snippet` are escaped HTML, matches wrapped in <mark>."""

    key: str
    object_key: str
    kind: str
    url: str
    title: str
    title_html: str
    snippet: str
    language: str
    title_language: str
    date: datetime.date | None = None
    status: str = ""
    is_current: bool = True
    attachment: AttachmentMatch | None = None
    score: float = 0.0
    # Filled in by the page showing the hit, in the visitor's language.
    kind_label: str = ""
    status_label: str = ""

    @property
    def is_translated(self):
        return self.title_language == self.language


def matched_hit(stems, score, body, summary, files, **fields):
    """A Hit with what matched marked: the title; the best passage of `body` (text, language),
    else of `summary`; of `files`, (AttachmentMatch, text) pairs, the one matching most."""
    passage = Passage(*body, stems)
    if not passage.matches and summary[0]:
        passage = Passage(*summary, stems)
    attachment = None
    found = best_passage([(text, match.language) for match, text in files], stems)
    if found:
        index, file_passage = found
        attachment = replace(files[index][0], snippet=file_passage.snippet())
    return Hit(
        title_html=highlight_all(fields["title"], fields["title_language"], stems),
        snippet=passage.snippet(),
        attachment=attachment,
        score=float(score or 0),
        **fields,
    )


@dataclass
class FacetCount:
    value: str
    count: int
    selected: bool = False


@dataclass
class PartialResults:
    """Results for some of the words of a query: those in `words`; none had `missing`."""

    words: list[str]
    missing: list[str]
    hits: list[Hit]
    total: int

    @property
    def text(self):
        return " ".join(self.words)


@dataclass
class SearchResults:
    """A page of hits, the total, facet counts and spelling suggestions."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)
    # A clear spelling correction searched instead of the words typed, and those words.
    corrected: str = ""
    corrected_from: str = ""
    engine: str = ""
    # True when the configured engine could not answer and another one did.
    is_fallback: bool = False
    # The best matches of some of the words, when all the words find little or nothing.
    partial: PartialResults | None = None
    # {status: matches} in versions not shown (earlier, future), when few results were.
    other_versions: dict[str, int] = field(default_factory=dict)


@dataclass
class Completion:
    """An autocomplete entry: a title that starts with what was typed."""

    title: str
    url: str
    kind: str
    language: str
    object_key: str = ""


@dataclass
class Health:
    engine: str
    is_healthy: bool
    documents: int | None = None
    detail: str = ""


@dataclass
class IndexState:
    """What an engine holds, for comparing with what should be public."""

    fingerprints: dict[str, str]


class BaseSearchBackend:
    """One search engine. Subclasses implement every method below that raises."""

    name = "base"

    def __init__(self, **options):
        self.options = options

    # Writing

    def index(self, documents):
        """Adds or replaces these SearchDocuments; returns how many were written."""
        raise NotImplementedError

    def remove(self, object_keys):
        """Removes every document of these objects ("page:42"); returns how many went."""
        raise NotImplementedError

    def replace(self, object_keys, documents):
        """Makes these objects' documents exactly `documents` (none: the objects go)."""
        documents = list(documents)
        keep = {document.key for document in documents}
        stale = [key for key in self.keys_for(object_keys) if key not in keep]
        if stale:
            self.remove_keys(stale)
        if documents:
            self.index(documents)

    def keys_for(self, object_keys):
        """Document keys currently indexed for these objects."""
        raise NotImplementedError

    def remove_keys(self, keys):
        """Removes documents by their own key ("page:42:en")."""
        raise NotImplementedError

    def rebuild(self, documents, progress=None):
        """Replaces the whole index with `documents` while searches keep being answered."""
        raise NotImplementedError

    def clear(self):
        """Removes every document (tests, and `search_index rebuild` on some engines)."""
        raise NotImplementedError

    # Reading

    def search(self, query):
        """A SearchResults for a SearchQuery, or SearchUnavailable. Entries of the objects in
        `query.excluded` count nowhere: not in hits, the total or the facets (nor `count`)."""
        raise NotImplementedError

    def count(self, query):
        """How many results a query has (partial matches)."""
        return 0 if query.is_empty else self.counts([query], sample=0)[0][0]

    def counts(self, queries, sample=1):
        """[(how many results, object keys of up to `sample` of them)] of several queries of
        one language, leaving out the same objects, asked together (spelling's candidates)."""
        raise NotImplementedError

    def autocomplete(self, text, language, limit=8, excluded=()):
        """Completions for the words typed so far, current items only, none of the objects
        in `excluded`."""
        raise NotImplementedError

    def spelling_candidates(self, word, language, limit=5):
        """Indexed words close to a misspelt word, most frequent first."""
        raise NotImplementedError

    def state(self):
        """IndexState of everything indexed."""
        raise NotImplementedError

    def health(self):
        """Health of the engine and its index."""
        raise NotImplementedError
