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
        from .generation import content_changed
        from .routing import keep_sites, route_by_slug
        from .versioning.signals import versions_changed

        # What a versioned page shows changed without its page being published (a version
        # published on its own screen, a date that arrived): cached pages are out of date.
        versions_changed.connect(content_changed, dispatch_uid="quipu-page-cache-in-force")

        route_by_slug()
        keep_sites()
