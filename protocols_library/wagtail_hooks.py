"""Admin additions: a "Start a new version" button on each protocol or instrument."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from .audit import STATUS_ACTION, VersionStatusFormatter
from .models import ProtocolWorkPage
from .views import start_new_version


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
