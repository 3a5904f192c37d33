"""What a versioned page shows changes without the page being published: the signal, and the
receivers that send it when one of its versions is published, unpublished or deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.signals import published, unpublished

# Sent with `pages` and `date` when what a versioned page shows changes without its page being
# published: by `manage.py versions_changed_status` (run daily) for the pages whose current
# version changed because a date arrived, with the `days` it checked (oldest first), and when
# one of a page's versions is published, unpublished or deleted on its own screen (no `days`).
# Receivers refresh whatever holds a copy of the current version: the search index, cached
# pages (core.apps), feeds; the protocols library records the dated changes of `days` in its
# audit log. What a receiver returns for the daily pass (lines of text) is printed by it.
versions_changed = Signal()


def watch_versions(model):
    """Connects the receivers that keep `model`'s pages up to date with their versions (and
    with their versions' rows, such as files, saved after them)."""
    label = model._meta.label_lower
    page_model = model._meta.get_field("page").related_model

    def version_changed(sender, instance, **kwargs):
        from wagtail.models import ReferenceIndex

        page = page_model.objects.live().filter(pk=instance.page_id).first()
        if page is None:
            return
        # The files the page's published versions use decide which files are public: recorded
        # now, as for a published page (core.signals), not when the worker next runs.
        ReferenceIndex.create_or_update_for_object(page)
        page.versions_changed()
        versions_changed.send(sender=page_model, pages=[page], date=timezone.localdate())

    def reindex_references(sender, instance, raw=False, **kwargs):
        """The page's entry in Wagtail's reference index lists its versions' files."""
        from wagtail.tasks import update_reference_index_task

        if raw or not instance.page_id:
            return
        if page_model.objects.filter(pk=instance.page_id).exists():
            update_reference_index_task.enqueue(
                page_model._meta.app_label, page_model._meta.model_name, str(instance.page_id)
            )

    def row_receiver(link):
        def reindex_references_for_row(sender, instance, raw=False, **kwargs):
            """A version saves its rows (files) after itself: they change the page's references."""
            from wagtail.tasks import update_reference_index_task

            version_id = getattr(instance, link, None)
            if raw or not version_id:
                return
            page_id = model.objects.filter(pk=version_id).values_list("page_id", flat=True).first()
            if page_id and page_model.objects.filter(pk=page_id).exists():
                update_reference_index_task.enqueue(
                    page_model._meta.app_label, page_model._meta.model_name, str(page_id)
                )

        return reindex_references_for_row

    for relation in model._meta.related_objects:
        if isinstance(relation.field, ParentalKey):
            row_model = relation.related_model
            for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
                signal.connect(
                    row_receiver(relation.field.attname),
                    sender=row_model,
                    weak=False,
                    dispatch_uid=f"quipu-{row_model._meta.label_lower}-references-{name}",
                )

    for signal, name in ((published, "published"), (unpublished, "unpublished")):
        signal.connect(
            version_changed, sender=model, weak=False, dispatch_uid=f"quipu-{label}-{name}"
        )
    post_delete.connect(
        version_changed, sender=model, weak=False, dispatch_uid=f"quipu-{label}-deleted"
    )
    post_save.connect(
        reindex_references, sender=model, weak=False, dispatch_uid=f"quipu-{label}-references"
    )
    post_delete.connect(
        reindex_references,
        sender=model,
        weak=False,
        dispatch_uid=f"quipu-{label}-references-deleted",
    )
