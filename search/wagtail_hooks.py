"""The search analytics report in the Wagtail admin, beside Wagtail's own "Search terms"."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .admin_views import ZeroResultsReportView


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = [
        path("", ZeroResultsReportView.as_view(), name="zero_results"),
        path(
            "results/",
            ZeroResultsReportView.as_view(results_only=True),
            name="zero_results_results",
        ),
    ]
    return [path("search-analytics/", include((urls, "quipu_search"), namespace="quipu_search"))]


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return AdminOnlyMenuItem(
        _("Searches with no results"),
        reverse("quipu_search:zero_results"),
        name="searches-with-no-results",
        icon_name="search",
        order=1310,
    )
