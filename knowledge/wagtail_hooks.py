"""Admin registrations: audiences (in the Taxonomy menu), the home page's sections and the
training editions' own screens."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.versioning.admin import (
    StatusColumn,
    VersionForm,
    VersionIndexView,
    VersionPermissionPolicy,
)
from core.versioning.panels import VersionStatusPanel

from .home import latest_events, latest_lessons, training_downloads
from .models import Audience, TrainingEdition, TrainingMaterialPage


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


class TrainingEditionViewSet(SnippetViewSet):
    model = TrainingEdition
    icon = "doc-full"
    menu_label = _("Training editions")
    menu_name = "training_editions"
    add_to_admin_menu = True
    menu_order = 260
    index_view_class = VersionIndexView
    list_display = [
        "label",
        Column("page", label=_("training material"), accessor="page"),
        StatusColumn("timeline_status", label=_("status")),
        DateColumn("effective_date", label=_("edition date")),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["page"]
    search_fields = ["label", "page__title"]
    ordering = ["page__title", "-effective_date", "-pk"]
    edit_handler = ObjectList(
        [VersionStatusPanel(heading=_("Status")), *TrainingEdition.panels],
        base_form_class=VersionForm,
    )

    @property
    def permission_policy(self):
        return edition_permission_policy

    def get_queryset(self, request):
        """Only the editions of materials the user may edit."""
        return edition_permission_policy.instances_user_has_any_permission_for(
            request.user, {"change"}
        ).select_related("page")


edition_permission_policy = VersionPermissionPolicy(TrainingEdition, TrainingMaterialPage)
register_permission_policy(TrainingEdition, edition_permission_policy)
register_snippet(TrainingEditionViewSet)
