"""The Taxonomy menu, and what the public may see of pages and files (core.visibility),
applied when Wagtail serves them."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import visibility
from .models import GlossaryTerm, Institution, Region, Sector, Topic


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


# Taxonomy: the terms content is filed under, and the glossary, as snippets in one menu.


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


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]


class TaxonomyGroup(SnippetViewSetGroup):
    """Core's terms, then the viewsets other apps add with the "register_taxonomy_viewset"
    hook (a function returning a SnippetViewSet class), then the glossary."""

    menu_label = _("Taxonomy")
    # Named, not derived from the label: the label's slug depends on the language the menu
    # was first built in ("taxonomia"), and the menu's name must not.
    menu_name = "taxonomy"
    menu_icon = "tag"
    menu_order = 300

    def __init__(self):
        added = [hook() for hook in hooks.get_hooks("register_taxonomy_viewset")]
        self.items = (
            SectorViewSet,
            RegionViewSet,
            InstitutionViewSet,
            TopicViewSet,
            *added,
            GlossaryTermViewSet,
        )
        super().__init__()


register_snippet(TaxonomyGroup)


# Versioned pages (core.versioning): each version on its own screen, "Start a new version".


@hooks.register("register_admin_urls")
def register_versioning_urls():
    from django.urls import path

    from .versioning.admin import start_new_version

    return [
        path("versions/<int:page_id>/new/", start_new_version, name="versioning_new_version"),
    ]


@hooks.register("construct_snippet_action_menu")
def version_action_menu(menu_items, request, context):
    from .versioning.admin import version_action_menu

    version_action_menu(menu_items, request, context)


@hooks.register("register_page_header_buttons")
def start_new_version_button(page, user, view_name, next_url=None):
    from wagtail.admin.ui.menus.pages import PageMenuItem

    from .versioning.routes import VersionedPageMixin

    page_class = page.specific_class or type(page)
    if not issubclass(page_class, VersionedPageMixin):
        return

    class StartNewVersionButton(PageMenuItem):
        label = page_class.version_words.start_new_version
        icon_name = "copy"
        url_name = "versioning_new_version"

        def is_shown(self, user):
            return self.page.permissions_for_user(user).can_edit()

    yield StartNewVersionButton(page=page, priority=12)
