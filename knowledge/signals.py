"""Signal receivers: counting document downloads."""

from django.db.models import F
from django.dispatch import receiver
from wagtail.documents.models import document_served


@receiver(document_served)
def count_download(sender, instance, request, **kwargs):
    """One UPDATE ... SET n = n + 1: concurrent downloads never overwrite each other's count."""
    type(instance).objects.filter(pk=instance.pk).update(download_count=F("download_count") + 1)
