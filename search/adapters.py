"""From pages to SearchDocuments: a generic adapter for any page type, and a registry.

Any `Page` subclass is indexed by `PageAdapter` with no work from its app:

- text: title, `search_description`, and the model's Wagtail `search_fields` (StreamField,
  RichTextField and plain text alike), in the site language, falling back to Spanish as
  modeltranslation does; a field called `intro` or `summary` is the summary; a search
  field or method named like `text_in_force_en` is text of that language only;
- labels: the names of its taxonomy terms (and institutions' acronyms) and the strings of a
  `search_labels()` method, in the language of the text, as the visitor reads them on the
  page; they are searched as the page's body;
- facets: attributes named `sectors`, `regions`, `institutions`, `topics` (many-to-many) or
  `sector`, `region`, `institution`, `topic` (one), by slug;
- weight: a `search_weight` attribute or property (1 by default; a listing page says 0.5);
- date: a `search_date` attribute or method if the page has one, else a field named `date`,
  `start_date`, `publication_date` or `edition_date`, else its first publication;
- files: a `search_documents(language)` method if the page has one, else every document its
  fields of that language and its inline children link to (chooser blocks, rich-text links,
  foreign keys); only files in public collections are indexed;
- a class attribute `search_indexed = False` keeps a page type out of search.

A page type that needs more registers an adapter here, by model label, so no other app has
to import search: `@register("protocols_library.ProtocolWorkPage")`. Labels are resolved
lazily, so an adapter may be registered before (or without) its app being installed.
"""

import datetime
import logging
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from knowledge.visibility import is_public_page, private_collection_ids, public_pages

from .documents import Attachment, SearchDocument

logger = logging.getLogger("quipu.search")

TAXONOMY_ATTRIBUTES = {
    "sectors": "sectors",
    "regions": "regions",
    "institutions": "institutions",
    "topics": "topics",
    "sector": "sectors",
    "region": "regions",
    "institution": "institutions",
    "topic": "topics",
}
SUMMARY_FIELDS = ("intro", "summary", "introduction")
# The first of these a page has is its date in results; otherwise its first publication.
DATE_ATTRIBUTES = ("search_date", "date", "start_date", "publication_date", "edition_date")
# Page fields that are metadata, not text a visitor reads.
NOT_BODY_FIELDS = {"title", "seo_title", "search_description", "slug", "url_path", "draft_title"}
# Extracted text beyond this is not indexed: a 300-page annex adds little and slows everything.
MAX_ATTACHMENT_CHARS = 200_000
MAX_BODY_CHARS = 200_000

# Weights of a work in force, and of its other versions (see SearchDocument.weight).
IN_FORCE = "in_force"
IN_FORCE_WEIGHT = 1.5
OTHER_VERSION_WEIGHT = 0.5

_registry = {}


def register(*labels):
    """Class decorator: use this adapter for pages of these models and their subclasses."""

    def decorator(adapter_class):
        for label in labels:
            _registry[label.lower()] = adapter_class
        return adapter_class

    return decorator


def object_key(page):
    return f"page:{page.pk}"


def page_id_from_key(key):
    kind, _sep, rest = key.partition(":")
    if kind != "page":
        return None
    identifier = rest.split(":", 1)[0]
    return int(identifier) if identifier.isdigit() else None


def languages():
    return [code for code, _name in settings.LANGUAGES]


def default_language():
    return settings.LANGUAGE_CODE


def translated(obj, field_name, language):
    """(value, language it is written in) as a visitor of `language` sees the field."""
    localized = f"{field_name}_{language}"
    if hasattr(obj, localized):
        value = getattr(obj, localized)
        if _has_content(value):
            return value, language
        fallback = f"{field_name}_{default_language()}"
        if hasattr(obj, fallback):
            return getattr(obj, fallback), default_language()
        return value, language
    return getattr(obj, field_name, None), None


def _has_content(value):
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True


def field_text(model_field, value):
    """Plain text of a field value: StreamField and rich text through Wagtail's own helpers."""
    if value is None:
        return ""
    if isinstance(model_field, StreamField):
        return "\n".join(
            text for text in model_field.get_searchable_content(value) if text and text.strip()
        )
    if isinstance(model_field, RichTextField):
        return get_text_for_indexing(str(value))
    if isinstance(value, str):
        return strip_tags(value) if "<" in value else value
    return str(value)


