from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolsLibraryConfig(AppConfig):
    """Versioned protocols and OFR instruments."""

    name = "protocols_library"
    verbose_name = _("Protocols library")

    def ready(self):
        from core.versioning.signals import watch_versions

        from . import receivers  # noqa: F401
        from .models import ProtocolVersion

        watch_versions(ProtocolVersion)
