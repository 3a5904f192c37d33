"""Dashboard panels: translations that need work, and protocols due for review."""

import datetime

from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from core import languages

from .translation_status import (
    SOURCE,
    default_language,
    ensure_stamps,
    pages_missing,
    pages_with_outdated,
    report_languages,
    slug_offers,
    translation_tasks,
)

PANEL_LIMIT = 10
REVIEW_HORIZON_DAYS = 90


def editable_page_ids(user):
    """Ids of the pages this user may edit: panels show only work the reader can do."""
    return set(
        PagePermissionPolicy()
        .instances_user_has_permission_for(user, "change")
        .values_list("pk", flat=True)
    )


def translation_work(user, language, editable=None):
    """Pages the user can edit with nothing in `language`, and stamps of pages whose
    translation into it is behind (see `pages_with_outdated`)."""
    editable = editable_page_ids(user) if editable is None else editable
    missing = [page for page in pages_missing(language) if page.pk in editable]
    outdated = [stamp for stamp in pages_with_outdated(language) if stamp.page_id in editable]
    return missing, outdated


def translation_details(user, language, editable=None, ensured=False):
    """Field by field: what lacks `language` or has it older, and addresses to offer in it.

    Pages with nothing in the language are listed by `translation_work`; these are the pages
    (and protocol versions) translated into it with gaps, or with a translation behind its
    source text. `ensured` says the caller already brought the stamps up to date.
    """
    from wagtail.models import Page

    editable = editable_page_ids(user) if editable is None else editable
    if not ensured:
        ensure_stamps()
    tasks = translation_tasks(editable, user, language)
    title = languages.localized("title", language)
    translated = (
        Page.objects.filter(pk__in=editable, depth__gt=1)
        .exclude(**{f"{title}__isnull": True})
        .exclude(**{title: ""})
    )
    return tasks, slug_offers(translated.order_by("path"), language)


def report_url(language):
    """The address of the report on `language` (the first translation keeps translations/)."""
    if language == default_language():
        return reverse("quipu_translation_status")
    return reverse("quipu_translation_status_language", args=[language])


def language_names(language):
    """The names a report on `language` reads: the language and the source language, inside
    a sentence, and the language's name as a heading shows it."""
    return {
        "code": language,
        "name": languages.name(language),
        "language": languages.name_in_sentence(language),
        "source": languages.name_in_sentence(SOURCE),
        "url": report_url(language),
    }


def reviews_due(user, today=None):
    """Versions whose review-by date falls within 90 days (or passed) and that still apply.

    A superseded or repealed version needs no review: only versions in force or approved for
    a later date are listed (the model says which, with `needs_review`).
    """
    if not apps.is_installed("protocols_library"):
        return []
    try:
        Version = apps.get_model("protocols_library", "ProtocolVersion")
    except LookupError:
        return []
    if "review_by" not in {field.name for field in Version._meta.get_fields()}:
        return []
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_HORIZON_DAYS)
    editable = editable_page_ids(user)
    versions = (
        Version.objects.filter(review_by__isnull=False, review_by__lte=horizon)
        .select_related("page")
        .prefetch_related("page__versions")
        .order_by("review_by")
    )
    return [
        version
        for version in versions
        if version.page_id in editable and getattr(version, "needs_review", True)
    ]


class TranslationStatusPanel(Component):
    """For each translation language: pages with nothing in it yet, pages whose source text
    changed after their translation, and fields to complete or update."""

    name = "quipu_translation_status"
    order = 110
    template_name = "editorial/panels/translation_status.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        editable = editable_page_ids(self.user)
        ensure_stamps()
        sections = []
        for language in report_languages():
            missing, outdated = translation_work(self.user, language, editable)
            tasks, offers = translation_details(self.user, language, editable, ensured=True)
            sections.append(
                {
                    **language_names(language),
                    "missing": missing[:PANEL_LIMIT],
                    "missing_total": len(missing),
                    "outdated": outdated[:PANEL_LIMIT],
                    "outdated_total": len(outdated),
                    "tasks": tasks[:PANEL_LIMIT],
                    "tasks_total": len(tasks),
                    "slug_offers_total": len(offers),
                }
            )
        return {"sections": sections, "several": len(sections) > 1}


class ReviewsDuePanel(Component):
    """Protocols and instruments due for review within 90 days."""

    name = "quipu_reviews_due"
    order = 120
    template_name = "editorial/panels/reviews_due.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        return {"versions": reviews_due(self.user, today)[:PANEL_LIMIT], "today": today}
