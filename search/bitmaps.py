"""The database engine's matches, filters and facet counts as compressed bitmaps of entry ids.

Counting facet values over tens of thousands of matches is what makes SQL facets slow; with
one bitmap (pyroaring) of entry ids per facet value, a count is one intersection in C. The
entries containing a common word or phrase are kept likewise, so a query made of common
words is a few intersections, not a walk through every match.

Entries are immutable: reindexing an item deletes its row and inserts a new one with a new
id, and every deletion is recorded in RemovedEntry. So bitmaps only ever grow: by the
entries with ids above the highest seen, the removals after the last seen and, for a cached
word, the new entries containing it.

A search reads an immutable snapshot and never waits for another: a refresh builds the next
snapshot beside it. Only what is committed is shared by the process. A transaction that has
written to the index (an editor's request, a test) keeps bitmaps of its own, checked against
the table on every search and dropped with the transaction, so rolled-back entries are never
counted anywhere.
"""

import json
import threading
import time
from collections import OrderedDict

from django.db import connections
from pyroaring import BitMap, FrozenBitMap

from .models import IndexEntry, RemovedEntry

CURRENT = "is:current"
LANGUAGE = "language:"
# A word or phrase is cached when it has this many matches or took this long to find (on
# average, among those found together): a rare phrase of two common words is slow to find
# although its matches are few.
MIN_CACHED_MATCHES = 500
MIN_CACHED_SECONDS = 0.002
# Cached matches per process, least recently used dropped first.
MAX_CACHED_MATCHES = 1000

EMPTY = FrozenBitMap()
_shared = {}
_lock = threading.Lock()  # guards the dictionaries above and the match caches, never a query


class Snapshot:
    """Bitmaps of the entries up to `max_id`: by facet value, language and currency; their
    dates; and the entries removed since."""

    def __init__(self, masks=None, dates=None, max_id=0, max_key=None, removed=EMPTY, seq=0):
        self.masks = masks or {}
        self.dates = {} if dates is None else dates
        self.max_id, self.max_key = max_id, max_key
        self.removed, self.removed_seq = removed, seq
        self.values = {}
        for key in self.masks:
            name, _sep, value = key.partition(":")
            self.values.setdefault(name, set()).add(value)

    def copy(self):
        """The same snapshot, with dates of its own to add to (they are shared otherwise)."""
        return Snapshot(
            self.masks, dict(self.dates), self.max_id, self.max_key, self.removed, self.removed_seq
        )

    def mask(self, key):
        """The bitmap of one key ("sector:salud", "language:es", CURRENT)."""
        return self.masks.get(key, EMPTY)

    def any_of(self, name, values):
        return BitMap.union(EMPTY, *(self.mask(f"{name}:{value}") for value in values))

    def years_between(self, first, last):
        return self.any_of(
            "year",
            [
                value
                for value in self.values.get("year", ())
                if (first is None or int(value) >= first) and (last is None or int(value) <= last)
            ],
        )

    def live(self):
        """Every entry not removed."""
        languages = [mask for key, mask in self.masks.items() if key.startswith(LANGUAGE)]
        return BitMap.union(EMPTY, *languages) - self.removed

    def highest(self, mask, count):
        """Up to `count` of the highest ids in the mask, highest first."""
        return list(mask[-count:])[::-1] if count > 0 else []

    def newest(self, mask, count):
        """Up to `count` ids of the mask with the latest dates, latest first.

        Years are taken newest first until they hold enough entries, so only those are sorted.
        """
        chosen = BitMap()
        for value in sorted(self.values.get("year", ()), reverse=True):
            chosen |= mask & self.mask(f"year:{value}")
            if len(chosen) >= count:
                break
        else:
            chosen = mask
        dates = self.dates
        return sorted(chosen, key=lambda id_: (dates.get(id_, ""), id_), reverse=True)[:count]

    def refreshed(self, using, verify=False):
        """(snapshot, reloaded): this one with the entries and removals written since, or one
        loaded from scratch when the table is not as it was (emptied, ids reused, or, with
        `verify`, not holding as many entries as the bitmaps)."""
        entries, removals = IndexEntry._meta.db_table, RemovedEntry._meta.db_table
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT key FROM {entries} WHERE id = %s), "  # noqa: S608
                f"(SELECT max(id) FROM {entries}), (SELECT max(id) FROM {removals})"
                + (f", (SELECT count(*) FROM {entries})" if verify else ""),  # noqa: S608
                [self.max_id],
            )
            key, highest, removed_seq, *count = cursor.fetchone()
            reloaded = (
                (key is not None and key != self.max_key)
                or (highest or 0) < self.max_id
                or (removed_seq or 0) < self.removed_seq
            )
            snapshot = Snapshot() if reloaded else self
            if (highest or 0, removed_seq or 0) != (snapshot.max_id, snapshot.removed_seq):
                snapshot = snapshot._read(cursor)
            if count and count[0] != len(snapshot.live()):
                reloaded, snapshot = True, Snapshot()._read(cursor)
        return snapshot, reloaded

    def _read(self, cursor):
        """A snapshot with the rows written after this one's."""
        entries, removals = IndexEntry._meta.db_table, RemovedEntry._meta.db_table
        cursor.execute(
            f"SELECT id, key, language, is_current, date, facets FROM {entries} "  # noqa: S608
            "WHERE id > %s ORDER BY id",
            [self.max_id],
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT id, entry_id FROM {removals} WHERE id > %s ORDER BY id",  # noqa: S608
            [self.removed_seq],
        )
        removed = cursor.fetchall()
        added = {}
        for identifier, _key, language, is_current, date, facets in rows:
            keys = [
                LANGUAGE + language,
                *(json.loads(facets) if isinstance(facets, str) else facets),
            ]
            if is_current:
                keys.append(CURRENT)
            for key in keys:
                added.setdefault(key, []).append(identifier)
            self.dates[identifier] = str(date) if date else ""
        masks = dict(self.masks)
        for key, ids in added.items():
            masks[key] = FrozenBitMap(masks.get(key, EMPTY) | BitMap(ids))
        last = rows[-1] if rows else (self.max_id, self.max_key)
        return Snapshot(
            masks,
            self.dates,
            last[0],
            last[1],
            self.removed | FrozenBitMap(entry_id for _seq, entry_id in removed),
            removed[-1][0] if removed else self.removed_seq,
        )


