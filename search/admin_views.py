"""Search analytics for editors: searches that found nothing, next to Wagtail's search terms."""

import logging
from datetime import timedelta

from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_filters import DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

from . import analytics
from .models import ZeroResultQuery

logger = logging.getLogger("quipu.search")

# The roles that read search analytics hold these (editorial/migrations grant them).
ZERO_RESULTS_PERMISSION = "quipu_search.view_zeroresultquery"
SEARCH_TERMS_PERMISSION = "wagtailsearchpromotions.view_query"


class DayColumn(Column):
    """ "Today", "yesterday" or the date: searches are counted per day, so a relative time
    ("15 hours ago") would count from that day's midnight, not from the search."""

    def get_value(self, instance):
        day = super().get_value(instance)
        if not day:
            return ""
        today = timezone.localdate()
        if day == today:
            return _("Today")
        if day == today - timedelta(days=1):
            return _("Yesterday")
        return date_format(day, "DATE_FORMAT")


class ZeroResultsFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = ZeroResultQuery
        fields = ["language"]


class SearchReport:
    """A report for whoever holds `permission` (Wagtail's "Search terms" dispatch allows
    superusers only, so it is skipped), showing the searches counted since the worker's
    last pass too."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return permission_denied(request)
        try:
            analytics.flush()
        except Exception:
            logger.warning("Could not write the counted searches", exc_info=True)
        return ReportView.dispatch(self, request, *args, **kwargs)


class ZeroResultsReportView(SearchReport, ReportView):
    permission = ZERO_RESULTS_PERMISSION
    page_title = _("Searches with no results")
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = ZeroResultsFilterSet
    default_ordering = "-_hits"
    index_url_name = "quipu_search:zero_results"
    index_results_url_name = "quipu_search:zero_results_results"
    columns = [
        Column("query_string", label=_("Search"), sort_key="query_string"),
        Column("language", label=_("Language"), sort_key="language"),
        NumberColumn("_hits", label=_("Times searched"), sort_key="_hits"),
        DayColumn("last_searched", label=_("Last searched"), sort_key="last_searched"),
    ]
    export_headings = {column.name: column.label for column in columns}
    list_export = list(export_headings)

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": self.get_base_queryset()}

    def get_base_queryset(self):
        # One row per search and language; date filters apply before the days are summed.
        return ZeroResultQuery.objects.values("query_string", "language").annotate(
            _hits=Sum("hits"), last_searched=Max("date")
        )


class SearchTermsReport(SearchReport, SearchTermsReportView):
    permission = SEARCH_TERMS_PERMISSION
