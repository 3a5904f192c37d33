"""Receivers that keep the index in line with what the public may see.

A change that hides something (unpublish, delete, a view restriction, a private collection,
a file's removal) reaches every engine before the editor's request returns
(`SearchEngine.apply_now`). Other changes (publishing, a slug) enqueue a sync task after
commit, which syncs the page as it is then and never makes the editor wait.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django_tasks.signals import task_finished
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.versioning.signals import versions_changed

from . import get_engine
from .adapters import adapter_for, page_id_from_key
from .indexing import page_key, subtree_keys
from .models import IndexEntry
from .registry import visibility
from .tasks import sync_objects

logger = logging.getLogger("quipu.search")

_queued = threading.local()


def enqueue_sync(object_keys):
    """Syncs these objects after commit. Keys wait in a per-thread set that the first commit
    callback takes whole, so a transaction touching many pages costs one task."""
    object_keys = [key for key in object_keys if key]
    if not object_keys or not settings.SEARCH_AUTOSYNC:
        return
    _queued.keys = getattr(_queued, "keys", set()) | set(object_keys)
    transaction.on_commit(_flush)


def _flush():
    keys, _queued.keys = sorted(_queued.keys), set()
    if keys:
        try:
            sync_objects.enqueue(keys)
        except Exception:
            logger.exception("Could not enqueue search indexing of %s", keys[:5])


def apply_now(object_keys):
    if settings.SEARCH_AUTOSYNC and object_keys:
        get_engine().apply_now(object_keys)


def sync_soon(object_keys):
    """The database index in line now, in this transaction (what a change made public is
    found at once), and every engine by a task after commit."""
    if settings.SEARCH_AUTOSYNC and object_keys:
        get_engine().sync_database(object_keys)
        enqueue_sync(object_keys)


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    enqueue_sync([page_key(instance)])
    # Syncs on the days the documents change by date alone (a version coming into force),
    # where the task backend can defer work; otherwise the daily `search_index fix` does.
    if not settings.SEARCH_AUTOSYNC or not sync_objects.get_backend().supports_defer:
        return
    page = instance.specific
    for day in adapter_for(page).status_change_dates(page, timezone.localdate()):
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 5)))
        transaction.on_commit(
            lambda start=start: sync_objects.using(run_after=start).enqueue([page_key(page)])
        )


@receiver(page_unpublished)
@receiver(post_delete)
def page_was_hidden(sender, instance, **kwargs):
    if isinstance(instance, Page):
        apply_now([page_key(instance)])


@receiver(post_page_move)
def page_was_moved(sender, instance, **kwargs):
    """A move changes URLs below the page, and maybe which restrictions apply to them: pages
    it hid leave every engine at once, the others are reindexed by a task."""
    keys = subtree_keys(instance)
    ids = {page_id_from_key(key) for key in keys}
    apply_now([page_key(hidden) for hidden in sorted(ids - visibility().public_page_ids(ids))])
    sync_soon(keys)


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance, **kwargs):
    enqueue_sync(subtree_keys(instance))


@receiver([post_save, post_delete], sender=PageViewRestriction)
def page_restriction_changed(sender, instance, signal, **kwargs):
    """A restriction saved hides the pages below at once; one removed syncs them soon."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        (apply_now if signal is post_save else sync_soon)(subtree_keys(page))


@receiver([post_save, post_delete], sender=CollectionViewRestriction)
def collection_restriction_changed(sender, instance, signal, **kwargs):
    """The same for the pages using the files of the collection and those below it."""
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    documents = get_document_model().objects.filter(collection__in=collections)
    keys = pages_using_documents(documents.values_list("pk", flat=True))
    (apply_now if signal is post_save else sync_soon)(keys)


def pages_using_documents(document_ids):
    """Object keys of pages that link to these documents or have their text indexed."""
    document_ids = [int(identifier) for identifier in document_ids]
    if not document_ids:
        return []
    references = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(get_document_model()),
        to_object_id__in=[str(identifier) for identifier in document_ids],
        base_content_type=ReferenceIndex._get_base_content_type(Page),
    ).values_list("object_id", flat=True)
    keys = {page_key(object_id) for object_id in references if object_id.isdigit()}
    for start in range(0, len(document_ids), 50):
        files = Q()
        for identifier in document_ids[start : start + 50]:
            files |= Q(attachment_ids__contains=f" {identifier} ")
        keys.update(IndexEntry.objects.filter(files).values_list("object_key", flat=True))
    return sorted(keys)


@receiver(post_save)
def document_was_saved(sender, instance, created=False, **kwargs):
    if created or not isinstance(instance, get_document_model()):
        return
    keys = pages_using_documents([instance.pk])
    (enqueue_sync if visibility().is_public_collection(instance.collection_id) else apply_now)(keys)


@receiver(pre_delete)
def document_will_be_deleted(sender, instance, **kwargs):
    if isinstance(instance, get_document_model()):
        # Found before deletion: the references go with the document.
        instance._search_pages = pages_using_documents([instance.pk])


@receiver(post_delete)
def document_was_deleted(sender, instance, **kwargs):
    if isinstance(instance, get_document_model()):
        apply_now(getattr(instance, "_search_pages", []))


@receiver(task_finished)
def document_text_was_extracted(sender, task_result, **kwargs):
    """Text extraction finishes after the upload; the pages using the file gain its text."""
    if task_result.task.name.endswith("extract_document_text") and task_result.args:
        enqueue_sync(pages_using_documents([task_result.args[0]]))


@receiver(versions_changed, dispatch_uid="quipu-search-in-force")
def versions_changed_status(sender, pages, date=None, **kwargs):
    enqueue_sync([page_key(page) for page in pages])
