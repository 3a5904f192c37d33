"""From pages to SearchDocuments: `PageIndex`, which an app subclasses in its own `search.py`
to declare its pages (see search.registry, and the README's "Making a page type searchable").

Every document carries the page's title and `search_description` in its language (falling
back to Spanish as modeltranslation does); the rest is declared by the attributes and
methods below. A page type no app registered is found by its title and description only.
"""

import datetime
import logging
from functools import cache

from django.apps import apps
from django.db import models
from django.utils import timezone, translation
from django.utils.text import capfirst
from wagtail.models import Page

from . import registry
from .documents import SearchDocument
from .page_text import (
    attachment_for,
    field_text,
    has_content,
    languages,
    linked_documents,
    translated,
)

logger = logging.getLogger("quipu.search")

MAX_BODY_CHARS = 200_000


def page_key(page_or_id):
    """The object key of a page: "page:42"."""
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


def page_id_from_key(key):
    kind, _sep, rest = key.partition(":")
    if kind != "page":
        return None
    identifier = rest.split(":", 1)[0]
    return int(identifier) if identifier.isdigit() else None


class PageIndex:
    """Builds the SearchDocuments of one page type from what its app declares."""

    #: False keeps the page type out of search.
    indexed = True
    #: Facet value for "kind"; by default the model name without its "page" suffix.
    kind = None
    #: Fields (or methods) whose text is the body, in order: StreamField, rich or plain text.
    text_fields = ()
    #: Without a search description, the first of these with text summarises.
    summary_fields = ()
    #: {page attribute: facet}: taxonomy items (one or many-to-many) by slug, their names
    #: (`facet_words`) searched as body text too.
    facet_fields = {}
    #: The attribute (or method) giving the page's date; otherwise its first publication.
    date_field = None
    #: How much the page weighs among results (or `weight_of(page)`).
    weight = 1.0
    #: The type's name as results, facets and autocomplete show it ("Lesson learned").
    label = None
    #: Translatable words that ask for this type in a query ("pilot" / "piloto").
    type_words = ""
    #: Offered first when autocomplete reads an acronym as its words (the works it names).
    completes_first = False
    #: For declarations of apps that may not import search.
    translated = staticmethod(translated)

    def __init__(self, model):
        self.model = model

    def kind_for(self, page):
        return self.default_kind()

    def default_kind(self):
        name = self.model._meta.model_name
        return self.kind or (name.removesuffix("page") or name)

    def kinds(self):
        """(kind, label) pairs this index can produce; the label is indexed as a word of the
        page too ("piloto piura")."""
        return [(self.default_kind(), self.label or capfirst(self.model._meta.verbose_name))]

    def kind_words(self):
        return {self.default_kind(): self.type_words} if self.type_words else {}

    def statuses(self):
        """{status: label} for status badges and the status facet."""
        return {}

    def status_change_dates(self, page, after):
        """Future days on which this page's documents change by themselves."""
        return []

    def variant_label(self, page, variant):
        """How people name one variant of the page's documents (a version's label)."""
        return variant

    def is_public(self, page):
        return self.indexed and registry.visibility().is_public_page(page)

    @staticmethod
    def restricted(restricted_collections=None):
        """The private collections given, or read now: files in them are never indexed."""
        if restricted_collections is None:
            return registry.visibility().private_collection_ids()
        return restricted_collections

    def documents(self, page, restricted_collections=None):
        """One SearchDocument per site language, or none when the page is not public."""
        if not self.is_public(page):
            return []
        restricted = self.restricted(restricted_collections)
        taxonomy, date = self.taxonomy(page), self.date(page)
        found = (self.document(page, code, taxonomy, date, restricted) for code in languages())
        return [document for document in found if document is not None]

    def document(self, page, language, taxonomy, date, restricted):
        url = self.url(page, language)
        if not url:
            return None
        title, title_language = translated(page, "title", language)
        summary, summary_language = self.summary(page, language)
        body, body_language = self.body(page, language)
        labels = self.labels(page, body_language or title_language or language)
        body = "\n\n".join(part for part in (body, labels) if part)
        return SearchDocument(
            object_key=page_key(page),
            language=language,
            kind=self.kind_for(page),
            url=url,
            title=title or page.title,
            title_language=title_language or language,
            summary=summary,
            summary_language=summary_language or title_language or language,
            body=body,
            body_language=body_language or title_language or language,
            attachments=self.attachments(page, language, restricted),
            date=date,
            weight=float(self.weight_of(page)),
            facets=taxonomy,
        )

    def url(self, page, language):
        with translation.override(language):
            return page.get_url()

    def weight_of(self, page):
        return self.weight

    def summary(self, page, language):
        description, description_language = translated(page, "search_description", language)
        if has_content(description):
            return description.strip(), description_language
        for name in self.summary_fields:
            value, value_language = translated(page, name, language)
            text = field_text(_model_field(self.model, name), value).strip()
            if text:
                return text, value_language
        return "", None

    def body(self, page, language):
        """The readable text of the page in `language`, and the language most of it is in."""
        parts, sizes = [], {}
        for name in self.text_fields:
            model_field = _model_field(self.model, name)
            value, value_language = translated(page, name, language)
            if callable(value) and model_field is None:
                value = value()
            text = field_text(model_field, value).strip()
            if text:
                parts.append(text)
                key = value_language or language
                sizes[key] = sizes.get(key, 0) + len(text)
        if not parts:
            return "", None
        main_language = max(sizes, key=sizes.get)
        return "\n\n".join(parts)[:MAX_BODY_CHARS], main_language

    def labels(self, page, language):
        """What a visitor reads on the page besides its text: its type ("piloto"), the names
        of its facets' items and the declared `words(page)`."""
        parts = []
        with translation.override(language):
            parts.append(str(dict(self.kinds()).get(self.kind_for(page), "")))
            for attribute in self.facet_fields:
                for item in _items(getattr(page, attribute, None)):
                    parts += self.facet_words(item)
            parts += [str(word) for word in self.words(page)]
        return "\n".join(dict.fromkeys(part for part in parts if part))

    def facet_words(self, item):
        """The words a visitor reads for one taxonomy item, in the active language."""
        return [str(item)]

    def words(self, page):
        """More words a visitor reads on the page (practices, audiences...)."""
        return []

    def taxonomy(self, page):
        found = {}
        for attribute, facet in self.facet_fields.items():
            items = _items(getattr(page, attribute, None))
            found.setdefault(facet, set()).update(
                item.slug for item in items if getattr(item, "slug", None)
            )
        return {name: tuple(values) for name, values in found.items()}

    def date(self, page):
        value = getattr(page, self.date_field, None) if self.date_field else None
        if callable(value):
            value = value()
        if value is None:
            value = page.first_published_at
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return value

    def files(self, page, language):
        """The documents whose text the page carries: by default every document its fields in
        that language and its inline children link to."""
        return linked_documents(page, language)

    def attachments(self, page, language, restricted):
        return [
            attachment_for(document, language)
            for document in self.files(page, language)
            if document is not None and document.collection_id not in restricted
        ]

    def queryset(self):
        """Public pages of this model, with what `documents()` reads prefetched."""
        queryset = registry.visibility().public_pages(self.model.objects.all())
        prefetch = [
            name
            for name in self.facet_fields
            if getattr(_model_field(self.model, name), "many_to_many", False)
        ]
        return queryset.prefetch_related(*prefetch) if prefetch else queryset


