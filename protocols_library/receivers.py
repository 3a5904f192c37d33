"""A version published, unpublished or deleted changes what its work shows: announce it."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import published, unpublished
from wagtail.tasks import update_reference_index_task

from .models import ProtocolVersion, ProtocolWorkPage
from .signals import in_force_changed


def version_changed(sender, instance, **kwargs):
    work = ProtocolWorkPage.objects.live().filter(pk=instance.page_id).first()
    if work is not None:
        in_force_changed.send(sender=ProtocolWorkPage, pages=[work], date=timezone.localdate())


published.connect(version_changed, sender=ProtocolVersion, dispatch_uid="quipu-version-published")
unpublished.connect(
    version_changed, sender=ProtocolVersion, dispatch_uid="quipu-version-unpublished"
)
post_delete.connect(version_changed, sender=ProtocolVersion, dispatch_uid="quipu-version-deleted")


def reindex_work_references(sender, instance, raw=False, **kwargs):
    """The work's entry in Wagtail's reference index lists its versions' files: refresh it."""
    if raw or not instance.page_id:
        return
    if ProtocolWorkPage.objects.filter(pk=instance.page_id).exists():
        update_reference_index_task.enqueue(
            "protocols_library", "protocolworkpage", str(instance.page_id)
        )


post_save.connect(
    reindex_work_references, sender=ProtocolVersion, dispatch_uid="quipu-version-references"
)
post_delete.connect(
    reindex_work_references,
    sender=ProtocolVersion,
    dispatch_uid="quipu-version-references-deleted",
)
