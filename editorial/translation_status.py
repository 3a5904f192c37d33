"""Which pages and versions lack a translation, field by field, and where a translation is
older than the source text; for every translation language of the site.

Each saved revision (of a page, or of any other model with revisions and translated fields,
such as a protocol version) updates a stamp holding, for every translated field, a
fingerprint of its *text* in each language and when that text last changed, and one summary
row per language (a fingerprint of all its text, and its latest change). Text, not markup:
Wagtail rewrites rich text when a form is saved (block keys, attributes, entities), so the
first edit of a page in the source language rewrites the other languages' markup too without
anyone touching their words; comparing the words keeps a translation from looking newer than
it is.

From the stamps the tracker reports, per field and for one translation language at a time:
- *missing*: filled in the source language and empty in the translation (a translated title
  with no translated body is served in the source language);
- *outdated*: the source text changed after the translation;
and links each field straight to its place in the edit form. A page whose address in the
translation still uses the source slug is offered one of its own.
"""

import hashlib
import html
import json
import re

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Prefetch, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.text import slugify
from modeltranslation.translator import NotRegistered, translator
from wagtail.models import Page, RevisionMixin

from core import languages

from .models import TranslationStamp, TranslationStampLanguage

SOURCE = languages.source()


def report_languages():
    """The languages a report follows: every language of the site but the source language."""
    return languages.translations()


def default_language():
    """The language of the report at its first address (translations/): the first translation."""
    return report_languages()[0]


# Translated fields that are not text a translator writes: addresses are handled apart.
NOT_TRACKED = {"url_path", "slug"}

# Keys of StreamField and rich-text data that are identifiers, not words.
STRUCTURAL_KEYS = {"id", "type"}


def translated_field_names(model, language):
    """The concrete `<field>_<language>` names modeltranslation added to a model."""
    return [languages.localized(base, language) for base in translated_fields(model)]


def translated_fields(model):
    """The base names of a model's translated fields, in declaration order."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return []
    return [name for name in options.all_fields if name not in NOT_TRACKED]


# Text of a field -----------------------------------------------------------------------------


def _words(value, out):
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in STRUCTURAL_KEYS:
                _words(item, out)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _words(item, out)
        return
    text = str(value)
    stripped = text.strip()
    if stripped[:1] in "[{":
        try:
            _words(json.loads(stripped), out)
            return
        except ValueError:
            pass
    out.append(html.unescape(strip_tags(text)))


def plain_text(value):
    """The words of a field's value: rich text without markup, StreamField without ids."""
    out = []
    _words(value, out)
    return re.sub(r"\s+", " ", " ".join(out)).strip()


def fingerprint(value):
    text = plain_text(value)
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


# Recording ---------------------------------------------------------------------------------


def stamp_for(obj):
    if isinstance(obj, Page):
        stamp, _created = TranslationStamp.objects.get_or_create(page_id=obj.pk)
        return stamp
    content_type = ContentType.objects.get_for_model(obj)
    stamp, _created = TranslationStamp.objects.get_or_create(
        content_type=content_type, object_id=str(obj.pk)
    )
    return stamp


def apply_content(stamp, model, content, when):
    """Updates `stamp` from one serialized state of its object; returns whether it changed."""
    fields = dict(stamp.fields or {})
    moment = when.isoformat() if when else None
    for base in translated_fields(model):
        previous = fields.get(base, {})
        entry = dict(previous)
        for language in languages.codes():
            digest = fingerprint(content.get(languages.localized(base, language)))
            if digest != previous.get(language):
                entry[language] = digest
                entry[f"{language}_at"] = moment if digest else None
        fields[base] = entry
    changed = fields != (stamp.fields or {})
    stamp.fields = fields
    return changed


def summaries(fields):
    """{language: (digest, changed_at)} for each language with text: a fingerprint of all its
    fields, and the latest change of any of them."""
    found = {}
    for language in languages.codes():
        moments = [e.get(f"{language}_at") for e in fields.values() if e.get(f"{language}_at")]
        digest = _combined(fields, language)
        if digest or moments:
            found[language] = (digest, parse_datetime(max(moments)) if moments else None)
    return found


def _combined(fields, language):
    digests = [entry.get(language, "") for _base, entry in sorted(fields.items())]
    if not any(digests):
        return ""
    return hashlib.sha256("".join(digests).encode()).hexdigest()


def save_stamp(stamp):
    """Saves the stamp and its per-language rows, as its `fields` now say."""
    stamp.save()
    wanted = summaries(stamp.fields or {})
    rows = {row.language: row for row in TranslationStampLanguage.objects.filter(stamp=stamp)}
    stale = [row.pk for language, row in rows.items() if language not in wanted]
    if stale:
        TranslationStampLanguage.objects.filter(pk__in=stale).delete()
    new, changed = [], []
    for language, (digest, changed_at) in wanted.items():
        row = rows.get(language)
        if row is None:
            new.append(
                TranslationStampLanguage(
                    stamp=stamp, language=language, digest=digest, changed_at=changed_at
                )
            )
        elif (row.digest, row.changed_at) != (digest, changed_at):
            row.digest, row.changed_at = digest, changed_at
            changed.append(row)
    if new:
        TranslationStampLanguage.objects.bulk_create(new)
    if changed:
        TranslationStampLanguage.objects.bulk_update(changed, ["digest", "changed_at"])
    # Rows read with the stamp before (a prefetch) would now be stale.
    getattr(stamp, "_prefetched_objects_cache", {}).pop("languages", None)


