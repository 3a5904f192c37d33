"""Admin registrations: audiences (in the Taxonomy menu), the home page's sections and the
training editions' own screens."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.views.snippets import SnippetViewSet

from core.versioning.admin import VersionViewSet, register_versions

from .home import latest_events, latest_lessons, training_downloads
from .models import Audience, TrainingEdition


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


@hooks.register("register_taxonomy_viewset")
def audiences():
    """Audiences are listed in the foundation's Taxonomy menu (core.wagtail_hooks)."""
    return AudienceViewSet


# The home page's short lists of this app's content (knowledge.home).
hooks.register("home_page_sections", training_downloads)
hooks.register("home_page_sections", latest_lessons)
hooks.register("home_page_sections", latest_events)


# Training editions: each on its own screen, with its page's rights (core.versioning.admin).


class TrainingEditionViewSet(VersionViewSet):
    model = TrainingEdition
    menu_label = _("Training editions")
    menu_name = "training_editions"
    menu_order = 260
    page_column_label = _("training material")
    date_column_label = _("edition date")


register_versions(TrainingEditionViewSet)
