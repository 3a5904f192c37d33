"""What the knowledge sections link to a protocol or instrument version, read from their side.

Lessons, practices and training materials store their links to versions; a version's page asks
here instead of storing them again:

    {% load knowledge_tags %}
    {% knowledge_related_to version as related_groups %}
    {% include "knowledge/includes/related.html" %}
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.visibility import restricted_paths, visible_pages

from .models import LessonPage, PilotPractice, TrainingMaterialPage
from .models.common import RelatedGroup


def knowledge_related_to(version):
    """[RelatedGroup] of live, public pilots, lessons and materials that cite `version`."""
    restricted = restricted_paths()
    practices = list(
        PilotPractice.objects.filter(Q(approved_in=version) | Q(incorporated_in=version))
        .select_related("pilot", "lesson")
        .order_by("pilot__path", "sort_order")
    )
    lessons = [
        *LessonPage.objects.filter(protocol_versions=version).order_by("-date"),
        *(practice.lesson for practice in practices),
    ]
    groups = [
        RelatedGroup(
            "pilots",
            _("Pilots whose practice it adopted"),
            visible_pages((practice.pilot for practice in practices), restricted),
        ),
        RelatedGroup("lessons", _("Lessons learned"), visible_pages(lessons, restricted)),
        RelatedGroup(
            "materials",
            _("Training materials"),
            visible_pages(
                TrainingMaterialPage.objects.filter(protocol_versions=version), restricted
            ),
        ),
    ]
    return [group for group in groups if group]
