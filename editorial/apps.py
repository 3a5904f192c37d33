from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """Roles, moderation, translation status and review reminders for editors."""

    name = "editorial"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from . import autosave, boundaries, media_rules, role_names, signals  # noqa: F401

        media_rules.register_policies()
        autosave.merge_autosave_history()
        role_names.install()

        from django.db.models.signals import post_migrate

        from .site_address import apply_site_url

        post_migrate.connect(apply_site_url, sender=self)
