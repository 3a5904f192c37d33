"""Admin hooks: translation and review panels, the translation report, two-factor pages."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import two_factor, views
from .panels import ReviewsDuePanel, TranslationStatusPanel


@hooks.register("register_admin_urls")
def editorial_urls():
    return [
        path("translations/", views.translation_report, name="quipu_translation_status"),
        path("2fa/verify/", two_factor.verify, name="quipu_two_factor_verify"),
        path("2fa/setup/", two_factor.setup, name="quipu_two_factor_setup"),
        path("2fa/disable/", two_factor.disable, name="quipu_two_factor_disable"),
    ]


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    panels.append(TranslationStatusPanel(request.user))
    panels.append(ReviewsDuePanel(request.user))


@hooks.register("register_reports_menu_item")
def translation_report_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("quipu_translation_status"),
        icon_name="globe",
        order=50,
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("quipu_two_factor_setup"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app every time you sign in."),
    }
