from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Lessons, events, pilots and their pathway, training materials and publications."""

    name = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from wagtail.signals import page_published

        from core.versioning.signals import watch_versions

        from .models import LessonPage, TrainingEdition
        from .models.lessons import note_published_revision

        watch_versions(TrainingEdition)
        page_published.connect(note_published_revision, sender=LessonPage)
