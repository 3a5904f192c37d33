"""Admin hooks: translation and review panels, the translation report, two-factor pages."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from . import autosave, documents_admin, two_factor, views
from .panels import ReviewsDuePanel, TranslationStatusPanel


@hooks.register("register_admin_urls")
def editorial_urls():
    return [
        path("translations/", views.translation_report, name="quipu_translation_status"),
        path(
            "translations/<str:language>/",
            views.translation_report,
            name="quipu_translation_status_language",
        ),
        # The first translation language's action kept its first address.
        path(
            "translations/<int:page_id>/english-address/",
            views.use_translated_slug,
            name="quipu_use_english_slug",
        ),
        path(
            "translations/<str:language>/<int:page_id>/address/",
            views.use_translated_slug,
            name="quipu_use_translated_slug",
        ),
        path("2fa/verify/", two_factor.verify, name="quipu_two_factor_verify"),
        path("2fa/setup/", two_factor.setup, name="quipu_two_factor_setup"),
        path("2fa/disable/", two_factor.disable, name="quipu_two_factor_disable"),
        path("2fa/backup-codes/", two_factor.backup_codes, name="quipu_two_factor_backup_codes"),
        path(
            "2fa/backup-codes/new/",
            two_factor.regenerate_backup_codes,
            name="quipu_two_factor_regenerate",
        ),
        path("2fa/accounts/", two_factor.accounts, name="quipu_two_factor_accounts"),
        path(
            "2fa/accounts/<int:user_id>/reset/",
            two_factor.reset,
            name="quipu_two_factor_reset",
        ),
        path(
            "2fa/lockouts/<int:attempt_id>/unlock/",
            two_factor.unlock,
            name="quipu_two_factor_unlock",
        ),
        *documents_admin.listing_urls(),
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


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def sign_in_security_menu_item():
    return SuperuserMenuItem(
        _("Sign-in security"),
        reverse("quipu_two_factor_accounts"),
        icon_name="key",
        order=900,
    )


@hooks.register("register_log_actions")
def two_factor_log_actions(actions):
    actions.register_action(
        two_factor.ENROLLED, _("Two-factor sign-in turned on"), _("Two-factor sign-in turned on")
    )
    actions.register_action(
        two_factor.TURNED_OFF,
        _("Two-factor sign-in turned off"),
        _("Two-factor sign-in turned off"),
    )
    actions.register_action(
        two_factor.RESET,
        _("Two-factor sign-in reset"),
        _("Authenticator app and backup codes removed by an administrator"),
    )
    actions.register_action(
        two_factor.BACKUP_CODES_MADE, _("New backup codes"), _("New backup codes made")
    )
    actions.register_action(
        two_factor.SIGN_IN_UNLOCKED, _("Sign-in unlocked"), _("Sign-in lock lifted")
    )

    @actions.register_action(two_factor.SIGNED_IN)
    class SignedIn(LogFormatter):
        label = _("Two-factor sign-in")

        def format_message(self, log_entry):
            if log_entry.data.get("method") == "backup code":
                return _("Signed in with a backup code (%(count)s left)") % {
                    "count": log_entry.data.get("backup_codes_left", "?")
                }
            return _("Signed in with the authenticator app")

    @actions.register_action(two_factor.SIGN_IN_FAILED)
    class SignInFailed(LogFormatter):
        label = _("Wrong two-factor code")

        def format_message(self, log_entry):
            if log_entry.data.get("method") == "backup code":
                return _("Wrong backup code at sign-in")
            return _("Wrong authenticator code at sign-in")


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("quipu_two_factor_setup"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app every time you sign in."),
    }


# Autosave must not race publishing or moderation: see editorial/autosave.py.
hooks.register("before_edit_page", autosave.refuse_racing_autosave)
hooks.register("before_create_page", autosave.refuse_autosave_with_action)


@hooks.register("insert_editor_js")
def autosave_guard_js():
    return format_html('<script src="{}" defer></script>', static("editorial/js/autosave-guard.js"))


@hooks.register("insert_editor_js")
def schedule_picker_js():
    # The scheduling dialog's date pickers must not hide its save button: see the script.
    return format_html(
        '<script src="{}" defer></script>', static("editorial/js/schedule-picker.js")
    )