def _items(value):
    if isinstance(value, models.Model):
        return [value]
    if value is not None and hasattr(value, "all"):
        return value.all()
    return []


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # a method or property
        return None


def adapter_for_model(model):
    """The PageIndex registered for the model (or an ancestor), or the bare one."""
    return (registry.index_class_for(model) or PageIndex)(model)


def adapter_for(page):
    return adapter_for_model(type(page))


def page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.abstract
    ]


def documents_for_page(page, restricted_collections=None):
    """The SearchDocuments of a page (any class), empty when the public may not see it."""
    page = page.specific if type(page) is Page else page
    try:
        return adapter_for(page).documents(page, restricted_collections)
    except Exception:
        logger.exception("Could not build the search documents of page %s", page.pk)
        raise


def indexes():
    found = (adapter_for_model(model) for model in page_models())
    return [index for index in found if index.indexed]


# Labels are lazy translations: cached once, read in the active language.
@cache
def kind_labels():
    return {kind: label for index in indexes() for kind, label in index.kinds()}


@cache
def status_labels():
    return {status: label for index in indexes() for status, label in index.statuses().items()}


@cache
def kind_words():
    return {kind: words for index in indexes() for kind, words in index.kind_words().items()}


@cache
def kinds_completed_first():
    return {kind for index in indexes() if index.completes_first for kind, _label in index.kinds()}
