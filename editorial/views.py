"""Admin views for editors: the full translation report, and English addresses offered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core import languages

from .panels import translation_details, translation_work
from .translation_status import TARGET, english_slug_offers, field_anchor


def translation_report(request):
    """Every page the editor can edit that lacks English, field by field, or has older English."""
    missing, outdated = translation_work(request.user)
    tasks, offers = translation_details(request.user)
    return render(
        request,
        "editorial/translation_report.html",
        {
            "missing": missing,
            "outdated": outdated,
            "tasks": tasks,
            "slug_offers": offers,
            "page_title": _("Translation status"),
        },
    )


def unique_slug(page, slug):
    """`slug`, or `slug-2`, `slug-3`... when a sibling already uses it in English."""
    siblings = page.get_siblings(inclusive=False)
    candidate, number = slug, 1
    while siblings.filter(**{languages.localized("slug", TARGET): candidate}).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


@require_POST
def use_english_slug(request, page_id):
    """Puts the offered English address in a new draft of the page, for the editor to publish.

    Nothing public changes here: the address takes effect when the draft is published (or
    approved), as any other edit.
    """
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        messages.error(request, _("The page is locked; its English address was not changed."))
        return redirect("quipu_translation_status")
    offers = english_slug_offers([page])
    if not offers:
        messages.info(request, _("This page already has its own English address."))
        return redirect("quipu_translation_status")
    latest = page.get_latest_revision_as_object()
    slug_field = languages.localized("slug", TARGET)
    slug = unique_slug(page, offers[0]["suggestion"])
    setattr(latest, slug_field, slug)
    latest.save_revision(user=request.user, log_action=True)
    messages.success(
        request,
        _("English address “%(slug)s” saved in a draft. Publish the page to use it.")
        % {"slug": slug},
    )
    anchor = field_anchor(type(page), slug_field)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)
