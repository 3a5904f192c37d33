"""What the home page shows besides its own text: short lists the apps that own the content add.

The foundation knows nothing above it, so each app contributes its part with a Wagtail hook,
as the protocols library adds the list of protocols and instruments in force:

    @hooks.register("home_page_sections")
    def protocols_in_force(request, home):
        return HomeSection("in-force", order=10, template="...", context={...})

A hook returns None when it has nothing to show. Sections appear in `order`, lowest first; each
template receives its `section`, whose `context` holds what it lists.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from wagtail import hooks

from .request_memo import per_request
from .visibility import is_public_page, public_pages, restricted_paths

LATEST = 3
MATERIALS = 4


@dataclass
class HomeSection:
    """One block of the home page: a template and what it lists."""

    key: str
    order: int
    template: str
    context: dict = field(default_factory=dict)


def home_sections(request, home):
    """The sections every app contributes, in order; a fixed number of queries each."""
    sections = [hook(request, home) for hook in hooks.get_hooks("home_page_sections")]
    return sorted((section for section in sections if section), key=lambda s: s.order)


@per_request
def home_children(home):
    """The home page's public children, as their own types, in tree order; read once per request.

    The "Browse" list shows those in the menu, and each section's "All ..." link points at one.
    """
    from .routing import root_children

    children = root_children(home)
    if children is None:
        return list(public_pages(home.get_children()).specific().order_by("path"))
    restricted = restricted_paths()
    return [child for child in children if is_public_page(child, restricted)]


def _index_of(home, model):
    """The first public section of `model` (section pages sit right under the home page)."""
    for page in home_children(home):
        if isinstance(page, model):
            return page
    return public_pages(model.objects.descendant_of(home)).order_by("path").first()


def latest_lessons(request, home):
    from .models import LessonIndexPage, LessonPage

    lessons = list(public_pages(LessonPage.objects.descendant_of(home)).order_by("-date")[:LATEST])
    if not lessons:
        return None
    return HomeSection(
        "lessons",
        order=30,
        template="knowledge/includes/home_lessons.html",
        context={"items": lessons, "index": _index_of(home, LessonIndexPage)},
    )


def latest_events(request, home):
    from .models import EventIndexPage, EventPage

    events = list(
        public_pages(EventPage.objects.descendant_of(home))
        .order_by("-start_date", "-pk")
        .prefetch_related("regions")[:LATEST]
    )
    if not events:
        return None
    return HomeSection(
        "events",
        order=40,
        template="knowledge/includes/home_events.html",
        context={
            "items": events,
            "index": _index_of(home, EventIndexPage),
            "today": timezone.localdate(),
        },
    )


def training_downloads(request, home):
    """The newest edition of each material, with its files in the reader's language first."""
    from .models import TrainingFile, TrainingIndexPage, TrainingMaterialPage

    files = TrainingFile.objects.select_related("document")
    materials = public_pages(TrainingMaterialPage.objects.descendant_of(home)).prefetch_related(
        Prefetch("files", queryset=files)
    )
    # An edition another published edition replaced is not offered here; its page says so.
    replaced = set(
        public_pages(
            TrainingMaterialPage.objects.filter(previous_edition__isnull=False)
        ).values_list("previous_edition_id", flat=True)
    )
    current = []
    for material in materials.exclude(pk__in=replaced).order_by("-edition_date", "-pk")[:MATERIALS]:
        groups = [
            {
                "code": code,
                "count": len(documents),
                "archive_url": material.archive_url(code, request),
            }
            for code, _name, documents in material.files_by_language(request)
        ]
        current.append({"material": material, "groups": groups})
    if not current:
        return None
    return HomeSection(
        "training",
        order=20,
        template="knowledge/includes/home_training.html",
        context={"items": current, "index": _index_of(home, TrainingIndexPage)},
    )
