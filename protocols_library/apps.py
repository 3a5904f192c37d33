from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolsLibraryConfig(AppConfig):
    """Versioned protocols and OFR instruments."""

    name = "protocols_library"
    verbose_name = _("Protocols library")

    def ready(self):
        from core.generation import content_changed

        from . import receivers  # noqa: F401
        from .signals import in_force_changed

        # A version entered into force (the daily command): pages read the date, so whatever is
        # kept under the content generation is out of date; listings, feeds and the search
        # index follow the signal.
        in_force_changed.connect(content_changed, dispatch_uid="quipu-page-cache-in-force")
