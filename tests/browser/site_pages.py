"""One address of every public page type, in every language, read from a running site's database.

The browser suite (axe, focus, widths) and `make screenshots` walk the same list, so a page type
added here is both checked and photographed. Addresses are looked up, never typed: whatever the
content, each type is found by its model and state (a work with a superseded version, one with
a version approved for later, ...).
"""

import json

# Runs inside `manage.py shell` against the site's own database; prints one JSON line.
DISCOVER = r"""
import json
from django.conf import settings
from django.utils import translation
from wagtail.models import Page
from core.visibility import public_pages
from protocols_library.models import ProtocolWorkPage, VersionStatus

found = {}
seen = set()
for page in public_pages(Page.objects.all()).specific().order_by("path"):
    kind = type(page).__name__
    if kind in seen or kind == "ProtocolWorkPage" or not hasattr(page, "url_in"):
        continue
    seen.add(kind)
    found[kind] = {code: page.url_in(code) for code, _ in settings.LANGUAGES}

library_filter = None
for work in public_pages(ProtocolWorkPage.objects.all()).order_by("path"):
    timeline = work.timeline()
    statuses = {status: version for version, status in timeline.entries()}
    wanted = {
        "ProtocolWork": ("current", {}),
        "ProtocolWorkHistory": ("history", {}),
        "ProtocolWorkCompare": ("compare", {}),
    }
    for key, (route, kwargs) in wanted.items():
        found.setdefault(key, {code: work.route_url(route, code, **kwargs) for code, _ in settings.LANGUAGES})
    if timeline.in_force is not None:
        found.setdefault("ProtocolVersionPrint", {
            code: work.route_url("print", code, slug=timeline.in_force.slug) for code, _ in settings.LANGUAGES
        })
    for status, key in ((VersionStatus.SUPERSEDED, "ProtocolVersionSuperseded"),
                        (VersionStatus.NOT_YET_IN_FORCE, "ProtocolVersionUpcoming")):
        if status in statuses:
            found.setdefault(key, {
                code: work.version_url(statuses[status], code) for code, _ in settings.LANGUAGES
            })
    if library_filter is None and work.sectors.exists():
        library_filter = ("sector", work.sectors.first().slug)

word = public_pages(ProtocolWorkPage.objects.all()).first().title.split()[0]
for key, path in (("Search", "search/?q=" + word), ("SearchEmpty", "search/"),
                  ("NotFound", "no-such-page-here/")):
    found[key] = {code: "/" + code + "/" + path for code, _ in settings.LANGUAGES}
if library_filter and "ProtocolLibraryPage" in found:
    found["ProtocolLibraryFiltered"] = {
        code: url + "?" + library_filter[0] + "=" + library_filter[1]
        for code, url in found["ProtocolLibraryPage"].items()
    }
print(json.dumps(found))
"""

# The page types every check must cover; a site missing one fails loudly rather than shrinking
# the suite without anyone noticing.
REQUIRED = {
    "HomePage",
    "StandardPage",
    "GlossaryPage",
    "LessonIndexPage",
    "LessonPage",
    "EventIndexPage",
    "EventPage",
    "PilotIndexPage",
    "PilotTrackerPage",
    "PilotPage",
    "TrainingIndexPage",
    "TrainingMaterialPage",
    "PublicationIndexPage",
    "PublicationPage",
    "ProtocolLibraryPage",
    "ProtocolLibraryFiltered",
    "ProtocolWork",
    "ProtocolWorkHistory",
    "ProtocolWorkCompare",
    "ProtocolVersionPrint",
    "ProtocolVersionSuperseded",
    "ProtocolVersionUpcoming",
    "Search",
    "SearchEmpty",
    "NotFound",
}

# Listings with a filter form: the switcher must keep their filters, phones show results first.
LISTINGS = (
    "LessonIndexPage",
    "EventIndexPage",
    "PilotIndexPage",
    "PilotTrackerPage",
    "TrainingIndexPage",
    "PublicationIndexPage",
    "ProtocolLibraryPage",
)


def discover(manage):
    """{page type: {language code: path}} for the site whose `manage(*args)` runs manage.py."""
    output = manage("shell", "-c", DISCOVER)
    pages = json.loads(output.strip().splitlines()[-1])
    missing = REQUIRED - set(pages)
    if missing:
        raise RuntimeError(f"the site has no page of these types: {sorted(missing)}")
    return pages