class EntryBitmaps:
    """The latest snapshot of one database's entries, and the cached matches of words."""

    def __init__(self, using, snapshot=None, verify=False):
        self.using, self.verify = using, verify
        self.snapshot = snapshot or Snapshot()
        self.matches = OrderedDict()

    def current(self):
        """The snapshot brought up to date."""
        snapshot, reloaded = self.snapshot.refreshed(self.using, self.verify)
        with _lock:
            if reloaded:
                self.matches.clear()
            self.snapshot = snapshot
        return snapshot

    def matching(self, snapshot, keys, fetch):
        """{key: the live entries matching its word or phrase}; `fetch([(key, after_id)])`
        asks the database, in one go, for the ids of those not cached or cached up to an
        older entry.

        A common word's matches are cached and topped up with newer entries only.
        """
        with _lock:
            cached = {key: self.matches[key] for key in keys if key in self.matches}
            for key in cached:
                self.matches.move_to_end(key)
        wanted = [
            (key, cached[key][1] if key in cached else 0)
            for key in keys
            if key not in cached or cached[key][1] < snapshot.max_id
        ]
        started = time.perf_counter()
        fetched = dict(zip([key for key, _after in wanted], fetch(wanted), strict=True))
        slow = wanted and time.perf_counter() - started > MIN_CACHED_SECONDS * len(wanted)
        found = {}
        for key in keys:
            if key in fetched and key in cached:
                mask = FrozenBitMap(cached[key][0] | BitMap(fetched[key]))
                self._keep(key, mask, snapshot.max_id)
            elif key in fetched:
                mask = FrozenBitMap(fetched[key])
                if len(mask) >= MIN_CACHED_MATCHES or slow:
                    self._keep(key, mask, snapshot.max_id)
            else:
                mask = cached[key][0]
            found[key] = mask - snapshot.removed
        return found

    def _keep(self, key, mask, seen_up_to):
        with _lock:
            self.matches[key] = (mask, seen_up_to)
            while len(self.matches) > MAX_CACHED_MATCHES:
                self.matches.popitem(last=False)


def bitmaps_for(using):
    """The bitmaps a search on this database may use: the process's, or, in a transaction
    that has written to the index, that transaction's own."""
    connection = connections[using]
    own = getattr(connection, "quipu_bitmaps", None)
    if own is not None:
        if connection.in_atomic_block and connection.atomic_blocks[0] is own[0]:
            return own[1]
        connection.quipu_bitmaps = None
    with _lock:
        shared = _shared.get(using)
        if shared is None:
            shared = _shared[using] = EntryBitmaps(using)
    return shared


def written(using):
    """Called by writers: entries were written in the connection's transaction, which may
    yet roll back. Searches in it use bitmaps of its own until it ends."""
    connection = connections[using]
    if len(connection.atomic_blocks) < 2:
        return  # the writer's own transaction: committed when it returns
    outer = connection.atomic_blocks[0]
    own = getattr(connection, "quipu_bitmaps", None)
    if own is None or own[0] is not outer:
        with _lock:
            shared = _shared.get(using)
        start = shared.snapshot.copy() if shared is not None else Snapshot()
        connection.quipu_bitmaps = (outer, EntryBitmaps(using, start, verify=True))


def forget(using=None):
    """Drops cached bitmaps (after the table is emptied, and between tests)."""
    with _lock:
        for name in [using] if using else list(_shared):
            _shared.pop(name, None)
    for connection in [connections[using]] if using else connections.all(initialized_only=True):
        connection.quipu_bitmaps = None
