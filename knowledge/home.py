"""This app's short lists on the home page (core.home): lessons, events and training files."""

from django.utils import timezone

from core.home import HomeSection, index_of
from core.visibility import public_pages

LATEST = 3
MATERIALS = 4


def latest_lessons(request, home):
    from .models import LessonIndexPage, LessonPage

    lessons = list(public_pages(LessonPage.objects.descendant_of(home)).order_by("-date")[:LATEST])
    if not lessons:
        return None
    return HomeSection(
        "lessons",
        order=30,
        template="knowledge/includes/home_lessons.html",
        context={"items": lessons, "index": index_of(home, LessonIndexPage)},
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
            "index": index_of(home, EventIndexPage),
            "today": timezone.localdate(),
        },
    )


def training_downloads(request, home):
    """The newest edition of each material, with its files in the reader's language first."""
    from .models import TrainingIndexPage, TrainingMaterialPage

    materials = TrainingMaterialPage.with_current_editions(
        public_pages(TrainingMaterialPage.objects.descendant_of(home))
    )
    current = []
    for material in materials.order_by("-edition_date", "-pk")[:MATERIALS]:
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
        context={"items": current, "index": index_of(home, TrainingIndexPage)},
    )
