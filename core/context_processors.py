"""Context every public template needs: the site's top-level sections for the navigation."""

from wagtail.models import Site

from .routing import root_children
from .visibility import is_public_page, public_pages, restricted_paths


def site_sections(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"site_sections": [], "site_home": None}
    root = site.root_page.specific
    children = root_children(root)
    if children is None:
        sections = public_pages(root.get_children()).in_menu().order_by("path")
    else:
        # The root's children come with the site (core.routing); only whether each is
        # public now is decided here (an expiry date may have passed since they were read).
        restricted = restricted_paths()
        sections = [
            child for child in children if child.show_in_menus and is_public_page(child, restricted)
        ]
    return {"site_sections": sections, "site_home": site.root_page}
