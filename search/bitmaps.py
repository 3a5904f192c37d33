"""The database engine's matches, filters and facet counts as compressed bitmaps of entry ids.

Counting facet values over tens of thousands of matches is what makes SQL facets slow; with
one bitmap (pyroaring) of entry ids per facet value, a count is one intersection in C. A
search fetches the ids matching its words in one statement (search/backends/database.py) and
intersects them with these.

A query's matches are also kept when they are many or were slow to find. On PostgreSQL,
fetching them reads a row of the vectors table per match, and a phrase unpacks each
candidate's vector (a few hundred milliseconds at 100,000 items); FTS5 on SQLite needs a few
tens of milliseconds.

Entries are immutable: reindexing an item deletes its row and inserts a new one with a new
id, and every deletion is recorded in RemovedEntry. So bitmaps only ever grow: by the
entries with ids above the highest seen, the removals after the last seen and, for kept
matches, the new entries matching.

A search reads an immutable snapshot and never waits for another: a refresh builds the next
snapshot beside it and puts it in place with one assignment. Only what is committed is
shared by the process. A transaction that has written to the index (an editor's request, a
test) keeps a snapshot of its own, checked against the table on every search and dropped
with the transaction, so rolled-back entries are never counted anywhere.
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
DATE = "date:"
# A query's matches are kept when they are this many or took this long to find.
MIN_CACHED_MATCHES = 500
MIN_CACHED_SECONDS = 0.002
# Kept matches per process, least recently used dropped first.
MAX_CACHED_MATCHES = 1000

EMPTY = FrozenBitMap()
_shared = {}
_lock = threading.Lock()  # guards the kept matches, never a query


class Snapshot:
    """Bitmaps of the entries up to `max_id`: by facet value, language, currency and date;
    and the entries removed since."""

    def __init__(self, masks=None, max_id=0, max_key=None, removed=EMPTY, seq=0):
        self.masks = masks or {}
        self.max_id, self.max_key = max_id, max_key
        self.removed, self.removed_seq = removed, seq
        self.values = {}
        for key in self.masks:
            name, _sep, value = key.partition(":")
            self.values.setdefault(name, set()).add(value)
        # Latest first; undated entries ("date:") last.
        self.dates = sorted(self.values.get("date", ()), reverse=True)

    def mask(self, key):
        """The bitmap of one key ("sector:salud", "language:es", CURRENT)."""
        return self.masks.get(key, EMPTY)

    def any_of(self, name, values):
        return BitMap.union(EMPTY, *(self.mask(f"{name}:{value}") for value in values))

    def years_between(self, first, last):
        first, last = first or 1, last or 9999  # the years a date can have
        years = [value for value in self.values.get("year", ()) if first <= int(value) <= last]
        return self.any_of("year", years)

    def live(self):
        """Every entry not removed."""
        languages = [mask for key, mask in self.masks.items() if key.startswith(LANGUAGE)]
        return BitMap.union(EMPTY, *languages) - self.removed

    def highest(self, mask, count):
        """Up to `count` of the highest ids in the mask, highest first."""
        return list(mask[-count:])[::-1] if count > 0 else []

    def newest(self, mask, count):
        """Up to `count` ids of the mask with the latest dates, latest first (the highest id
        first within a day)."""
        chosen = []
        for date in self.dates:
            if len(chosen) >= count:
                break
            if mask.intersect(self.masks[DATE + date]):
                chosen += self.highest(mask & self.masks[DATE + date], count - len(chosen))
        return chosen

    def refreshed(self, using, verify=False):
        """(snapshot, reloaded): this one with the entries and removals written since, or one
        loaded from scratch when the table is not as it was (emptied, ids reused, or, with
        `verify`, not holding as many entries as the bitmaps)."""
        entries, removals = IndexEntry._meta.db_table, RemovedEntry._meta.db_table
        with connections[using].cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT key FROM {entries} WHERE id = %s), "  # noqa: S608
                f"(SELECT max(id) FROM {entries}), "
                f"(SELECT key FROM {entries} ORDER BY id DESC LIMIT 1), "
                f"(SELECT max(id) FROM {removals})"
                + (f", (SELECT count(*) FROM {entries})" if verify else ""),  # noqa: S608
                [self.max_id],
            )
            key, highest, highest_key, removed_seq, *count = cursor.fetchone()
            latest = (highest or 0, highest_key, removed_seq or 0)
            reloaded = (
                (key is not None and key != self.max_key)
                or latest[0] < self.max_id
                or latest[2] < self.removed_seq
            )
            snapshot = Snapshot() if reloaded else self
            if (latest[0], latest[2]) != (snapshot.max_id, snapshot.removed_seq):
                snapshot = snapshot._read(cursor, *latest)
            if count and count[0] != len(snapshot.live()):
                reloaded, snapshot = True, Snapshot()._read(cursor, *latest)
        return snapshot, reloaded

    def _read(self, cursor, highest, highest_key, removed_seq):
        """A snapshot with the rows written after this one's, up to `highest` and `removed_seq`.
        An item's entries share their facets and date: each combination is parsed once."""
        entries, removals = IndexEntry._meta.db_table, RemovedEntry._meta.db_table
        cursor.execute(
            "SELECT id, language, is_current, CAST(date AS TEXT), CAST(facets AS TEXT) "  # noqa: S608
            f"FROM {entries} WHERE id > %s AND id <= %s",
            [self.max_id, highest],
        )
        added, alike = {}, {}
        for identifier, language, is_current, date, facets in cursor.fetchall():
            added.setdefault(LANGUAGE + language, []).append(identifier)
            alike.setdefault((is_current, date, facets), []).append(identifier)
        cursor.execute(
            f"SELECT entry_id FROM {removals} WHERE id > %s AND id <= %s",  # noqa: S608
            [self.removed_seq, removed_seq],
        )
        removed = self.removed | BitMap(entry_id for (entry_id,) in cursor.fetchall())
        for (is_current, date, facets), ids in alike.items():
            keys = [DATE + (date or ""), *json.loads(facets)]
            for key in keys + [CURRENT] * bool(is_current):
                added.setdefault(key, []).extend(ids)
        masks = dict(self.masks)
        for key, ids in added.items():
            masks[key] = FrozenBitMap(masks.get(key, EMPTY) | BitMap(ids))
        return Snapshot(masks, highest, highest_key, FrozenBitMap(removed), removed_seq)


