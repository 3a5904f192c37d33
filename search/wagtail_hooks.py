"""Search analytics in the Wagtail admin, read by the roles given the permission to view
them (editorial/migrations), not only by superusers as Wagtail's "Search terms" is."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import (
    SEARCH_TERMS_PERMISSION,
    ZERO_RESULTS_PERMISSION,
    SearchTermsReport,
    ZeroResultsReportView,
)
from .promotions import install_admin_form

install_admin_form()


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


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
    return [
        path("search-analytics/", include((urls, "quipu_search"), namespace="quipu_search")),
        # Wagtail's "Search terms" addresses, answered first by Quipu's view of that report.
        path("searchpicks/reports/search-terms/", SearchTermsReport.as_view()),
        path(
            "searchpicks/reports/search-terms/results/",
            SearchTermsReport.as_view(results_only=True),
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_zero_results_menu_item():
    return PermissionMenuItem(
        _("Searches with no results"),
        reverse("quipu_search:zero_results"),
        name="searches-with-no-results",
        icon_name="search",
        order=1310,
        permission=ZERO_RESULTS_PERMISSION,
    )


@hooks.register("construct_reports_menu")
def search_terms_for_those_who_may_read_them(request, menu_items):
    if request.user.is_superuser or not request.user.has_perm(SEARCH_TERMS_PERMISSION):
        return
    if any(item.name == "search-terms" for item in menu_items):
        return
    menu_items.append(
        MenuItem(
            _("Search terms"),
            reverse("wagtailsearchpromotions:search_terms"),
            name="search-terms",
            icon_name="search",
            order=1300,
        )
    )