class PageAdapter:
    """Builds the SearchDocuments of one page; subclass it for page types that need more."""

    #: False keeps a page type out of search (the home page is a menu, not a result). A
    #: model may say so itself with a class attribute `search_indexed = False`.
    indexed = True
    #: Facet value for "kind"; defaults to the model name.
    kind = None

    def __init__(self, model):
        self.model = model
        if getattr(model, "search_indexed", True) is False:
            self.indexed = False

    # What kind of result this is

    def kind_for(self, page):
        return self.default_kind()

    def default_kind(self):
        """ "lesson" for LessonPage: the model name without its "page" suffix."""
        name = self.model._meta.model_name
        return self.kind or (name.removesuffix("page") or name)

    def kind_label(self):
        return self.model._meta.verbose_name

    def kinds(self):
        """(kind, label) pairs this adapter can produce, for the labels of the kind facet."""
        return [(self.default_kind(), self.kind_label())]

    def statuses(self):
        """{status: label} this adapter can produce, for status badges and the status facet."""
        return {}

    def status_change_dates(self, page, after):
        """Future days on which this page's documents change by themselves (none by default)."""
        return []

    # Whether the public may see it

    def is_public(self, page):
        """Indexed, and public by the site's one rule (knowledge.visibility)."""
        return self.indexed and is_public_page(page)

    # Its documents

    def documents(self, page, restricted_collections=None):
        """One SearchDocument per site language, or none when the page is not public."""
        if not self.is_public(page):
            return []
        restricted = (
            restricted_collections
            if restricted_collections is not None
            else restricted_collection_ids()
        )
        found = []
        taxonomy = self.taxonomy(page)
        date = self.date(page)
        for language in languages():
            document = self.document(page, language, taxonomy, date, restricted)
            if document is not None:
                found.append(document)
        return found

    def document(self, page, language, taxonomy, date, restricted):
        url = self.url(page, language)
        if not url:
            return None
        title, title_language = translated(page, "title", language)
        summary, summary_language = self.summary(page, language)
        body, body_language = self.body(page, language)
        labels = self.labels(page, body_language or title_language or language)
        if labels:
            body = "\n\n".join(part for part in (body, labels) if part)
        return SearchDocument(
            object_key=object_key(page),
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
            weight=float(getattr(page, "search_weight", 1.0)),
            **taxonomy,
        )

    def url(self, page, language):
        with translation.override(language):
            return page.get_url()

    # Text

    @cached_property
    def _text_fields(self):
        """(name, model field) of the model's search fields that hold readable text."""
        translation_names = _translation_field_names(self.model)
        found = []
        for search_field in self.model.get_search_fields():
            if not isinstance(search_field, index.SearchField):
                continue
            name = search_field.field_name
            if name in NOT_BODY_FIELDS or name in translation_names:
                continue
            if any(name == existing for existing, _field in found):
                continue
            try:
                model_field = self.model._meta.get_field(name)
            except Exception:  # a method or property used as a search field
                model_field = None
            found.append((name, model_field))
        return found

    def summary(self, page, language):
        description, description_language = translated(page, "search_description", language)
        if _has_content(description):
            return description.strip(), description_language
        for name, model_field in self._text_fields:
            if name in SUMMARY_FIELDS:
                value, value_language = translated(page, name, language)
                text = field_text(model_field, value).strip()
                if text:
                    return text, value_language
        return "", None

    def body(self, page, language):
        """The readable text of the page in `language`, and the language most of it is in."""
        parts, sizes = [], {}
        for name, model_field in self._text_fields:
            written_in = _language_suffix(name)
            if written_in and written_in != language:
                # A search field such as `text_in_force_en` belongs to one language only.
                continue
            value, value_language = translated(page, name, language)
            value_language = written_in or value_language
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
        """What a visitor reads on the page besides its text, in `language`: its type, the
        names of its topics, sectors, regions and institutions, the page's own `search_labels()`
        (a pilot's practices, a course's audiences...)."""
        parts = []
        with translation.override(language):
            # The type of item, as results label it ("piloto", "evento"): "piloto piura".
            parts.append(str(dict(self.kinds()).get(self.kind_for(page), "")))
            for attribute in TAXONOMY_ATTRIBUTES:
                value = getattr(page, attribute, None)
                if isinstance(value, models.Model):
                    items = [value]
                elif value is not None and hasattr(value, "all"):
                    items = value.all()
                else:
                    continue
                for item in items:
                    parts += [str(item), getattr(item, "acronym", "") or ""]
            hook = getattr(page, "search_labels", None)
            if callable(hook):
                parts += [str(label) for label in hook()]
        return "\n".join(dict.fromkeys(part for part in parts if part))

    # Facets and date

    def taxonomy(self, page):
        found = {"sectors": set(), "regions": set(), "institutions": set(), "topics": set()}
        for attribute, facet in TAXONOMY_ATTRIBUTES.items():
            value = getattr(page, attribute, None)
            if value is None:
                continue
            if isinstance(value, models.Model):
                items = [value]
            elif hasattr(value, "all"):
                items = value.all()
            else:
                continue
            found[facet].update(item.slug for item in items if getattr(item, "slug", None))
        return {name: tuple(values) for name, values in found.items()}

    def date(self, page):
        value = None
        for name in DATE_ATTRIBUTES:
            value = getattr(page, name, None)
            if callable(value):
                value = value()
            if value is not None:
                break
        if value is None:
            value = page.first_published_at
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return value

    # Files

    def attachments(self, page, language, restricted):
        hook = getattr(page, "search_documents", None)
        if callable(hook):
            documents = list(hook(language))
        else:
            documents = linked_documents(page, language)
        return [
            attachment_for(document, language)
            for document in documents
            if document is not None and document.collection_id not in restricted
        ]

    # Bulk

    def queryset(self):
        """Live pages of this model, with what `documents()` reads prefetched."""
        queryset = public_pages(self.model.objects.all())
        prefetch = [
            attribute
            for attribute in TAXONOMY_ATTRIBUTES
            if _is_many_to_many(self.model, attribute)
        ]
        return queryset.prefetch_related(*prefetch) if prefetch else queryset


