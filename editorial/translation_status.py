"""Which pages lack English, and which have English older than their Spanish."""

import hashlib
import json

from django.conf import settings
from django.db.models import Q
from modeltranslation.translator import NotRegistered, translator
from wagtail.models import Page

from .models import TranslationStamp

SOURCE = settings.LANGUAGE_CODE


def translated_field_names(model, language):
    """The concrete `<field>_<language>` names modeltranslation added to a model."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return sorted(f"{field}_{language}" for field in options.all_fields)


def language_digest(content, model, language):
    """A fingerprint of one language's fields in a revision's serialized content."""
    values = {name: content.get(name) for name in translated_field_names(model, language)}
    # url_path follows the slug and the parent; it is not something a translator writes.
    values.pop(f"url_path_{language}", None)
    if not any(values.values()):
        return ""
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def record_revision(revision):
    """Updates the page's stamp from a newly saved revision."""
    page = revision.content_object
    if not isinstance(page, Page):
        return
    model = type(page.specific_deferred)
    content = revision.content
    spanish = language_digest(content, model, SOURCE)
    english = language_digest(content, model, "en")
    stamp, _created = TranslationStamp.objects.get_or_create(page_id=page.pk)
    changed = []
    if spanish != stamp.spanish_digest:
        stamp.spanish_digest = spanish
        stamp.spanish_changed_at = revision.created_at
        changed += ["spanish_digest", "spanish_changed_at"]
    if english != stamp.english_digest:
        stamp.english_digest = english
        stamp.english_changed_at = revision.created_at if english else None
        changed += ["english_digest", "english_changed_at"]
    if changed:
        stamp.save(update_fields=changed)


def pages_missing_english():
    """Pages (not the tree root) with no English title: not translated at all."""
    return (
        Page.objects.filter(depth__gt=1)
        .filter(Q(title_en__isnull=True) | Q(title_en=""))
        .order_by("path")
    )


def pages_with_outdated_english():
    """Pages whose Spanish was edited after their English."""
    stamps = TranslationStamp.objects.filter(
        english_changed_at__isnull=False, spanish_changed_at__isnull=False
    ).select_related("page")
    return [stamp for stamp in stamps if stamp.is_english_outdated]
