"""The site status panel on the admin dashboard, for administrators only."""

from wagtail import hooks

from .panels import SiteStatusPanel, is_administrator


@hooks.register("construct_homepage_panels")
def add_site_status_panel(request, panels):
    if is_administrator(request.user):
        panels.append(SiteStatusPanel())
