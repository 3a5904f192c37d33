"""Admin additions: versions on their own screens, "Start a new version", dated changes in the audit."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .audit import STATUS_ACTION, VersionStatusFormatter
from .home import protocols_in_force
from .models import ProtocolVersion, ProtocolWorkPage
from .versions_admin import ProtocolVersionViewSet, permission_policy
from .views import start_new_version

register_permission_policy(ProtocolVersion, permission_policy)
register_snippet(ProtocolVersionViewSet)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "protocols/<int:page_id>/new-version/",
            start_new_version,
            name="protocols_library_new_version",
        )
    ]


class StartNewVersionButton(PageMenuItem):
    label = _("Start a new version")
    icon_name = "copy"
    url_name = "protocols_library_new_version"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


@hooks.register("register_page_header_buttons")
def start_new_version_button(page, user, view_name, next_url=None):
    if issubclass(page.specific_class or type(page), ProtocolWorkPage):
        yield StartNewVersionButton(page=page, priority=12)


@hooks.register("register_log_actions")
def register_version_status_action(actions):
    actions.register_action(STATUS_ACTION)(VersionStatusFormatter)


# The home page lists every protocol and instrument in force first (core.home).
hooks.register("home_page_sections", protocols_in_force)
