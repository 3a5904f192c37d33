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


def _route_by_slug(original):
    @functools.wraps(original)
    def route(self, request, path_components):
        from wagtail.contrib.routable_page.models import RoutablePageMixin
        from wagtail.models import Page

        if not path_components or isinstance(self, RoutablePageMixin):
            return original(self, request, path_components)
        subpage_models = type(self).clean_subpage_models()
        child_model = subpage_models[0] if len(subpage_models) == 1 else Page
        slug = path_components[0]
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


def route_by_slug():
    """Wraps the routing of every page type (those with sub-addresses keep their own)."""
    from wagtail.models import get_page_models

    for model in get_page_models():
        if model._meta.abstract or getattr(model.route, "routes_by_slug", False):
            continue
        model.route = _route_by_slug(model.route)
