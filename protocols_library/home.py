"""The home page's first list: every protocol and instrument in force, and what changes next."""

from django.db.models import Prefetch

from core.home import HomeSection, home_children
from core.versioning.status import describe_status
from core.visibility import public_pages

from .models import ProtocolLibraryPage, ProtocolVersion, ProtocolWorkPage, Timeline, WorkKind

KIND_ORDER = {kind: position for position, kind in enumerate(WorkKind.values)}


def in_force_rows(home, request=None, on=None):
    """[{work, url, in_force, upcoming, ...}] for each public work with a version in force or
    approved for later, protocols first, then by title; a fixed number of queries."""
    published = ProtocolVersion.objects.published().select_related("approving_body")
    works = public_pages(ProtocolWorkPage.objects.descendant_of(home)).prefetch_related(
        Prefetch("versions", queryset=published)
    )
    rows = []
    for work in works:
        timeline = Timeline(work.versions.all(), on=on)
        in_force, upcoming = timeline.in_force, timeline.upcoming
        if in_force is None and upcoming is None:
            continue
        rows.append(
            {
                "work": work,
                "url": work.get_url(request),
                "in_force": in_force,
                "in_force_status": describe_status(timeline, in_force) if in_force else None,
                "upcoming": upcoming,
                "upcoming_status": describe_status(timeline, upcoming) if upcoming else None,
                "upcoming_url": work.version_url(upcoming, request=request) if upcoming else "",
            }
        )
    rows.sort(key=lambda row: (KIND_ORDER.get(row["work"].kind, 99), row["work"].title.casefold()))
    return rows


def protocols_in_force(request, home):
    rows = in_force_rows(home, request)
    library = (
        next((page for page in home_children(home) if isinstance(page, ProtocolLibraryPage)), None)
        or public_pages(ProtocolLibraryPage.objects.descendant_of(home)).first()
    )
    if not rows and library is None:
        return None
    return HomeSection(
        "in-force",
        order=10,
        template="protocols_library/includes/home_in_force.html",
        context={"rows": rows, "library": library},
    )
