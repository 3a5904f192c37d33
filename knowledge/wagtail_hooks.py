"""Admin registrations: taxonomy, audiences and glossary as snippets, grouped in one menu."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import visibility
from .home import latest_events, latest_lessons, training_downloads
from .models import Audience, GlossaryTerm, Institution, Region, Sector, Topic


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


# What the public may see (knowledge.visibility) ----------------------------------------


@hooks.register("before_serve_page")
def hide_expired_pages(page, request, serve_args, serve_kwargs):
    """A page past its expiry date is gone at once, not when the scheduler next runs."""
    if visibility.has_expired(page):
        raise Http404


@hooks.register("before_serve_document")
def serve_only_documents_in_use(document, request):
    """A file is downloaded only from the live content of a page this visitor may see.

    A file attached only to a draft is not public. Collection privacy (password, sign-in)
    is then applied by Wagtail's own hook.
    """
    if not visibility.document_in_use_for(document, request):
        raise Http404


# The home page's short lists of this app's content (knowledge.home).
hooks.register("home_page_sections", training_downloads)
hooks.register("home_page_sections", latest_lessons)
hooks.register("home_page_sections", latest_events)
