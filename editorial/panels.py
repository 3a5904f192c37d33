"""Dashboard panels: translations that need work, and protocols due for review."""

import datetime

from django.apps import apps
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from core import languages

from .translation_status import (
    TARGET,
    english_slug_offers,
    pages_missing_english,
    pages_with_outdated_english,
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


def translation_work(user):
    editable = editable_page_ids(user)
    missing = [page for page in pages_missing_english() if page.pk in editable]
    outdated = [stamp for stamp in pages_with_outdated_english() if stamp.page_id in editable]
    return missing, outdated


def translation_details(user):
    """Field by field: what lacks English or has older English, and English slugs to offer.

    Pages with no English at all are listed by `translation_work`; these are the pages (and
    protocol versions) that have English with gaps, or English behind its Spanish.
    """
    from wagtail.models import Page

    editable = editable_page_ids(user)
    tasks = translation_tasks(editable, user)
    title = languages.localized("title", TARGET)
    translated = (
        Page.objects.filter(pk__in=editable, depth__gt=1)
        .exclude(**{f"{title}__isnull": True})
        .exclude(**{title: ""})
    )
    return tasks, english_slug_offers(translated.order_by("path"))


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
    """Pages with no English yet, and pages whose Spanish changed after their English."""

    name = "quipu_translation_status"
    order = 110
    template_name = "editorial/panels/translation_status.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        missing, outdated = translation_work(self.user)
        tasks, offers = translation_details(self.user)
        return {
            "missing": missing[:PANEL_LIMIT],
            "missing_total": len(missing),
            "outdated": outdated[:PANEL_LIMIT],
            "outdated_total": len(outdated),
            "tasks": tasks[:PANEL_LIMIT],
            "tasks_total": len(tasks),
            "slug_offers_total": len(offers),
        }


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
