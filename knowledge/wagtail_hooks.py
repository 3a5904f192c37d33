"""Admin registrations: taxonomy, audiences and glossary as snippets, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import GlossaryTerm, Institution, Region, Sector, Topic

from .home import latest_events, latest_lessons, training_downloads
from .models import Audience


class SectorViewSet(SnippetViewSet):
    model = Sector
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "ubigeo"]
    search_fields = ["name"]


class InstitutionViewSet(SnippetViewSet):
    model = Institution
    icon = "group"
    list_display = ["name", "acronym", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "acronym"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (
        SectorViewSet,
        RegionViewSet,
        InstitutionViewSet,
        TopicViewSet,
        AudienceViewSet,
        GlossaryTermViewSet,
    )


register_snippet(TaxonomyGroup)


# The home page's short lists of this app's content (knowledge.home).
hooks.register("home_page_sections", training_downloads)
hooks.register("home_page_sections", latest_lessons)
hooks.register("home_page_sections", latest_events)
