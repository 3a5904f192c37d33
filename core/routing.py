"""Routing by slug: only the child asked for is read, as its own type, and keeps its parent.

wagtail-modeltranslation routes by reading every child of a page and comparing slugs in
Python (so a page without an English slug answers at its Spanish one), then reads the match
again as its own type, and the page has forgotten its parent. A section with a thousand
lessons would read a thousand rows to serve one. `route_by_slug` reads only the children
whose slug in some language is the one asked for (as their model at once when the parent's
`subpage_types` name one) and keeps the parent on the child, so breadcrumbs cost nothing:
one or two queries instead of three, whatever the section holds, with the same answer (the
first child in tree order whose `slug`, with modeltranslation's fallbacks, is the one asked
for).
"""

import functools

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from wagtail.models import sites


def _route_by_slug(original):
    @functools.wraps(original)
    def route(self, request, path_components):
        from wagtail.contrib.routable_page.models import RoutablePageMixin
        from wagtail.models import Page

        children = root_children(self)
        if children is not None and not path_components:
            # The site's root as kept with its site: the page served is read as it is now.
            self = _fresh(self)
            self.__dict__[_CHILDREN] = children
        if not path_components or isinstance(self, RoutablePageMixin):
            return original(self, request, path_components)
        subpage_models = type(self).clean_subpage_models()
        child_model = subpage_models[0] if len(subpage_models) == 1 else Page
        slug = path_components[0]
        if children is not None:
            # The root's children as kept with its site: the match is found without a query,
            # and a section served (not only passed through) is read as it is now.
            for child in children:
                if child.slug == slug:
                    if len(path_components) == 1:
                        child = _fresh(child)
                    child._cached_parent_obj = self
                    return child.route(request, path_components[1:])
            raise Http404
        any_language = Q()
        for code, _name in settings.LANGUAGES:
            any_language |= Q(**{f"slug_{code}": slug})
        # A child of another type than subpage_types allows (made by code, or before the rule)
        # is still served: the generic query runs only when the specific one found nothing.
        models = (child_model,) if child_model is Page else (child_model, Page)
        for model in models:
            for child in model.objects.child_of(self).filter(any_language).order_by("path"):
                if child.slug == slug:
                    if model is Page:
                        child = child.specific
                    child._cached_parent_obj = self
                    return child.route(request, path_components[1:])
        # A page's slug, with fallbacks, is always its slug in some language: none matched.
        raise Http404

    route.routes_by_slug = True
    return route


def _fresh(page):
    found = type(page).objects.filter(pk=page.pk).first()
    if found is None:
        raise Http404
    return found


def route_by_slug():
    """Wraps the routing of every page type (those with sub-addresses keep their own)."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        if model._meta.abstract or getattr(model.route, "routes_by_slug", False):
            continue
        model.route = _route_by_slug(model.route)


# The site and its sections, kept across requests -------------------------------------------

# A root page with more children than this reads them from the database on each request.
MAX_KEPT_CHILDREN = 100
_CHILDREN = "_quipu_root_children"


def root_children(page):
    """The children of the site's root page, as their own types in tree order, when `page` is
    that root as kept with its site (every public address starts there); None otherwise.

    They say which section an address goes through and make the navigation; whether each is
    public now is decided by whoever shows them (`is_public_page` checks the clock too), and
    the page a visitor asked for is always read from the database.
    """
    return page.__dict__.get(_CHILDREN)


def _site_with_root(find, hostname, port):
    from wagtail.models import Site

    try:
        site = find(hostname, port)
    except Site.DoesNotExist:
        return None
    root = site.root_page.specific
    children = list(root.get_children().specific().order_by("path")[: MAX_KEPT_CHILDREN + 1])
    if len(children) <= MAX_KEPT_CHILDREN:
        for child in children:
            child._cached_parent_obj = root
        root.__dict__[_CHILDREN] = children
    return site


def keep_sites():
    """Which site answers a host, its root page as its own type and the root's children are
    read once per content generation (core.request_memo.shared) instead of on every
    request: the queries every address began with (the site, then each level's page, twice
    where a section holds pages of several types). Any change to a site or a page replaces the
    generation, so the next request reads them again."""
    from .request_memo import shared

    find = sites.get_site_for_hostname
    if getattr(find, "keeps_sites", False):
        return

    @functools.wraps(find)
    def get_site_for_hostname(hostname, port):
        site = shared("site", lambda: _site_with_root(find, hostname, port), hostname, port)
        if site is None:
            raise sites.Site.DoesNotExist
        return site

    get_site_for_hostname.keeps_sites = True
    sites.get_site_for_hostname = get_site_for_hostname
