from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The foundation every other app builds on: documents and images, taxonomy and glossary,
    the home, content and glossary pages, site settings, what the public may see, the API,
    the sitemap and the demo's loader. It imports no other Quipu app."""

    name = "core"
    label = "core"
    verbose_name = _("Foundation")

    def ready(self):
        from . import signals  # noqa: F401
        from .routing import keep_sites, route_by_slug

        route_by_slug()
        keep_sites()