def _language_suffix(name):
    """ "en" for a field or method named like "text_in_force_en", else None."""
    for code in languages():
        if name.endswith(f"_{code}"):
            return code
    return None


def _is_many_to_many(model, name):
    try:
        return model._meta.get_field(name).many_to_many
    except Exception:
        return False


def _translation_field_names(model):
    try:
        from modeltranslation.translator import NotRegistered, translator
    except ImportError:
        return set()
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return set()
    return {field.name for fields in options.all_fields.values() for field in fields}


def linked_documents(page, language):
    """Documents the page's fields in `language` and its inline children link to, each once."""
    identifiers = _document_ids(page, language)
    for child in _children(page):
        identifiers += _document_ids(child, language)
    seen, ordered = set(), []
    for identifier in identifiers:
        if identifier not in seen:
            seen.add(identifier)
            ordered.append(identifier)
    documents = get_document_model().objects.in_bulk(ordered)
    return [documents[identifier] for identifier in ordered if identifier in documents]


def _children(page):
    """Inline children (files, versions...) of a page, from its modelcluster relations."""
    try:
        from modelcluster.models import get_all_child_relations
    except ImportError:
        return []
    children = []
    for relation in get_all_child_relations(page):
        manager = getattr(page, relation.get_accessor_name(), None)
        if manager is not None:
            children.extend(manager.all())
    return children


def _document_ids(obj, language):
    Document = get_document_model()
    translation_names = _translation_field_names(type(obj))
    identifiers = []
    for model_field in type(obj)._meta.concrete_fields:
        name = model_field.name
        if name in translation_names:
            continue
        if isinstance(model_field, models.ForeignKey):
            if issubclass(model_field.related_model, Document):
                value_id = getattr(obj, model_field.attname, None)
                localized = f"{model_field.attname.removesuffix('_id')}_{language}_id"
                if hasattr(obj, localized):
                    value_id = getattr(obj, localized) or value_id
                if value_id:
                    identifiers.append(value_id)
            continue
        if not hasattr(model_field, "extract_references"):
            continue
        value, _language = translated(obj, name, language)
        if value is None:
            continue
        try:
            references = list(model_field.extract_references(value))
        except Exception:  # a malformed stream must not stop the rest of the page
            logger.warning("Could not read references of %r.%s", obj, name, exc_info=True)
            continue
        for model, object_id, *_paths in references:
            if model is not None and issubclass(model, Document) and str(object_id).isdigit():
                identifiers.append(int(object_id))
    return identifiers


def attachment_for(document, language):
    title, _title_language = translated(document, "title", language)
    file_language = getattr(document, "language", "") or default_language()
    if file_language not in languages():
        file_language = default_language()
    return Attachment(
        document_id=document.pk,
        title=title or document.title,
        url=document.url,
        language=file_language,
        extension=(document.file_extension or "").lower(),
        text=(getattr(document, "extracted_text", "") or "")[:MAX_ATTACHMENT_CHARS],
    )


def restricted_collection_ids():
    """Collections whose documents the public may not download, descendants included."""
    return private_collection_ids()


def adapter_for_model(model):
    """The registered adapter of the nearest registered class in the model's ancestry."""
    for klass in model.__mro__:
        meta = getattr(klass, "_meta", None)
        if meta is None or meta.abstract:
            continue
        adapter_class = _registry.get(meta.label_lower)
        if adapter_class is not None:
            return adapter_class(model)
    return PageAdapter(model)


def adapter_for(page):
    return adapter_for_model(type(page))


