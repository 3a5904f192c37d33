from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Quipu's public search."""

    name = "search"
    label = "quipu_search"
    verbose_name = _("Search")
