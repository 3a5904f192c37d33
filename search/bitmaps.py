"""Facet counts and filters of the database engine, as bitmaps of entry ids held in memory.

Counting facet values over tens of thousands of matches is what makes SQL facets slow; with
one bitmap of entry ids per facet value, a count is one AND and one popcount in C. Entries
are immutable: reindexing an item deletes its row and inserts a new one with a new id, and
deleted ids never come back from a full-text match. So each process only ever has to add
the entries with ids above the highest it has seen, which one indexed query finds.
"""

import threading

from django.db import connections

from .models import IndexEntry

CURRENT = "is:current"
_caches = {}
_lock = threading.Lock()


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


class Membership:
    """Constant-time "is this id in the mask?" for many checks against one mask."""

    def __init__(self, mask):
        self.data = mask.to_bytes((mask.bit_length() + 7) // 8, "little") if mask else b""

    def __contains__(self, identifier):
        position = identifier >> 3
        return position < len(self.data) and bool(self.data[position] >> (identifier & 7) & 1)


class EntryBitmaps:
    """Bitmaps of IndexEntry ids by facet value, language and currency, and their dates."""

    def __init__(self, using):
        self.using = using
        self.reset()

    def reset(self):
        self.max_id = 0
        self.max_key = None
        self._bits = {}
        self._masks = {}
        self.dates = {}
        self.values = {}

    def refresh(self):
        """Adds entries created since the last refresh (usually none: one index lookup).

        Ids are only reused after a rolled-back transaction (SQLite); if the newest entry
        seen has been replaced by another, or the table shrank below it, everything reloads.
        """
        table = IndexEntry._meta.db_table
        with connections[self.using].cursor() as cursor:
            if self.max_id:
                cursor.execute(
                    f"SELECT (SELECT key FROM {table} WHERE id = %s), max(id) FROM {table}",  # noqa: S608
                    [self.max_id],
                )
                key, highest = cursor.fetchone()
                if (key is not None and key != self.max_key) or (highest or 0) < self.max_id:
                    self.reset()
            cursor.execute(
                f"SELECT id, language, is_current, date, facets FROM {table} "  # noqa: S608
                "WHERE id > %s ORDER BY id",
                [self.max_id],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        import json

        for identifier, language, is_current, date, facets in rows:
            keys = [f"language:{language}"]
            if is_current:
                keys.append(CURRENT)
            tokens = json.loads(facets) if isinstance(facets, str) else facets
            keys += tokens
            for key in keys:
                bits = self._bits.get(key)
                if bits is None:
                    bits = self._bits[key] = bytearray()
                    name, _sep, value = key.partition(":")
                    self.values.setdefault(name, set()).add(value)
                position = identifier >> 3
                if position >= len(bits):
                    bits.extend(bytes(position - len(bits) + 1024))
                bits[position] |= 1 << (identifier & 7)
            if date:
                self.dates[identifier] = str(date)
        self.max_id = rows[-1][0]
        with connections[self.using].cursor() as cursor:
            cursor.execute(f"SELECT key FROM {table} WHERE id = %s", [self.max_id])  # noqa: S608
            self.max_key = cursor.fetchone()[0]
        self._masks.clear()

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

    def years_between(self, first, last):
        mask = 0
        for value in self.values.get("year", ()):
            year = int(value)
            if (first is None or year >= first) and (last is None or year <= last):
                mask |= self.mask(f"year:{value}")
        return mask


def bitmaps_for(using):
    """This process's bitmaps of a database, brought up to date."""
    with _lock:
        cache = _caches.get(using)
        if cache is None:
            cache = _caches[using] = EntryBitmaps(using)
        cache.refresh()
        return cache


def forget(using=None):
    """Drops cached bitmaps (after the table is emptied, and between tests)."""
    with _lock:
        if using is None:
            _caches.clear()
        else:
            _caches.pop(using, None)
