"""The database engine's matches, filters and facet counts as bitmaps of entry ids in memory.

Counting facet values over tens of thousands of matches is what makes SQL facets slow; with
one bitmap of entry ids per facet value, a count is one AND and one popcount in C. The same
holds for matching: the entries containing a common word or phrase are kept as a bitmap, so
a query made of them is a few big-integer operations, not a walk through every match.

Entries are immutable: reindexing an item deletes its row and inserts a new one with a new
id, and every deletion is recorded in RemovedEntry. So each process only ever adds: the
entries with ids above the highest it has seen, the removals after the last it has seen,
and, for a cached word, the new entries containing it. Totals and counts stay exact.
"""

import json
import threading
import time
from collections import OrderedDict

from django.db import connections

from .models import IndexEntry, RemovedEntry

CURRENT = "is:current"
# A word or phrase is cached when it has this many matches or took this long to find:
# a rare phrase of two common words is slow to find although its matches are few.
MIN_CACHED_MATCHES = 500
MIN_CACHED_SECONDS = 0.002
# Cached matches per process, least recently used dropped first. Each takes one bit per
# entry id: 1,000 of them over 250,000 ids are about 30 MB.
MAX_CACHED_MATCHES = 1000

_caches = {}
_lock = threading.RLock()


def ids_to_mask(ids):
    """A bitmap (Python int) with the bits of these ids set."""
    ids = list(ids)
    if not ids:
        return 0
    bits = bytearray((max(ids) >> 3) + 1)
    for identifier in ids:
        bits[identifier >> 3] |= 1 << (identifier & 7)
    return int.from_bytes(bits, "little")


def mask_to_ids(mask):
    """The ids whose bits are set, in ascending order."""
    if not mask:
        return []
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    ids = []
    for position, byte in enumerate(data):
        if byte:
            base = position << 3
            for bit in range(8):
                if byte >> bit & 1:
                    ids.append(base + bit)
    return ids


def highest_ids(mask, count):
    """Up to `count` of the highest ids in the mask, highest first."""
    if not mask or count <= 0:
        return []
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    found = []
    for position in range(len(data) - 1, -1, -1):
        byte = data[position]
        if byte:
            base = position << 3
            for bit in range(7, -1, -1):
                if byte >> bit & 1:
                    found.append(base + bit)
                    if len(found) >= count:
                        return found
    return found


