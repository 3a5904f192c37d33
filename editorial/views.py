"""Admin views for editors: the full translation report."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .panels import translation_work


def translation_report(request):
    """Every page the editor can edit that lacks English or has English older than Spanish."""
    missing, outdated = translation_work(request.user)
    return render(
        request,
        "editorial/translation_report.html",
        {"missing": missing, "outdated": outdated, "page_title": _("Translation status")},
    )
