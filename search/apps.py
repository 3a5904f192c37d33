from django.apps import AppConfig
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Quipu's public search."""

    name = "search"
    label = "quipu_search"
    verbose_name = _("Search")

    def ready(self):
        from . import reset_engines, signals  # noqa: F401

        setting_changed.connect(reset_engines, dispatch_uid="quipu-search-settings")
