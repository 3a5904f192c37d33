"""Admin views for editors: the translation report of each language, and addresses offered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core import languages

from .panels import (
    editable_page_ids,
    language_names,
    report_url,
    translation_details,
    translation_work,
)
from .translation_status import default_language, ensure_stamps, field_anchor, report_languages
from .translation_status import slug_offers as offers_for


def _unknown_language(request, code):
    messages.error(
        request,
        _("There is no translation report for “%(code)s”: choose one of the languages below.")
        % {"code": code},
    )
    return redirect("quipu_translation_status")


def translation_report(request, language=None):
    """Every page the editor can edit that lacks `language`, field by field, or has it older
    than its source text; the first translation language when none is named."""
    language = language or default_language()
    if language not in report_languages():
        return _unknown_language(request, language)
    editable = editable_page_ids(request.user)
    ensure_stamps()
    missing, outdated = translation_work(request.user, language, editable)
    tasks, offers = translation_details(request.user, language, editable, ensured=True)
    names = language_names(language)
    return render(
        request,
        "editorial/translation_report.html",
        {
            **names,
            "missing": missing,
            "outdated": outdated,
            "tasks": tasks,
            "slug_offers": offers,
            "report_languages": [
                {"code": code, "name": languages.name(code), "url": report_url(code)}
                for code in report_languages()
            ],
            "page_title": _("Translations into %(language)s") % names,
        },
    )


def unique_slug(page, slug, language):
    """`slug`, or `slug-2`, `slug-3`... when a sibling already uses it in `language`."""
    siblings = page.get_siblings(inclusive=False)
    candidate, number = slug, 1
    while siblings.filter(**{languages.localized("slug", language): candidate}).exists():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


@require_POST
def use_translated_slug(request, page_id, language=None):
    """Puts the offered address in `language` (the first translation when none is named) in
    a new draft of the page, for the editor to publish.

    Nothing public changes here: the address takes effect when the draft is published (or
    approved), as any other edit.
    """
    language = language or default_language()
    if language not in report_languages():
        return _unknown_language(request, language)
    page = get_object_or_404(Page, pk=page_id).specific
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    names = language_names(language)
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        messages.error(
            request, _("The page is locked; its address in %(language)s was not changed.") % names
        )
        return redirect(report_url(language))
    offers = offers_for([page], language)
    if not offers:
        messages.info(request, _("This page already has its own address in %(language)s.") % names)
        return redirect(report_url(language))
    latest = page.get_latest_revision_as_object()
    slug_field = languages.localized("slug", language)
    slug = unique_slug(page, offers[0]["suggestion"], language)
    setattr(latest, slug_field, slug)
    latest.save_revision(user=request.user, log_action=True)
    messages.success(
        request,
        _("Address in %(language)s “%(slug)s” saved in a draft. Publish the page to use it.")
        % {**names, "slug": slug},
    )
    anchor = field_anchor(type(page), slug_field)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)
