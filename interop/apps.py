from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    """What machines and readers use: OAI-PMH, feeds, citations, structured data."""

    name = "interop"
    verbose_name = _("Harvesting, feeds and citations")

    def ready(self):
        from core.sitemaps import register_sitemap

        from . import signals  # noqa: F401
        from .sitemaps import HistorySitemap, VersionSitemap

        register_sitemap("versions", VersionSitemap)
        register_sitemap("histories", HistorySitemap)
