"""A version published, unpublished or deleted changes what its work shows: announce it."""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.signals import published, unpublished
from wagtail.tasks import update_reference_index_task

from .models import ProtocolVersion, ProtocolVersionFile, ProtocolWorkPage
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


def reindex_work_references_for_file(sender, instance, raw=False, **kwargs):
    """A version saves its files after itself: their rows change the work's references too."""
    if raw:
        return
    page_id = (
        ProtocolVersion.objects.filter(pk=instance.version_id)
        .values_list("page_id", flat=True)
        .first()
    )
    if page_id and ProtocolWorkPage.objects.filter(pk=page_id).exists():
        update_reference_index_task.enqueue("protocols_library", "protocolworkpage", str(page_id))


post_save.connect(
    reindex_work_references_for_file,
    sender=ProtocolVersionFile,
    dispatch_uid="quipu-version-file-references",
)
post_delete.connect(
    reindex_work_references_for_file,
    sender=ProtocolVersionFile,
    dispatch_uid="quipu-version-file-references-deleted",
)
