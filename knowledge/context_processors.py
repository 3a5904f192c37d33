"""Context every public template needs: the site's top-level sections for the navigation."""

from wagtail.models import Site

from .visibility import public_pages


def site_sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"site_sections": [], "site_home": None}
    return {
        "site_sections": public_pages(site.root_page.get_children()).in_menu().order_by("path"),
        "site_home": site.root_page,
    }
