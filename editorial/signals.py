"""Receivers keeping translation stamps current as editors save revisions."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Revision

from .translation_status import record_revision


@receiver(post_save, sender=Revision)
def stamp_translation(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record_revision(instance)
