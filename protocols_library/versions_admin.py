"""Each version of a work on its own admin screen: a snippet with drafts, revisions and moderation.

Who may do what with a version follows the pages (core.versioning.admin): whoever may edit a
work may edit and draft its versions; whoever may publish the work's page may publish (approve)
them, unpublish them and delete them. Publishing buttons follow the same rule (core's hook).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from core.versioning.admin import StatusColumn, VersionIndexView, VersionPermissionPolicy

from .forms import ProtocolVersionForm
from .models import ProtocolVersion, ProtocolWorkPage
from .panels import VersionStatusPanel

permission_policy = VersionPermissionPolicy(ProtocolVersion, ProtocolWorkPage)


class ProtocolVersionViewSet(SnippetViewSet):
    model = ProtocolVersion
    icon = "doc-full"
    menu_label = _("Protocol versions")
    menu_name = "protocol_versions"
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = VersionIndexView
    list_display = [
        "label",
        Column("page", label=_("work"), accessor="page"),
        StatusColumn("timeline_status", label=_("status")),
        DateColumn("effective_date", label=_("enters into force on")),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["page"]
    search_fields = ["label", "page__title"]
    ordering = ["page__title", "-effective_date", "-pk"]
    edit_handler = ObjectList(
        [VersionStatusPanel(heading=_("Status")), *ProtocolVersion.panels],
        base_form_class=ProtocolVersionForm,
    )

    @property
    def permission_policy(self):
        return permission_policy

    def get_queryset(self, request):
        """Only the versions of works the user may edit."""
        return permission_policy.instances_user_has_any_permission_for(
            request.user, {"change"}
        ).select_related("page")
