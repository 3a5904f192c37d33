"""Keeping every engine's index in line with what the public may see; the database engine,
the fallback, is written first, in the caller's transaction.

An object whose entries an engine may hold stale (a PendingChange row: the engine was down,
or a change has not reached it yet) is left out by the engine itself, in the query: out of
hits, totals, facets and spelling's counts alike. A change that hides something writes the
rows in the editor's transaction, so they exist from its commit until the engine is in line.
"""

import datetime
import logging
import threading

from django.db import transaction
from django.utils import timezone

from .backends.base import SearchUnavailable
from .indexing import all_documents, public_documents
from .models import PendingChange
from .tasks import schedule_retry

logger = logging.getLogger("quipu.search")

_applied = threading.local()

RETRY_DELAYS = (30, 120, 600, 1800, 3600)
# Objects an engine other than the database may leave out of a query; with more pending,
# the database engine answers until the other has caught up.
MAX_EXCLUDED = 5000


class EngineSync:
    """The writing half of SearchEngine."""

    @property
    def database(self):
        return next((backend for backend in self.backends if backend.name == "database"), None)

    def sync(self, object_keys, backends=None):
        """Brings each backend in line with these objects as the public sees them now; the
        names of backends that failed, whose changes are kept for `retry_pending()`."""
        object_keys = list(dict.fromkeys(object_keys))
        if not object_keys:
            return []
        started = timezone.now()
        flat = public_documents(object_keys)
        failed = []
        for backend in self.backends if backends is None else backends:
            try:
                backend.replace(object_keys, flat)
            except Exception as error:
                keys = ", ".join(object_keys[:5])
                logger.warning("Search engine %s could not index %s: %s", backend.name, keys, error)
                self._remember(backend.name, object_keys, error)
                failed.append(backend.name)
            else:
                for start in range(0, len(object_keys), 500):
                    PendingChange.objects.filter(
                        engine=backend.name,
                        object_key__in=object_keys[start : start + 500],
                        created_at__lte=started,
                    ).delete()
        return failed

    def apply_now(self, object_keys):
        """Applies a change that hides something to every engine before the request returns:
        in the editor's transaction, the database index is brought in line and every other
        engine gets a PendingChange row, then is synced as soon as the change commits."""
        object_keys = list(dict.fromkeys(key for key in object_keys if key))
        if not object_keys:
            return
        late = [backend for backend in self.backends if backend.name != "database"]
        if self.database is not None and self.sync_database(object_keys) is not None:
            late.append(self.database)
        if not late:
            return
        # Keys wait per thread; the first callback after commit syncs them all at once, so
        # deleting a section of many pages costs one sync, not one per page.
        _applied.waiting = getattr(_applied, "waiting", {})
        for backend in late:
            self.mark_stale(backend, object_keys, "waiting for the change to commit")
            _applied.waiting.setdefault(backend.name, set()).update(object_keys)
        transaction.on_commit(self._apply_committed)

    def sync_database(self, object_keys):
        """Brings the database index in line with these objects, in the caller's transaction;
        the error when it could not, else None."""
        if self.database is None:
            return None
        object_keys = list(object_keys)
        try:
            with transaction.atomic():
                self.database.replace(object_keys, public_documents(object_keys))
        except Exception as error:
            logger.exception("Could not update the search index for %s", object_keys[:5])
            return error
        return None

    def _apply_committed(self):
        waiting, _applied.waiting = getattr(_applied, "waiting", {}), {}
        failed = False
        for backend in self.backends:
            object_keys = sorted(waiting.get(backend.name, ()))
            try:
                failed = bool(self.sync(object_keys, backends=[backend])) or failed
            except Exception:
                logger.exception("Could not sync %s with %s", object_keys[:5], backend.name)
                failed = True
        if failed:
            schedule_retry()

    def mark_stale(self, backend, object_keys, reason):
        """Records that `backend` may hold stale entries of these objects: it leaves them out
        of every answer until a sync brings it in line."""
        now = timezone.now()
        PendingChange.objects.bulk_create(
            [
                PendingChange(
                    object_key=key,
                    engine=backend.name,
                    next_attempt_at=now,
                    last_error=str(reason)[:2000],
                )
                for key in dict.fromkeys(object_keys)
            ],
            batch_size=500,
            update_conflicts=True,
            unique_fields=["object_key", "engine"],
            update_fields=["created_at", "next_attempt_at", "last_error"],
        )

    def found_stale(self, backend, object_keys, where):
        """An answer of `backend` held entries of these objects that are not public."""
        self.mark_stale(backend, object_keys, f"found in {where} but not public")
        try:
            schedule_retry()
        except Exception:
            logger.exception("Could not schedule a retry of pending search changes")

    def excluded_for(self, backend):
        """Objects whose entries `backend` may hold stale; SearchUnavailable when an engine
        other than the database has so many that the database should answer instead."""
        keys = PendingChange.objects.filter(engine=backend.name).values_list(
            "object_key", flat=True
        )
        if backend.name == "database":
            return tuple(sorted(keys))
        keys = tuple(sorted(keys[: MAX_EXCLUDED + 1]))
        if len(keys) > MAX_EXCLUDED:
            raise SearchUnavailable(f"{len(keys)} changes are waiting for {backend.name}")
        return keys

    def _remember(self, engine, object_keys, error):
        now = timezone.now()
        for key in object_keys:
            change, _created = PendingChange.objects.get_or_create(object_key=key, engine=engine)
            change.attempts += 1
            change.last_error = str(error)[:2000]
            delay = RETRY_DELAYS[min(change.attempts, len(RETRY_DELAYS)) - 1]
            change.next_attempt_at = now + datetime.timedelta(seconds=delay)
            change.save()

    def pending(self):
        return PendingChange.objects.filter(engine__in=[backend.name for backend in self.backends])

    def retry_pending(self, limit=500, due_only=True):
        """Syncs objects a backend missed; returns how many are still pending."""
        for backend in self.backends:
            changes = PendingChange.objects.filter(engine=backend.name)
            if due_only:
                changes = changes.exclude(next_attempt_at__gt=timezone.now())
            self.sync(changes.values_list("object_key", flat=True)[:limit], backends=[backend])
        return self.pending().count()

    def index(self, documents):
        """Writes ready-made SearchDocuments to every backend (benchmarks, tests)."""
        documents = list(documents)
        for backend in self.backends:
            backend.index(documents)
        return len(documents)

    def rebuild(self, progress=None, backends=None):
        """Rebuilds each backend from every public page, searches answering throughout."""
        written = {}
        for backend in backends or self.backends:
            written[backend.name] = backend.rebuild(all_documents(), progress=progress)
            PendingChange.objects.filter(engine=backend.name).delete()
        return written

    def health(self):
        return [backend.health() for backend in self.backends]
