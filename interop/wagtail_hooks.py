"""The subscriptions report, under Reports in the Wagtail admin."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import COUNTS_PERMISSION, subscription_addresses, subscriptions_report


class SubscriptionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(COUNTS_PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("subscriptions/", subscriptions_report, name="interop_subscriptions"),
        path(
            "subscriptions/<int:work_id>/",
            subscription_addresses,
            name="interop_subscription_addresses",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_subscriptions_menu_item():
    return SubscriptionsMenuItem(
        _("E-mail subscriptions"),
        reverse("interop_subscriptions"),
        name="email-subscriptions",
        icon_name="mail",
        order=1400,
    )
