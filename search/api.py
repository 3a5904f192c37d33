"""The Wagtail API's `?search=`, read by the public search's rules.

Wagtail hands the raw parameter to the search backend, where quotes, NUL characters,
operators and hundreds of words end in a server error. Here it is parsed as the public search
parses it, so only plain words and phrases reach the backend.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError
from wagtail.search.query import And, Or, Phrase, PlainText

from .query import parse


def search_expression(text, operator="and"):
    parts = []
    for clause in parse(text):
        words = clause.original
        parts.append(Phrase(" ".join(words)) if len(words) > 1 else PlainText(words[0]))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return And(parts) if operator == "and" else Or(parts)


class PublicSearchFilter(SearchFilter):
    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError(_("Search is disabled."))
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError(_("Filtering by tag is not supported together with search."))
        operator = request.GET.get("search_operator", "").strip().lower() or "and"
        if operator not in ("and", "or"):
            raise BadRequestError(_("search_operator must be “and” or “or”."))
        expression = search_expression(request.GET["search"], operator)
        if expression is None:
            return queryset.none()
        backend = get_search_backend()
        by_relevance = "order" not in request.GET
        try:
            try:
                return backend.search(expression, queryset, order_by_relevance=by_relevance)
            except FilterFieldError:
                # The public rule (core.visibility) filters on fields the search index
                # does not hold (expiry); the same rows, named by id, can be searched.
                return backend.search(
                    expression, _by_ids(queryset), order_by_relevance=by_relevance
                )
        except FilterFieldError as error:
            raise BadRequestError(
                _("Cannot filter by “%(field)s” while searching.") % {"field": error.field_name}
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                _("Cannot order by “%(field)s” while searching.") % {"field": error.field_name}
            ) from error


def _by_ids(queryset):
    narrowed = queryset.model._default_manager.filter(
        pk__in=list(queryset.values_list("pk", flat=True))
    )
    if queryset.query.order_by:
        narrowed = narrowed.order_by(*queryset.query.order_by)
    return narrowed


def with_public_search(viewset):
    backends = [
        PublicSearchFilter if backend is SearchFilter else backend
        for backend in viewset.filter_backends
    ]
    return type(viewset.__name__, (viewset,), {"filter_backends": backends})
