"""Admin view: start a new version of a work as a draft copy of the version in force."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from .models import ProtocolVersion, ProtocolWorkPage

NUMBERED_LABEL = re.compile(r"^v(\d+)$", re.IGNORECASE)


def next_free_label(versions, today=None):
    """The label that follows the work's own series.

    Works labelled v1, v2... get the next number ("v3"); otherwise this year ("2025"), or
    "2025-2", "2025-3"... when it is taken.
    """
    taken = {version.slug or slugify(version.label) for version in versions}
    numbers = [int(m.group(1)) for v in versions if (m := NUMBERED_LABEL.match(v.label.strip()))]
    if numbers:
        number = max(numbers) + 1
        while f"v{number}" in taken:
            number += 1
        return f"v{number}"
    year = (today or timezone.localdate()).year
    label, number = str(year), 1
    while slugify(label) in taken:
        number += 1
        label = f"{year}-{number}"
    return label


def start_new_version(request, page_id):
    """GET asks for confirmation; POST creates the draft version and opens its own screen."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, ProtocolWorkPage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    # Whatever stops this person from editing the work (locked by someone else, awaiting
    # moderation by others, scheduled) stops adding a version to it too.
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        messages.error(
            request,
            _("A new version cannot be started while this document is locked: %(reason)s")
            % {"reason": strip_tags(lock.get_message(request.user) or "")},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    timeline = page.timeline()
    source = timeline.in_force or timeline.governing
    if source is None and timeline.versions:
        source = timeline.versions[-1]
    if request.method == "POST":
        label = next_free_label(timeline.versions)
        if source is not None:
            draft = source.copy_as_draft(label)
        else:
            draft = ProtocolVersion(page=page, label=label, slug=slugify(label), live=False)
        draft.page = page
        with transaction.atomic():
            draft.save()
            draft.save_revision(user=request.user, log_action=False)
            log(draft, "wagtail.create", user=request.user)
        if source is not None:
            message = _(
                "Draft version “%(label)s” created from version “%(source)s”, with its text and "
                "approving body. Add its instrument number, dates and files; it stays invisible "
                "to the public until it is published."
            ) % {"label": label, "source": source.label}
        else:
            message = _("Draft version “%(label)s” created.") % {"label": label}
        messages.success(request, message)
        return redirect(draft.admin_edit_url)
    return TemplateResponse(
        request,
        "protocols_library/admin/start_new_version.html",
        {"page": page, "source": source},
    )
