"""What the home page shows besides its own text: short lists the apps that own the content add.

The foundation knows nothing above it, so each app contributes its part with a Wagtail hook,
as the protocols library adds the list of protocols and instruments in force:

    @hooks.register("home_page_sections")
    def protocols_in_force(request, home):
        return HomeSection("in-force", order=10, template="...", context={...})

A hook returns None when it has nothing to show. Sections appear in `order`, lowest first; each
template receives its `section`, whose `context` holds what it lists.
"""

from dataclasses import dataclass, field

from wagtail import hooks

from .request_memo import per_request
from .visibility import is_public_page, public_pages, restricted_paths


@dataclass
class HomeSection:
    """One block of the home page: a template and what it lists."""

    key: str
    order: int
    template: str
    context: dict = field(default_factory=dict)


def home_sections(request, home):
    """The sections every app contributes, in order; a fixed number of queries each."""
    sections = [hook(request, home) for hook in hooks.get_hooks("home_page_sections")]
    return sorted((section for section in sections if section), key=lambda s: s.order)


@per_request
def home_children(home):
    """The home page's public children, as their own types, in tree order; read once per request.

    The "Browse" list shows those in the menu, and each section's "All ..." link points at one.
    """
    from .routing import root_children

    children = root_children(home)
    if children is None:
        return list(public_pages(home.get_children()).specific().order_by("path"))
    restricted = restricted_paths()
    return [child for child in children if is_public_page(child, restricted)]


def index_of(home, model):
    """The first public section of `model` (section pages sit right under the home page)."""
    for page in home_children(home):
        if isinstance(page, model):
            return page
    return public_pages(model.objects.descendant_of(home)).order_by("path").first()
