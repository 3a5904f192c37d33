"""Receivers that keep the index in line with what the public may see.

A change that makes something less visible (unpublish, delete, a view restriction, a private
collection, a file's removal) is applied to every engine before the editor's request returns
(`SearchEngine.apply_now`): to the database index inside the editor's transaction, to
Elasticsearch as soon as the transaction commits, and until Elasticsearch has it, a record
written in that same transaction keeps the objects out of everything Elasticsearch answers.
Other changes (publishing, a slug) enqueue a sync task after commit, which updates all
engines from the state of the page at that moment; the task never makes the editor wait.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django_tasks.signals import task_finished
from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.versioning.signals import versions_changed

from .indexing import page_key, subtree_keys
from .registry import visibility

logger = logging.getLogger("quipu.search")

_queued = threading.local()


def is_enabled():
    return getattr(settings, "SEARCH_AUTOSYNC", True)


def enqueue_sync(object_keys):
    """Syncs these objects after the current transaction commits, in as few tasks as possible.

    Keys wait in a per-thread set; the first commit callback to run takes them all. Keys of a
    transaction that rolled back are synced by the next one, which is harmless.
    """
    object_keys = [key for key in object_keys if key]
    if not object_keys or not is_enabled():
        return
    queued = getattr(_queued, "keys", None)
    if queued is None:
        queued = _queued.keys = set()
    queued.update(object_keys)
    transaction.on_commit(_flush)


def _flush():
    keys = sorted(getattr(_queued, "keys", set()) or ())
    _queued.keys = set()
    if not keys:
        return
    from .tasks import sync_objects

    try:
        sync_objects.enqueue(keys)
    except Exception:
        logger.exception("Could not enqueue search indexing of %s", keys[:5])


def enqueue_subtree(page):
    if not is_enabled() or page is None:
        return
    page_id = page.pk

    def run():
        from .tasks import sync_subtree

        try:
            sync_subtree.enqueue(page_id)
        except Exception:
            logger.exception("Could not enqueue search indexing below page %s", page_id)

    transaction.on_commit(run)


def apply_now(object_keys):
    """Applies a change that hides these objects to every engine before the request returns."""
    object_keys = [key for key in object_keys if key]
    if not is_enabled() or not object_keys:
        return
    from . import get_engine

    get_engine().apply_now(object_keys)


def sync_database_now(object_keys):
    """Applies the current state of these objects to the database index, in this transaction."""
    if is_enabled() and object_keys:
        from . import get_engine

        get_engine().sync_database(object_keys)


# Pages


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    # A page may name others whose documents it changes (a new edition, the earlier ones).
    from .adapters import adapter_for

    page = instance.specific
    enqueue_sync([page_key(instance), *map(page_key, adapter_for(page).dependents(page))])
    schedule_status_changes(instance)


def schedule_status_changes(page):
    """Deferred syncs on the days a page's documents change by date alone (versions in force).

    Only task backends that can defer work run these; otherwise `search_index fix`, run
    daily, catches status changes.
    """
    if not is_enabled():
        return
    from .adapters import adapter_for
    from .tasks import sync_objects

    backend = sync_objects.get_backend()
    if not getattr(backend, "supports_defer", False):
        return
    page = page.specific
    today = timezone.localdate()
    key = page_key(page)
    for day in adapter_for(page).status_change_dates(page, today):
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 5)))
        transaction.on_commit(
            lambda start=start: sync_objects.using(run_after=start).enqueue([key])
        )


@receiver(page_unpublished)
@receiver(post_delete)
def page_was_hidden(sender, instance, **kwargs):
    """Unpublished or deleted."""
    if isinstance(instance, Page):
        apply_now([page_key(instance)])


@receiver(post_page_move)
def page_was_moved(sender, instance, **kwargs):
    """A move changes URLs below the page, and maybe which restrictions apply to them.

    Pages the move hid leave every engine at once; the others are reindexed by a task.
    """
    keys = subtree_keys(instance)
    sync_database_now(keys)
    apply_now(hidden_keys(keys))
    enqueue_subtree(instance)


def hidden_keys(object_keys):
    """The keys of these pages the public may not see now."""
    from .adapters import page_id_from_key

    ids = {page_id_from_key(key) for key in object_keys} - {None}
    public = visibility().public_page_ids(ids)
    return [page_key(identifier) for identifier in sorted(ids - public)]


@receiver(page_slug_changed)
def page_slug_was_changed(sender, instance, **kwargs):
    enqueue_subtree(instance)


# Privacy


@receiver(post_save, sender=PageViewRestriction)
def page_was_restricted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    apply_now(subtree_keys(page))


@receiver(post_delete, sender=PageViewRestriction)
def page_restriction_removed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    sync_database_now(subtree_keys(page))
    enqueue_subtree(page)


def _collection_pages(instance):
    from wagtail.models import Collection

    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return []
    collections = Collection.objects.descendant_of(collection, inclusive=True)
    document_ids = list(
        get_document_model().objects.filter(collection__in=collections).values_list("pk", flat=True)
    )
    return pages_using_documents(document_ids)


@receiver(post_save, sender=CollectionViewRestriction)
def collection_was_restricted(sender, instance, **kwargs):
    apply_now(_collection_pages(instance))


@receiver(post_delete, sender=CollectionViewRestriction)
def collection_restriction_removed(sender, instance, **kwargs):
    keys = _collection_pages(instance)
    sync_database_now(keys)
    enqueue_sync(keys)


# Documents


def pages_using_documents(document_ids):
    """Object keys of pages that link to these documents or have their text indexed."""
    from .models import IndexEntry

    document_ids = [int(identifier) for identifier in document_ids]
    if not document_ids:
        return []
    keys = set()
    Document = get_document_model()
    references = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(Document),
        to_object_id__in=[str(identifier) for identifier in document_ids],
        base_content_type=ReferenceIndex._get_base_content_type(Page),
    ).values_list("object_id", flat=True)
    keys.update(page_key(object_id) for object_id in references if str(object_id).isdigit())
    for start in range(0, len(document_ids), 50):
        chunk = document_ids[start : start + 50]
        entries = IndexEntry.objects.none()
        for identifier in chunk:
            entries = entries | IndexEntry.objects.filter(
                attachment_ids__contains=f" {identifier} "
            )
        keys.update(entries.values_list("object_key", flat=True))
    return sorted(keys)


@receiver(post_save)
def document_was_saved(sender, instance, created=False, **kwargs):
    if created or not isinstance(instance, get_document_model()):
        return
    keys = pages_using_documents([instance.pk])
    if not visibility().is_public_collection(instance.collection_id):
        apply_now(keys)
    else:
        enqueue_sync(keys)


@receiver(pre_delete)
def document_will_be_deleted(sender, instance, **kwargs):
    if not isinstance(instance, get_document_model()):
        return
    # Found before deletion: the references go with the document.
    instance._search_pages = pages_using_documents([instance.pk])


@receiver(post_delete)
def document_was_deleted(sender, instance, **kwargs):
    if not isinstance(instance, get_document_model()):
        return
    apply_now(getattr(instance, "_search_pages", []))


@receiver(task_finished)
def document_text_was_extracted(sender, task_result, **kwargs):
    """Text extraction finishes after the upload; the pages using the file gain its text."""
    if not task_result.task.name.endswith("extract_document_text") or not task_result.args:
        return
    enqueue_sync(pages_using_documents([task_result.args[0]]))


# Changes by date, and versions published on their own screens (core.versioning)


@receiver(versions_changed, dispatch_uid="quipu-search-in-force")
def versions_changed_status(sender, pages, date=None, **kwargs):
    """A date switched what these pages show (a version came into force): reindex them."""
    enqueue_sync([page_key(page) for page in pages])


# Things pages read (search.registry.register_dependents)


def reindex_with(model, pages):
    """When an instance of `model` is saved or deleted, the pages `pages(instance)` names are
    reindexed, and the synonyms read again (a glossary term is one of their sources)."""
    from .synonyms import forget_glossary

    def saved(sender, instance, **kwargs):
        forget_glossary()
        enqueue_sync([page_key(pk) for pk in pages(instance)])

    def will_be_deleted(sender, instance, **kwargs):
        # Found before deletion: the links to the pages go with the instance.
        instance._search_pages = list(pages(instance))

    def deleted(sender, instance, **kwargs):
        forget_glossary()
        enqueue_sync([page_key(pk) for pk in getattr(instance, "_search_pages", [])])

    uid = f"quipu-search-dependents-{model._meta.label_lower}"
    post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    pre_delete.connect(will_be_deleted, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)
