"""The public search page and its autocomplete endpoint.

Whatever arrives in the URL, the page answers 200 with a normal page: bad parameters are
explained and left out, and an engine failure becomes a sentence, never a stack trace.
"""

import logging
import math
from dataclasses import replace

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from . import get_engine
from .adapters import kind_labels, status_labels
from .analytics import record_search
from .completion import completions as complete
from .forms import SearchForm
from .promotions import shown as shown_promotion
from .query import MAX_PAGE, clean, normalized, term_filters
from .registry import facet_labels, facets, visibility

logger = logging.getLogger("quipu.search")

YEAR_LABEL = gettext_lazy("Year")
AUTOCOMPLETE_LIMIT = 8
# Not a result: a search for a glossary acronym, offered by autocomplete.
ACRONYM_LABEL = gettext_lazy("Acronym")


def value_labels(facet, values):
    if facet == "kind":
        return {value: str(kind_labels().get(value, value)) for value in values}
    if facet == "status":
        return {value: str(status_labels().get(value, value)) for value in values}
    return facet_labels(facet, values)


def facet_headings():
    fields = SearchForm.base_fields
    return {
        "kind": fields["kind"].label,
        "status": fields["status"].label,
        **facets(),
        "year": YEAR_LABEL,
    }


def facet_groups(results, filters):
    groups = []
    for name, heading in facet_headings().items():
        counted = {count.value: count.count for count in results.facets.get(name, [])}
        selected = set(filters.chosen.get(name, ()))
        labels = value_labels(name, set(counted) | selected)
        # A selected value with no results left still shows, so it can be unticked.
        shown = [*counted, *sorted(selected - set(counted))]
        if name == "year":
            shown.sort(reverse=True)
        values = [
            {
                "value": value,
                "label": labels.get(value, value),
                "count": counted.get(value, 0),
                "selected": value in selected,
            }
            for value in shown
        ]
        if values:
            is_filter = name in term_filters()
            groups.append(
                {"name": name, "label": heading, "values": values, "is_filter": is_filter}
            )
    return groups


def query_url(request, *dropped, **changed):
    """This search's address, from its first page, without some parameters and with others
    set (a list sets several values)."""
    params = request.GET.copy()
    for name in ("page", *dropped):
        params.pop(name, None)
    for name, value in changed.items():
        params.setlist(name, value if isinstance(value, list) else [value])
    return "?" + params.urlencode()


def removal_links(request, filters):
    links = []
    headings = facet_headings()
    for name, values in filters.terms():
        labels = value_labels(name, set(values))
        for value in values:
            others = [other for other in request.GET.getlist(name) if other != value]
            url = query_url(request, **{name: others})
            links.append((labels.get(value, value), headings[name], url))
    for name, value, label in (
        ("year_from", filters.year_from, _("from %(year)s")),
        ("year_to", filters.year_to, _("until %(year)s")),
    ):
        if value is not None:
            links.append((label % {"year": value}, YEAR_LABEL, query_url(request, name)))
    return [{"label": label, "facet": facet, "url": url} for label, facet, url in links]


def correction(request, results):
    if not results or not results.corrected_from:
        return None
    typed = results.corrected_from
    typed_url = query_url(request, "literal", q=typed, literal="1")
    return {"text": results.corrected, "typed": typed, "typed_url": typed_url}


def other_versions(results):
    if not results or not results.other_versions:
        return []
    labels = status_labels()
    order = {status: position for position, status in enumerate(labels)}
    ranked = sorted(results.other_versions.items(), key=lambda item: order.get(item[0], len(order)))
    return [
        {"status": status, "label": str(labels.get(status, status)), "count": count}
        for status, count in ranked
    ]


def page_count(total, per_page):
    return min(math.ceil(total / per_page), MAX_PAGE)


def promotions_for(text):
    """Editors' picks (Wagtail search promotions) for this query, public pages only."""
    query = Query.objects.filter(query_string=normalise_query_string(normalized(text))).first()
    if query is None:
        return []
    picks = (
        query.editors_picks.select_related("page")
        .prefetch_related("quipu_translations")
        .order_by("sort_order")
    )
    public = visibility().public_page_ids(pick.page_id for pick in picks)
    return [
        shown_promotion(promotion)
        for promotion in picks
        if (promotion.page_id in public if promotion.page_id else promotion.external_link_url)
    ]


@require_GET
def search(request):
    language = translation.get_language()
    form = SearchForm(request.GET)
    form.is_valid()
    query = form.search_query(language)
    results, unavailable, promotions, page_notice = None, False, [], ""
    if not query.is_empty:
        try:
            results = get_engine().search(query, correct=not request.GET.get("literal"))
            last_page = page_count(results.total, query.per_page)
            if results.total and not results.hits and query.page > last_page:
                page_notice = _(
                    "There is no page %(page)s of these results; this is the last one, "
                    "page %(last)s."
                ) % {"page": query.page, "last": last_page}
                query = replace(query, page=last_page)
                results = get_engine().search(query, correct=not request.GET.get("literal"))
        except Exception:
            logger.exception("Search failed for %r", query.text[:100])
            unavailable = True
        if results is not None and query.page == 1:
            record_search(request, query.text, language, results.total)
            try:
                promotions = promotions_for(query.text)
            except Exception:
                logger.warning("Could not read search promotions", exc_info=True)
    total = results.total if results else 0
    partial = results.partial if results else None
    if results:
        kinds, statuses = kind_labels(), status_labels()
        for hit in [*results.hits, *(partial.hits if partial else [])]:
            hit.kind_label = str(kinds.get(hit.kind, ""))
            hit.status_label = str(statuses.get(hit.status, "")) if hit.status else ""
    pages = page_count(total, query.per_page)
    versions = other_versions(results)
    context = {
        "search_query": query.text,
        "query": query,
        "form": form,
        "form_errors": form.error_messages(),
        "results": results,
        "hits": results.hits if results else [],
        "total": total,
        "page_number": query.page,
        "page_count": pages,
        "previous_page": query.page - 1 if query.page > 1 else None,
        "next_page": query.page + 1 if query.page < pages else None,
        "facets": facet_groups(results, query.filters) if results else [],
        "active_filters": removal_links(request, query.filters),
        "suggestions": [
            {"text": suggestion, "url": query_url(request, "literal", q=suggestion)}
            for suggestion in (results.suggestions if results else [])
        ],
        "correction": correction(request, results),
        "partial": partial,
        "page_notice": page_notice,
        "other_versions": versions,
        "other_versions_total": sum(item["count"] for item in versions),
        "other_versions_url": query_url(request, versions="on"),
        "partial_url": query_url(request, "literal", q=partial.text) if partial else "",
        "promotions": promotions,
        "unavailable": unavailable,
    }
    return render(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    language = translation.get_language()
    text = clean(request.GET.get("q", ""))[:100]
    completions = []
    if len(text.strip()) >= 2:
        try:
            completions = complete(get_engine(), text, language, AUTOCOMPLETE_LIMIT)
        except Exception:
            logger.exception("Autocomplete failed for %r", text)
    kinds = {**kind_labels(), "acronym": ACRONYM_LABEL}
    results = [
        {"title": item.title, "url": item.url, "kind": str(kinds.get(item.kind, ""))}
        for item in completions
    ]
    response = JsonResponse({"query": text, "results": results})
    response["Cache-Control"] = "public, max-age=60"
    return response