class Membership:
    """Constant-time "is this id in the mask?" for many checks against one mask."""

    def __init__(self, mask):
        self.data = mask.to_bytes((mask.bit_length() + 7) // 8, "little") if mask else b""

    def __contains__(self, identifier):
        position = identifier >> 3
        return position < len(self.data) and bool(self.data[position] >> (identifier & 7) & 1)


class EntryBitmaps:
    """Bitmaps of IndexEntry ids by facet value, language and currency, dates, and matches."""

    def __init__(self, using):
        self.using = using
        self.reset()

    def reset(self):
        self.max_id = 0
        self.max_key = None
        self.removed_seq = 0
        self.removed = 0
        self._bits = {}
        self._masks = {}
        self.dates = {}
        self.values = {}
        self.matches = OrderedDict()

    # Keeping up with the table

    def refresh(self):
        """Adds entries created and removals recorded since the last refresh.

        Ids are only reused after a rolled-back transaction (SQLite) or an emptied table;
        if the newest entry or removal seen is not there as it was, everything reloads.
        """
        entries = IndexEntry._meta.db_table
        removals = RemovedEntry._meta.db_table
        with connections[self.using].cursor() as cursor:
            if self.max_id or self.removed_seq:
                cursor.execute(
                    f"SELECT (SELECT key FROM {entries} WHERE id = %s), "  # noqa: S608
                    f"(SELECT max(id) FROM {entries}), (SELECT max(id) FROM {removals})",
                    [self.max_id],
                )
                key, highest, removed_seq = cursor.fetchone()
                if (
                    (key is not None and key != self.max_key)
                    or (highest or 0) < self.max_id
                    or (removed_seq or 0) < self.removed_seq
                ):
                    self.reset()
            cursor.execute(
                f"SELECT id, language, is_current, date, facets FROM {entries} "  # noqa: S608
                "WHERE id > %s ORDER BY id",
                [self.max_id],
            )
            rows = cursor.fetchall()
            cursor.execute(
                f"SELECT id, entry_id FROM {removals} WHERE id > %s ORDER BY id",  # noqa: S608
                [self.removed_seq],
            )
            removed = cursor.fetchall()
            if rows:
                cursor.execute(f"SELECT key FROM {entries} WHERE id = %s", [rows[-1][0]])  # noqa: S608
                self.max_key = cursor.fetchone()[0]
        if rows:
            self._add(rows)
            self.max_id = rows[-1][0]
        if removed:
            self.removed |= ids_to_mask(entry_id for _seq, entry_id in removed)
            self.removed_seq = removed[-1][0]

    def _add(self, rows):
        for identifier, language, is_current, date, facets in rows:
            keys = [f"language:{language}"]
            if is_current:
                keys.append(CURRENT)
            keys += json.loads(facets) if isinstance(facets, str) else facets
            position = identifier >> 3
            bit = 1 << (identifier & 7)
            for key in keys:
                bits = self._bits.get(key)
                if bits is None:
                    bits = self._bits[key] = bytearray()
                    name, _sep, value = key.partition(":")
                    self.values.setdefault(name, set()).add(value)
                if position >= len(bits):
                    bits.extend(bytes(position - len(bits) + 4096))
                bits[position] |= bit
            if date:
                self.dates[identifier] = str(date)
        self._masks.clear()

    # Facets

    def mask(self, key):
        """The bitmap of one key ("sector:salud", "language:es", CURRENT) as an int."""
        mask = self._masks.get(key)
        if mask is None:
            bits = self._bits.get(key)
            mask = int.from_bytes(bits, "little") if bits else 0
            self._masks[key] = mask
        return mask

    def any_of(self, name, values):
        mask = 0
        for value in values:
            mask |= self.mask(f"{name}:{value}")
        return mask

    def newest(self, mask, count):
        """Up to `count` ids of the mask with the latest dates, latest first.

        Years are taken newest first until they hold enough entries, so only those are sorted.
        """
        chosen, collected = 0, 0
        undated = mask
        for value in sorted(self.values.get("year", ()), reverse=True):
            in_year = mask & self.mask(f"year:{value}")
            undated &= ~in_year
            if in_year:
                chosen |= in_year
                collected += in_year.bit_count()
                if collected >= count:
                    break
        else:
            chosen |= undated
        dates = self.dates
        return sorted(
            mask_to_ids(chosen),
            key=lambda identifier: (dates.get(identifier, ""), identifier),
            reverse=True,
        )[:count]

    def years_between(self, first, last):
        mask = 0
        for value in self.values.get("year", ()):
            year = int(value)
            if (first is None or year >= first) and (last is None or year <= last):
                mask |= self.mask(f"year:{value}")
        return mask

    # Matches

    def matching(self, key, fetch):
        """The live entries matching a word or phrase; `fetch(after_id)` asks the database.

        A common word's matches are cached and topped up with newer entries only.
        """
        cached = self.matches.get(key)
        if cached is not None:
            mask, seen_up_to = cached
            if seen_up_to < self.max_id:
                mask |= ids_to_mask(fetch(seen_up_to))
                self.matches[key] = (mask, self.max_id)
            self.matches.move_to_end(key)
        else:
            started = time.perf_counter()
            ids = fetch(0)
            mask = ids_to_mask(ids)
            if len(ids) >= MIN_CACHED_MATCHES or time.perf_counter() - started > MIN_CACHED_SECONDS:
                self.matches[key] = (mask, self.max_id)
                while len(self.matches) > MAX_CACHED_MATCHES:
                    self.matches.popitem(last=False)
        return mask & ~self.removed if self.removed else mask


def bitmaps_for(using):
    """This process's bitmaps of a database, brought up to date.

    The lock is held by the caller while it uses them (see `locked_bitmaps`).
    """
    cache = _caches.get(using)
    if cache is None:
        cache = _caches[using] = EntryBitmaps(using)
    cache.refresh()
    return cache


class locked_bitmaps:
    """`with locked_bitmaps(using) as bitmaps:` — up-to-date bitmaps, one thread at a time."""

    def __init__(self, using):
        self.using = using

    def __enter__(self):
        _lock.acquire()
        try:
            return bitmaps_for(self.using)
        except BaseException:
            _lock.release()
            raise

    def __exit__(self, *exc_info):
        _lock.release()


def forget(using=None):
    """Drops cached bitmaps (after the table is emptied, and between tests)."""
    with _lock:
        if using is None:
            _caches.clear()
        else:
            _caches.pop(using, None)