def page_models():
    """Every concrete page model, for rebuilding and checking the whole index."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.abstract
    ]


def documents_for_page(page, restricted_collections=None):
    """The SearchDocuments of a page (any class), empty when the public may not see it."""
    page = page.specific if type(page) is Page else page
    try:
        adapter = adapter_for(page)
        return adapter.documents(page, restricted_collections)
    except Exception:
        logger.exception("Could not build the search documents of page %s", page.pk)
        raise


@cache
def kind_labels():
    """{kind: label} for every page type that can appear in results (labels are lazy)."""
    labels = {}
    for model in page_models():
        adapter = adapter_for_model(model)
        if not adapter.indexed:
            continue
        for kind, label in adapter.kinds():
            labels.setdefault(kind, label)
    return labels


@cache
def status_labels():
    """{status: label} of every status an adapter can give a result (labels are lazy)."""
    labels = {}
    for model in page_models():
        labels.update(adapter_for_model(model).statuses())
    return labels


# Adapters for the page types of the knowledge app.


@register("knowledge.HomePage")
class HomePageAdapter(PageAdapter):
    """The home page only lists sections; searching it would match every query."""

    indexed = False


@register("knowledge.GlossaryPage")
class GlossaryPageAdapter(PageAdapter):
    """The glossary page is found by any of its terms, expansions and definitions."""

    def body(self, page, language):
        from knowledge.models import GlossaryTerm

        intro, intro_language = super().body(page, language)
        lines = [intro] if intro else []
        for term in GlossaryTerm.objects.all():
            parts = [translated(term, name, language)[0] or "" for name in ("term", "expansion")]
            definition = translated(term, "definition", language)[0] or ""
            lines.append(f"{' — '.join(part for part in parts if part)}. {definition}".strip())
        return "\n".join(lines), intro_language or language


@register("protocols_library.ProtocolWorkPage")
class ProtocolWorkAdapter(PageAdapter):
    """A versioned work: its address with the version it shows today, and each other version.

    The work's own document (current) carries the text, files and status of the version its
    address shows; every other approved version is a document of its own, not current,
    labelled with its status, found only when a visitor includes earlier versions. Drafts
    are never indexed.
    """

    def kind_for(self, page):
        return page.kind or "protocol"

    def body(self, page, language):
        """Set from the version shown, in `_fill`; the page's own fields hold none."""
        return "", None

    def kinds(self):
        from protocols_library.models.pages import WorkKind

        return list(WorkKind.choices)

    def statuses(self):
        from protocols_library.models.versions import VersionStatus

        return {value: label for value, label in VersionStatus.choices if value != "draft"}

    def documents(self, page, restricted_collections=None):
        if not self.is_public(page):
            return []
        restricted = (
            restricted_collections
            if restricted_collections is not None
            else restricted_collection_ids()
        )
        timeline = page.timeline()
        shown = timeline.governing
        taxonomy = self.taxonomy(page)
        found = []
        for language in languages():
            url = self.url(page, language)
            if not url:
                continue
            work = self.document(page, language, taxonomy, None, restricted)
            if shown is not None:
                self._fill(work, page, shown, timeline, language, restricted)
                if work.status == IN_FORCE:
                    work.weight = IN_FORCE_WEIGHT
            found.append(work)
            for version in timeline.published:
                if shown is not None and version.pk == shown.pk:
                    continue
                document = self.document(page, language, taxonomy, None, restricted)
                document.variant = f"v{version.pk}"
                document.url = page.version_url(version, language)
                document.title = f"{document.title} ({version.label})"
                document.is_current = False
                document.weight = OTHER_VERSION_WEIGHT
                self._fill(document, page, version, timeline, language, restricted)
                found.append(document)
        return found

    def _fill(self, document, page, version, timeline, language, restricted):
        from protocols_library.text import plain_text

        text = plain_text(version.text_in(language))
        text_language = language
        if not text:
            text = plain_text(version.text_in(default_language()))
            text_language = default_language()
        citation = version.approving_instrument
        summary_parts = [document.summary]
        change, _change_language = translated(version, "change_summary", language)
        if change:
            summary_parts.append(change)
        document.summary = " ".join(part for part in summary_parts if part)
        status = timeline.status_of(version)
        body_language = text_language if text else document.body_language
        with translation.override(body_language):
            status_words = str(self.statuses().get(str(status), ""))
        labels = self.labels(page, body_language)
        document.body = "\n".join(part for part in (citation, status_words, text, labels) if part)
        document.body_language = body_language
        document.status = str(status)
        document.date = version.effective_date
        files = [version.pdf_in(language), version.docx_in(language)]
        if not any(files):
            files = [version.pdf_in(default_language()), version.docx_in(default_language())]
        document.attachments = [
            attachment_for(item, language)
            for item in files
            if item is not None and item.collection_id not in restricted
        ]

    def status_change_dates(self, page, after):
        """Future days on which a version of this work changes status (reindex then)."""
        dates = set()
        for version in page.timeline().published:
            for day in (version.effective_date, version.repeal_date):
                if day and day > after:
                    dates.add(day)
            if version.end_date and version.end_date >= after:
                dates.add(version.end_date + datetime.timedelta(days=1))
        return sorted(dates)
