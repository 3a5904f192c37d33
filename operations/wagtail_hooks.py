"""The site status panel on the admin dashboard, for administrators only; pages marked for the
page cache."""

from wagtail import hooks

from .page_cache import mark_cacheable
from .panels import SiteStatusPanel, is_administrator


@hooks.register("construct_homepage_panels")
def add_site_status_panel(request, panels):
    if is_administrator(request.user):
        panels.append(SiteStatusPanel())


@hooks.register("before_serve_page")
def page_may_be_cached(page, request, serve_args, serve_kwargs):
    """Pages, and their routes, are kept for anonymous visitors (operations/page_cache.py)."""
    mark_cacheable(request)
