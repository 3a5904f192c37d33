"""What gets indexed: `SearchDocument`, engine-neutral, and its Elasticsearch mapping.

A SearchDocument is one public item as a visitor of one site language sees it: a page, or
one version of a versioned work. Adapters (search/adapters.py) build them from pages; every
engine indexes them as they are. Each text field records the language it is written in,
because an English visitor is also shown pages that exist only in Spanish.
"""

import dataclasses
import datetime
import hashlib
import json
from dataclasses import dataclass, field

from .analysis import analyzer_name, elasticsearch_analysis, languages
from .query import facet_names


@dataclass
class Attachment:
    """A public file attached to the item, with the text extracted from it."""

    document_id: int
    title: str
    url: str
    language: str
    extension: str = ""
    text: str = ""


@dataclass
class SearchDocument:
    """One public item, in one site language, ready for any engine."""

    object_key: str
    language: str
    kind: str
    url: str
    title: str
    title_language: str = ""
    summary: str = ""
    summary_language: str = ""
    body: str = ""
    body_language: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    date: datetime.date | None = None
    status: str = ""
    is_current: bool = True
    # Distinguishes several documents of one object (the versions of a work).
    variant: str = ""
    # {facet: values} of the facets the apps declared (the taxonomy it is filed under).
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # How much a match in this item counts against the same match elsewhere: above 1 for a
    # protocol in force, below 1 for listings, earlier editions and versions not in force.
    weight: float = 1.0

    def __post_init__(self):
        self.title_language = self.title_language or self.language
        self.summary_language = self.summary_language or self.title_language
        self.body_language = self.body_language or self.title_language
        self.facets = {
            name: tuple(sorted(set(values))) for name, values in self.facets.items() if values
        }

    @property
    def key(self):
        """Unique per object, variant and site language: "page:42:en", "page:42:v2019:en"."""
        return ":".join(part for part in (self.object_key, self.variant, self.language) if part)

    @property
    def year(self):
        return self.date.year if self.date else None

    @property
    def is_translated(self):
        """False when a visitor of this site language is shown text in another language."""
        return self.title_language == self.language

    def facet_values(self):
        """{facet: [values]} for the facets this document counts towards."""
        values = {
            "kind": [self.kind],
            **{name: list(found) for name, found in self.facets.items()},
            "year": [str(self.year)] if self.year else [],
            "status": [self.status] if self.status else [],
        }
        return {name: found for name, found in values.items() if found}

    def facet_tokens(self):
        """Flat "facet:value" strings, the form the database engine stores and counts."""
        return [f"{name}:{value}" for name, found in self.facet_values().items() for value in found]

    def as_dict(self):
        """Plain JSON-ready data (what the database engine stores and fingerprints cover): the
        fields in order, as `dataclasses.asdict` gives them, without the deep copies it would
        make of every document in a rebuild."""
        data = {name: getattr(self, name) for name in _DOCUMENT_FIELDS}
        data["attachments"] = [
            {name: getattr(item, name) for name in _ATTACHMENT_FIELDS} for item in self.attachments
        ]
        data["date"] = self.date.isoformat() if self.date else None
        data["facets"] = {name: list(values) for name, values in self.facets.items()}
        return data

    def fingerprint(self):
        """A digest of everything indexed: equal fingerprints mean nothing to update."""
        encoded = json.dumps(self.as_dict(), ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()

    @classmethod
    def from_dict(cls, data):
        """The document `as_dict()` gave; what an earlier release stored and this one does not
        read is left out (a rebuild or `search_index fix` rewrites it)."""
        data = {key: value for key, value in data.items() if key in _DOCUMENT_FIELDS}
        data["attachments"] = [Attachment(**item) for item in data.get("attachments", [])]
        if data.get("date"):
            data["date"] = datetime.date.fromisoformat(data["date"])
        return cls(**data)


_DOCUMENT_FIELDS = tuple(item.name for item in dataclasses.fields(SearchDocument))
_ATTACHMENT_FIELDS = tuple(item.name for item in dataclasses.fields(Attachment))
_STORED = ("document_id", "title", "url", "language", "extension")  # of a file, with its text
# Sent to Elasticsearch as they are.
_SENT = (
    "key object_key language title_language kind url title summary year is_current weight".split()
)


class PageDocument:
    """The Elasticsearch form of a SearchDocument: one text field per language of the text.

    A field is filled only in the language its text is written in, so each is analysed by
    its own language's analyser; the query goes to the fields of the languages a visitor of
    the site may be shown. Titles, summaries, bodies and files index word pairs too, which
    turns the glossary's phrases into single-term lookups.
    """

    @staticmethod
    def mapping():
        # Facets build their ordinals at refresh rather than at the first aggregation after it.
        facet = {"type": "keyword", "eager_global_ordinals": True}
        stored = {"type": "keyword", "index": False, "doc_values": False}
        properties = {
            "key": {"type": "keyword", "doc_values": False},
            "object_key": {"type": "keyword", "doc_values": False},
            "language": {"type": "keyword"},
            **dict.fromkeys(("title_language", "url", "title", "summary", "fingerprint"), stored),
            "title_prefix": {
                "type": "text",
                "analyzer": "quipu_prefix",
                "search_analyzer": "quipu_folded",
            },
            "suggest": {"type": "text", "analyzer": "quipu_folded"},
            # Kept in _source only: the text of a language's files is searched in files_*.
            "attachments": {"type": "object", "enabled": False},
            "date": {"type": "date"},
            "year": {"type": "integer"},
            "is_current": {"type": "boolean"},
            "weight": {"type": "float"},
        }
        properties.update({name: facet for name in facet_names() if name != "year"})
        # Every facet's "facet:value" tokens, all counted at once when no facet is chosen.
        properties["facet_tokens"] = facet
        for language in languages():
            text = {"type": "text", "analyzer": analyzer_name(language), "index_phrases": True}
            properties[f"title_{language}"] = {**text, "copy_to": "suggest"}
            properties[f"summary_{language}"] = {**text, "copy_to": "suggest"}
            properties[f"body_{language}"] = text
            properties[f"files_{language}"] = text
        # A file's text is in _source once, under attachments (read for snippets); files_* is
        # only searched.
        return {"_source": {"excludes": ["files_*"]}, "properties": properties}

    @staticmethod
    def prepare(document):
        """The body sent to Elasticsearch for one SearchDocument."""
        body = {name: getattr(document, name) for name in _SENT}
        body |= {
            f"title_{document.title_language}": document.title,
            "title_prefix": document.title,
            "date": document.date.isoformat() if document.date else None,
            "status": document.status or None,
            "attachments": [
                {
                    **{name: getattr(item, name) for name in _STORED},
                    f"text_{item.language}": item.text,
                }
                for item in document.attachments
            ],
            "fingerprint": document.fingerprint(),
        }
        facets = document.facet_values()
        for name in facet_names():
            if name not in body:
                body[name] = facets.get(name, [])
        body["facet_tokens"] = document.facet_tokens()
        for language in {item.language for item in document.attachments}:
            body[f"files_{language}"] = "\n\n".join(
                f"{item.title}\n{item.text}"
                for item in document.attachments
                if item.language == language
            )
        if document.summary:
            body[f"summary_{document.summary_language}"] = document.summary
        if document.body:
            body[f"body_{document.body_language}"] = document.body
        return body


def index_settings(shards=1, replicas=0):
    """Settings for a new index: the analysis of every site language."""
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "max_ngram_diff": 20,
        # Newest first on disk: matches taken in the index's order for ranking (see
        # search/faceted.py) are then the most recent, as in the database engine.
        "sort.field": ["date"],
        "sort.order": ["desc"],
        "sort.missing": ["_last"],
        "analysis": elasticsearch_analysis(),
    }


def mapping():
    """The mapping of a new index. Its `_meta.schema` is a digest of the mapping and the
    analysis: an index an earlier release built otherwise is not searched (see
    ElasticsearchWriter.check_schema)."""
    properties = PageDocument.mapping()
    encoded = json.dumps([properties, elasticsearch_analysis()], sort_keys=True)
    return {**properties, "_meta": {"schema": hashlib.sha256(encoded.encode()).hexdigest()[:16]}}


def text_fields(text_languages, prefix=""):
    """Fields a query searches for the given text languages, title first."""
    return [
        f"{prefix}{field}_{language}{boost}"
        for language in text_languages
        for field, boost in (("title", "^4"), ("summary", "^2"), ("body", ""), ("files", "^0.6"))
    ]
