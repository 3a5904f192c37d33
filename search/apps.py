from django.apps import AppConfig
from django.core.signals import request_finished, setting_changed
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Quipu's public search."""

    name = "search"
    label = "quipu_search"
    verbose_name = _("Search")

    def ready(self):
        from . import analytics, registry, reset_engines, signals  # noqa: F401

        registry.discover()

        setting_changed.connect(reset_engines, dispatch_uid="quipu-search-settings")
        request_finished.connect(
            analytics.flush_local_after_response, dispatch_uid="quipu-search-analytics"
        )
