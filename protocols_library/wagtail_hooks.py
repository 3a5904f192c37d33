"""Admin additions: versions on their own screens (core.versioning.admin), the old address of
"Start a new version", dated changes in the audit, the home page's protocols in force."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.versioning.admin import VersionViewSet, register_versions, start_new_version

from .audit import STATUS_ACTION, VersionStatusFormatter
from .home import protocols_in_force
from .models import ProtocolVersion


class ProtocolVersionViewSet(VersionViewSet):
    """Who may do what with a version follows the works' pages (core.versioning.admin)."""

    model = ProtocolVersion
    menu_label = _("Protocol versions")
    menu_name = "protocol_versions"
    menu_order = 250
    page_column_label = _("work")
    date_column_label = _("enters into force on")


register_versions(ProtocolVersionViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    # Starting a new version once had an address of the library's own; editors' bookmarks of
    # it still reach the shared view (`versioning_new_version`).
    return [
        path(
            "protocols/<int:page_id>/new-version/",
            start_new_version,
            name="protocols_library_new_version",
        )
    ]


@hooks.register("register_log_actions")
def register_version_status_action(actions):
    actions.register_action(STATUS_ACTION)(VersionStatusFormatter)


# The home page lists every protocol and instrument in force first (core.home).
hooks.register("home_page_sections", protocols_in_force)
