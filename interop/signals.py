"""Receivers that keep deleted OAI-PMH records: anything that can hide an item triggers a check.

Publishing, unpublishing, deleting, moving, a view restriction added or removed, and a
version's status changing by date: after the transaction commits, the records the public may
see now are compared with those it could see before (`KnownRecord`); the ones that left are
marked withdrawn with the moment, the ones that came back are public again.
"""

import logging
import threading

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.versioning.signals import versions_changed

logger = logging.getLogger("quipu.interop")

_pending = threading.local()


def sync_known_records(now=None, announce_versions=True):
    """Brings KnownRecord in line with what is public now; returns (added, withdrawn, back).

    Versions public for the first time are announced to the work's subscribers.
    """
    from .models import KnownRecord
    from .records import Catalogue

    now = now or timezone.now()
    live = Catalogue(now).live
    known = {row.key: row for row in KnownRecord.objects.all()}
    added = [
        KnownRecord(key=key, sets=record.sets) for key, record in live.items() if key not in known
    ]
    KnownRecord.objects.bulk_create(added, ignore_conflicts=True)
    if announce_versions:
        from .models import Notice
        from .subscriptions import announce

        new_versions = [live[row.key].item_id for row in added if row.key.startswith("version/")]
        announce(new_versions, Notice.Event.APPROVED)
    withdrawn, back = [], []
    for key, row in known.items():
        record = live.get(key)
        if record is None:
            if row.withdrawn_at is None:
                withdrawn.append(key)
        elif row.withdrawn_at is not None or row.sets != record.sets:
            row.withdrawn_at = None
            row.sets = record.sets
            row.save(update_fields=["withdrawn_at", "sets", "checked_at"])
            back.append(key)
    if withdrawn:
        KnownRecord.objects.filter(key__in=withdrawn, withdrawn_at__isnull=True).update(
            withdrawn_at=now, checked_at=now
        )
    return len(added), len(withdrawn), len(back)


def _run():
    # The first callback of a transaction does the work for the others it registered.
    if not getattr(_pending, "count", 0):
        return
    _pending.count = 0
    try:
        sync_known_records()
    except Exception:
        # Publishing must never fail for this; the next change or `oai_records` catches up.
        logger.exception("Could not update the OAI-PMH deleted records")


def schedule_sync(**kwargs):
    """Runs the check once after the current transaction commits, however many changes it had."""
    _pending.count = getattr(_pending, "count", 0) + 1
    transaction.on_commit(_run)


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    schedule_sync()


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    schedule_sync()


@receiver(post_delete)
def page_was_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        schedule_sync()


@receiver(post_page_move)
def page_was_moved(sender, instance, **kwargs):
    schedule_sync()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def restriction_changed(sender, instance, **kwargs):
    schedule_sync()


@receiver(versions_changed)
def versions_changed_status(sender, pages=(), date=None, **kwargs):
    """Datestamps move by themselves; subscribers are told of a version now in force."""
    import datetime

    from .models import Notice
    from .subscriptions import announce

    schedule_sync()
    date = date or timezone.localdate()
    entered = []
    for page in pages:
        version = page.version_in_force_on(date)
        # A missed daily run is caught up for a week; a notice is never sent twice.
        if version is not None and date - datetime.timedelta(days=7) < version.effective_date:
            entered.append(version.pk)
    announce(entered, Notice.Event.IN_FORCE)


@receiver(post_migrate)
def after_migrate(sender, app_config=None, **kwargs):
    """Items published before this app was installed are known from the first migration on."""
    if app_config is None or app_config.name != "interop":
        return
    try:
        # What was public before this app existed is recorded, not announced.
        with transaction.atomic():
            sync_known_records(announce_versions=False)
    except DatabaseError as error:
        # On a new database the pages' translated columns are added by another post_migrate
        # receiver that may run after this one; there is nothing published to record yet.
        logger.info(
            "OAI-PMH records not recorded after migrating (%s); run manage.py oai_records",
            error.__class__.__name__,
        )