def record_revision(revision):
    """Updates the stamp of the revised page or object from a newly saved revision."""
    obj = revision.content_object
    if obj is None:
        return
    model = type(obj.specific_deferred) if isinstance(obj, Page) else type(obj)
    if not translated_fields(model):
        return
    stamp = stamp_for(obj)
    apply_content(stamp, model, revision.content, revision.created_at)
    save_stamp(stamp)


def stamped_models():
    """Models other than pages whose revisions are tracked: revisions and translated fields."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, RevisionMixin)
        and not issubclass(model, Page)
        and translated_fields(model)
    ]


def ensure_stamps():
    """Stamps for what has none yet (saved before tracking, or never revised), from its state."""
    unstamped = Page.objects.filter(depth__gt=1).filter(
        Q(translation_stamp__isnull=True) | Q(translation_stamp__fields={})
    )
    for page in unstamped.specific():
        revision = page.latest_revision
        content = revision.content if revision else page.serializable_data()
        stamp = stamp_for(page)
        # A stamp from before field-by-field tracking keeps its page-wide dates, language by
        # language.
        earlier = {row.language: row.changed_at for row in stamp.languages.all() if row.changed_at}
        apply_content(stamp, type(page), content, revision.created_at if revision else None)
        for entry in stamp.fields.values():
            for language, moment in earlier.items():
                if entry.get(language):
                    entry[f"{language}_at"] = moment.isoformat()
        save_stamp(stamp)
    for model in stamped_models():
        content_type = ContentType.objects.get_for_model(model)
        done = TranslationStamp.objects.filter(content_type=content_type).exclude(fields={})
        # object_id is text (generic relation); compare it with the key as text on every database.
        unstamped_objects = model.objects.annotate(key_text=Cast("pk", CharField())).exclude(
            key_text__in=done.values("object_id")
        )
        for obj in unstamped_objects:
            revision = obj.latest_revision
            content = revision.content if revision else obj.serializable_data()
            stamp = stamp_for(obj)
            apply_content(stamp, model, content, revision.created_at if revision else None)
            save_stamp(stamp)


# Reading -----------------------------------------------------------------------------------


def missing_fields(stamp, language):
    """Base names of fields filled in the source language and empty in `language`."""
    return [
        base
        for base, entry in (stamp.fields or {}).items()
        if entry.get(SOURCE) and not entry.get(language)
    ]


def outdated_fields(stamp, language):
    """Base names of fields whose source text changed after their text in `language`."""
    found = []
    for base, entry in (stamp.fields or {}).items():
        source_at, translated_at = entry.get(f"{SOURCE}_at"), entry.get(f"{language}_at")
        if entry.get(language) and source_at and translated_at and translated_at < source_at:
            found.append(base)
    return found


def field_anchor(model, field_name):
    """The id of the field's panel in the model's edit form, for a link straight to it.

    Wagtail's tabs open the tab holding the element the address's #fragment names.
    """
    from wagtail.admin.panels import ObjectList, get_edit_handler

    if issubclass(model, Page):
        handler = model.get_edit_handler()
    elif getattr(model, "snippet_viewset", None) is not None:
        handler = model.snippet_viewset.get_edit_handler()
    else:
        handler = get_edit_handler(model)

    def contains(panel):
        if getattr(panel, "field_name", None) == field_name:
            return True
        return any(contains(child) for child in getattr(panel, "children", None) or [])

    def walk(panel, prefix):
        # An ObjectList (the form, or one tab) renders each child as a section whose id is
        # "<its prefix>-<child identifier>-section"; fields grouped deeper live inside one.
        children = getattr(panel, "children", None) or []
        identifiers = getattr(panel, "child_identifiers", None) or []
        for child, identifier in zip(children, identifiers, strict=False):
            if not contains(child):
                continue
            if isinstance(panel, ObjectList):
                inner = walk(child, f"{prefix}-child-{identifier}")
                return inner or f"{prefix}-{identifier}-section"
            return walk(child, f"{prefix}-child-{identifier}")
        return None

    return walk(handler, "panel") or ""


def edit_url(obj):
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    viewset = getattr(obj, "snippet_viewset", None)
    if viewset is not None:
        return reverse(viewset.get_url_name("edit"), args=[quote(obj.pk)])
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder().get_edit_url(obj) or ""


def field_links(obj, bases, language):
    """[{"label", "url"}] for each field, to its input in `language` in the edit form."""
    model = type(obj)
    url = edit_url(obj)
    links = []
    for base in bases:
        name = languages.localized(base, language)
        try:
            label = model._meta.get_field(base).verbose_name
        except Exception:
            label = base
        anchor = field_anchor(model, name)
        links.append({"field": base, "label": label, "url": f"{url}#{anchor}" if anchor else url})
    return links


def pages_missing(language):
    """Pages (not the tree root) with no title in `language`: not translated at all."""
    title = languages.localized("title", language)
    return (
        Page.objects.filter(depth__gt=1)
        .filter(Q(**{f"{title}__isnull": True}) | Q(**{title: ""}))
        .order_by("path")
    )


def pages_with_outdated(language):
    """Stamps of pages translated into `language` whose translation is behind: a field whose
    source text changed after its translation, or a field filled in the source language and
    still empty in `language`. Each carries `source_changed_at` and `changed_at`, when the
    source text and the translation last changed (their rows, read in one query)."""
    title = languages.localized("title", language)
    rows = TranslationStampLanguage.objects.filter(language__in=[SOURCE, language])
    stamps = (
        TranslationStamp.objects.filter(page__isnull=False)
        .exclude(**{f"page__{title}__isnull": True})
        .exclude(**{f"page__{title}": ""})
        .select_related("page")
        .prefetch_related(Prefetch("languages", queryset=rows))
    )
    found = []
    for stamp in stamps:
        if outdated_fields(stamp, language) or missing_fields(stamp, language):
            stamp.source_changed_at = stamp.changed_at(SOURCE)
            stamp.translation_changed_at = stamp.changed_at(language)
            found.append(stamp)
    return found


def slug_offers(pages, language):
    """Pages with a title in `language` whose address in it still uses the source slug."""
    offers = []
    for page in pages:
        title = languages.in_language(page, "title", language)
        source_slug = languages.in_language(page, "slug", SOURCE)
        slug = languages.in_language(page, "slug", language)
        if not title or not source_slug:
            continue
        if slug and slug != source_slug:
            continue
        suggestion = slugify(title)[:255]
        if suggestion and suggestion != source_slug:
            offers.append({"page": page, "suggestion": suggestion, "current": source_slug})
    return offers


def translation_tasks(editable_page_ids, user, language):
    """Everything an editor can translate into `language`:
    [{"object", "title", "url", "missing", "outdated"}].

    `missing` and `outdated` are field links; pages with nothing in `language` (no title in
    it) are reported apart by `pages_missing`. Stamps are brought up to date first
    (`ensure_stamps`) by the caller, once for every language it reports.
    """
    tasks = []
    stamps = TranslationStamp.objects.select_related("page", "content_type")
    by_type = {}
    for stamp in stamps:
        missing, outdated = missing_fields(stamp, language), outdated_fields(stamp, language)
        if not missing and not outdated:
            continue
        if stamp.page_id:
            if stamp.page_id not in editable_page_ids or not languages.in_language(
                stamp.page, "title", language
            ):
                continue
            by_type.setdefault(None, []).append((stamp, missing, outdated))
        elif stamp.content_type_id:
            by_type.setdefault(stamp.content_type_id, []).append((stamp, missing, outdated))
    pages = {
        page.pk: page
        for page in Page.objects.filter(
            pk__in=[s.page_id for s, _m, _o in by_type.get(None, [])]
        ).specific()
    }
    for stamp, missing, outdated in by_type.pop(None, []):
        page = pages.get(stamp.page_id)
        if page is not None:
            tasks.append(_task(page, page.title, missing, outdated, language))
    for content_type_id, rows in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        # The pages they belong to (a version's work) name them and decide who may edit them:
        # read with them, not one by one.
        pages = [
            field.name
            for field in model._meta.concrete_fields
            if field.many_to_one and issubclass(field.related_model, Page)
        ]
        objects = model.objects.select_related(*pages).in_bulk(
            [stamp.object_id for stamp, _m, _o in rows]
        )
        allowed = _editable_objects(model, user, objects)
        for stamp, missing, outdated in rows:
            obj = objects.get(_pk(model, stamp.object_id))
            if obj is not None and obj.pk in allowed:
                title = str(getattr(obj, "page", "") or "")
                title = f"{title} — {obj}" if title else str(obj)
                tasks.append(_task(obj, title, missing, outdated, language))
    tasks.sort(key=lambda task: task["title"].casefold())
    return tasks


def _pk(model, object_id):
    try:
        return model._meta.pk.to_python(object_id)
    except Exception:
        return object_id


def _editable_objects(model, user, objects):
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(model)
    return {
        pk
        for pk, obj in objects.items()
        if policy.user_has_permission_for_instance(user, "change", obj)
    }


def _task(obj, title, missing, outdated, language):
    return {
        "object": obj,
        "title": title,
        "url": edit_url(obj),
        "missing": field_links(obj, missing, language),
        "outdated": field_links(obj, outdated, language),
    }
