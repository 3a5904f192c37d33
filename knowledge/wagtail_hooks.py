"""Admin registrations: audiences (in the Taxonomy menu) and the home page's sections."""

from wagtail import hooks
from wagtail.snippets.views.snippets import SnippetViewSet

from .home import latest_events, latest_lessons, training_downloads
from .models import Audience


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
