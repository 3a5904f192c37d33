"""Signal receivers: counting document downloads, recording what published pages use."""

from django.db.models import F
from django.dispatch import receiver
from wagtail.documents.models import document_served
from wagtail.models import ReferenceIndex
from wagtail.signals import page_published

from .download_counting import counts_as_download


@receiver(document_served)
def count_download(sender, instance, request, **kwargs):
    """One UPDATE ... SET n = n + 1: concurrent downloads never overwrite each other's count.

    Robots and a client's repeat within 30 seconds are not counted (core.download_counting).
    """
    if not counts_as_download(request, instance):
        return
    type(instance).objects.filter(pk=instance.pk).update(download_count=F("download_count") + 1)


@receiver(page_published)
def record_references_now(sender, instance, **kwargs):
    """The files a page's live content uses are recorded when publishing returns.

    core.visibility reads them to decide which files are public; without this a newly
    published file would stay unavailable until the task worker's next pass.
    """
    ReferenceIndex.create_or_update_for_object(instance)
