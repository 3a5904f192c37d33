"""Indexing tasks. Each syncs objects to what the public may see when it runs, so a retried,
duplicated or late task never indexes anything that should not be there."""

import datetime
import logging

from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from . import get_engine
from .indexing import page_key, subtree_keys

logger = logging.getLogger("quipu.search")

RETRY_AFTER = datetime.timedelta(minutes=2)


@task()
def sync_objects(object_keys):
    """Brings every engine in line with these objects ("page:42"), then retries what is due."""
    engine = get_engine()
    failed = engine.sync(object_keys)
    if failed:
        schedule_retry()
    else:
        engine.retry_pending()
    return {"objects": len(object_keys), "failed": failed}


@task()
def sync_subtree(page_id):
    """A page and everything below it, for tasks an earlier release queued under this name."""
    page = Page.objects.filter(pk=page_id).first()
    return sync_objects.call(subtree_keys(page) if page else [page_key(page_id)])


@task()
def retry_pending_changes():
    remaining = get_engine().retry_pending()
    if remaining:
        schedule_retry()
    return {"pending": remaining}


def schedule_retry():
    """A later run of retry_pending_changes where the task backend can defer work; otherwise
    the next indexing task or `manage.py search_index fix` picks pending changes up."""
    if not retry_pending_changes.get_backend().supports_defer:
        logger.info("Search changes pending; the next indexing task or search_index fix retries.")
        return
    retry_pending_changes.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
