"""A version published, unpublished or deleted changes what its work shows: announce it."""

from django.db.models.signals import post_delete
from django.utils import timezone
from wagtail.signals import published, unpublished

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
