from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Home page, taxonomy, glossary, documents and images shared by every other app."""

    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from . import search, signals  # noqa: F401
        from .routing import keep_sites, route_by_slug

        route_by_slug()
        keep_sites()
