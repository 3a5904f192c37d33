"""What the editorial tools remember: when each language of a page last changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class TranslationStamp(models.Model):
    """Fingerprints of a page's Spanish and English fields and when each last changed."""

    page = models.OneToOneField(
        Page, on_delete=models.CASCADE, related_name="translation_stamp", verbose_name=_("page")
    )
    spanish_digest = models.CharField(max_length=64, blank=True)
    english_digest = models.CharField(max_length=64, blank=True)
    spanish_changed_at = models.DateTimeField(null=True, blank=True)
    english_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("translation stamp")

    def __str__(self):
        return f"{self.page_id}: es {self.spanish_changed_at}, en {self.english_changed_at}"

    @property
    def is_english_outdated(self):
        """English exists but the Spanish was edited after it."""
        return bool(
            self.english_changed_at
            and self.spanish_changed_at
            and self.english_changed_at < self.spanish_changed_at
        )