class EntryBitmaps:
    """The latest snapshot of one database's entries, and the kept matches of queries."""

    def __init__(self, using, snapshot=None, verify=False):
        self.using, self.verify = using, verify
        self.snapshot = snapshot or Snapshot()
        self.matches = OrderedDict()

    def current(self):
        """The snapshot brought up to date."""
        snapshot, reloaded = self.snapshot.refreshed(self.using, self.verify)
        if reloaded:
            with _lock:
                self.matches.clear()
        self.snapshot = snapshot
        return snapshot

    def matching(self, snapshot, keys, fetch):
        """[the live entries matching each key's query]; `fetch([(key, after_id)])` returns,
        in one statement, the bitmaps of the matches not kept or kept up to an older entry."""
        with _lock:
            kept = {key: self.matches[key] for key in keys if key in self.matches}
            for key in kept:
                self.matches.move_to_end(key)
        wanted = [
            (key, kept[key][1] if key in kept else 0)
            for key in dict.fromkeys(keys)
            if key not in kept or kept[key][1] < snapshot.max_id
        ]
        started = time.perf_counter()
        fetched = dict(
            zip([key for key, _after in wanted], fetch(wanted) if wanted else [], strict=True)
        )
        slow = time.perf_counter() - started > MIN_CACHED_SECONDS * max(len(wanted), 1)
        for key, found in fetched.items():
            if key in kept:
                found |= kept[key][0]
            if key in kept or len(found) >= MIN_CACHED_MATCHES or slow:
                with _lock:
                    self.matches[key] = (FrozenBitMap(found), snapshot.max_id)
                    while len(self.matches) > MAX_CACHED_MATCHES:
                        self.matches.popitem(last=False)
        return [
            (fetched[key] if key in fetched else kept[key][0]) - snapshot.removed for key in keys
        ]


def bitmaps_for(using):
    """The bitmaps a search on this database may use: the process's, or, in a transaction
    that has written to the index, that transaction's own."""
    connection = connections[using]
    own = getattr(connection, "quipu_bitmaps", None)
    if own is not None:
        if connection.in_atomic_block and connection.atomic_blocks[0] is own[0]:
            return own[1]
        connection.quipu_bitmaps = None
    return _shared.setdefault(using, EntryBitmaps(using))


def written(using):
    """Called by writers: entries were written in the connection's transaction, which may
    yet roll back. Searches in it use bitmaps of its own until it ends."""
    connection = connections[using]
    if len(connection.atomic_blocks) < 2:
        return  # the writer's own transaction: committed when it returns
    outer = connection.atomic_blocks[0]
    own = getattr(connection, "quipu_bitmaps", None)
    if own is None or own[0] is not outer:
        start = _shared[using].snapshot if using in _shared else None
        connection.quipu_bitmaps = (outer, EntryBitmaps(using, start, verify=True))


def forget(using=None):
    """Drops the bitmaps (after the table is emptied, and between tests)."""
    for name in [using] if using else list(_shared):
        _shared.pop(name, None)
    for connection in [connections[using]] if using else connections.all(initialized_only=True):
        connection.quipu_bitmaps = None
