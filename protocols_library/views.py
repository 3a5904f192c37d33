"""Admin view: start a new version of a work as a draft copy of the version in force."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from .models import ProtocolVersion, ProtocolWorkPage


def next_free_label(versions, today=None):
    """This year as a label ("2025"), or "2025-2", "2025-3"... when it is taken."""
    year = (today or timezone.localdate()).year
    taken = {version.slug or slugify(version.label) for version in versions}
    label, number = str(year), 1
    while slugify(label) in taken:
        number += 1
        label = f"{year}-{number}"
    return label


def start_new_version(request, page_id):
    """GET asks for confirmation; POST adds the draft to a new revision of the work's page."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ProtocolWorkPage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    # Adding a version saves a revision of the page, so whatever stops this person from editing
    # it (locked by someone else, awaiting moderation by others, scheduled) stops this too.
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        messages.error(
            request,
            _("A new version cannot be started while this document is locked: %(reason)s")
            % {"reason": strip_tags(lock.get_message(request.user) or "")},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    # The latest revision, not the live page: unpublished edits in progress are kept.
    latest = page.get_latest_revision_as_object()
    timeline = latest.timeline()
    source = timeline.in_force or timeline.governing
    if source is None and timeline.versions:
        source = timeline.versions[-1]
    if request.method == "POST":
        label = next_free_label(timeline.versions)
        if source is not None:
            draft = source.copy_as_draft(label)
        else:
            draft = ProtocolVersion(label=label, slug=slugify(label), is_published=False)
        latest.versions.add(draft)
        latest.save_revision(user=request.user, log_action=True)
        if source is not None:
            message = _(
                "Draft version “%(label)s” created from version “%(source)s”. Revise its text, "
                "approving instrument and dates; it stays invisible to the public until you "
                "tick “approved and public” and publish the page."
            ) % {"label": label, "source": source.label}
        else:
            message = _("Draft version “%(label)s” created.") % {"label": label}
        messages.success(request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "protocols_library/admin/start_new_version.html",
        {"page": page, "source": source},
    )
