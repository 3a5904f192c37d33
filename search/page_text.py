"""Reading pages for search: a field's text in a language, falling back to the default
language as modeltranslation does, and the files a page links to, found through the
references Wagtail's fields declare."""

import logging

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import strip_tags
from modelcluster.models import get_all_child_relations
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import get_text_for_indexing

from .analysis import languages
from .documents import Attachment

logger = logging.getLogger("quipu.search")

# Extracted text beyond this is not indexed: a 300-page annex adds little and slows everything.
MAX_ATTACHMENT_CHARS = 200_000


def in_language(text, language):
    """The words of a lazy translation in one language."""
    with translation.override(language):
        return str(text).split()


def default_language():
    return settings.LANGUAGE_CODE


def translated(obj, field_name, language):
    """(value, language it is written in) as a visitor of `language` sees the field."""
    localized = build_localized_fieldname(field_name, language)
    if hasattr(obj, localized):
        value = getattr(obj, localized)
        if has_content(value):
            return value, language
        fallback = build_localized_fieldname(field_name, default_language())
        if hasattr(obj, fallback):
            return getattr(obj, fallback), default_language()
        return value, language
    return getattr(obj, field_name, None), None


def has_content(value):
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    try:
        return len(value) > 0
    except TypeError:
        return True


def field_text(model_field, value):
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


def linked_documents(page, language):
    """Documents the page's fields in `language` and its inline children link to, each once."""
    owners = [page]
    for relation in get_all_child_relations(page):
        manager = getattr(page, relation.get_accessor_name(), None)
        if manager is not None:
            owners.extend(manager.all())
    ordered = list(dict.fromkeys(i for owner in owners for i in _document_ids(owner, language)))
    documents = get_document_model().objects.in_bulk(ordered)
    return [documents[identifier] for identifier in ordered if identifier in documents]


def _document_ids(obj, language):
    Document = get_document_model()
    identifiers = []
    for model_field in type(obj)._meta.concrete_fields:
        name = model_field.name
        if isinstance(model_field, TranslationField):
            continue
        if isinstance(model_field, models.ForeignKey):
            if issubclass(model_field.related_model, Document):
                value_id = getattr(obj, model_field.attname, None)
                localized = build_localized_fieldname(name, language) + "_id"
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
