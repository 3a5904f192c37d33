from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Lessons, events, pilots and their pathway, training materials and publications."""

    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from core.versioning.signals import watch_versions

        from .models import TrainingEdition

        watch_versions(TrainingEdition)
