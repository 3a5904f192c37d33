"""The site's content generation: one number that every change the public can see replaces.

A page published, unpublished, moved or deleted, a version, a document, an image, a snippet, a
setting, a privacy rule, a version entering into force: each calls `content_changed`, so
anything kept under the generation (the anonymous page cache, operations/page_cache.py; the
site-wide answers of core.request_memo.shared) is out of date at once, without knowing which
pages show what.

The generation is kept in the default cache when several processes share it (Redis); with the
local-memory cache it is a small file that every process on the machine checks
(PAGE_CACHE_STAMP_FILE; read again when it was replaced), so the background worker's changes
reach them all. A change made while the cache does not answer is announced again by this
process on its next request.
"""

import logging
import os
import secrets
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

logger = logging.getLogger("quipu.page_cache")

GENERATION_KEY = "pagecache:generation"
_pending = {"bump": False}


def page_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


def _new_value():
    # Never a value used before, even after the cache was emptied or the file removed.
    return time.time_ns()


def _process_local():
    return isinstance(caches["default"], LocMemCache)


def _stamp_path():
    return str(settings.PAGE_CACHE_STAMP_FILE)


# The stamp last read: (the file's path, inode, modification time and size; its value).
_last_stamp = [(None, None)]


def _read_stamp():
    """The stamp file's value; read again only when the file changed (it is replaced whole)."""
    path = _stamp_path()
    try:
        status = os.stat(path)
    except FileNotFoundError:
        _write_stamp()
        status = os.stat(path)
    signature = (path, status.st_ino, status.st_mtime_ns, status.st_size)
    known, value = _last_stamp[0]
    if known == signature:
        return value
    with open(path, encoding="ascii") as stamp:
        value = stamp.read().strip()
    if not value:
        _write_stamp()
        with open(path, encoding="ascii") as stamp:
            return stamp.read().strip() or None
    # One assignment, so another thread never pairs this signature with an older value.
    _last_stamp[0] = (signature, value)
    return value


def _write_stamp():
    path = _stamp_path()
    # Written beside and renamed, so a reader never sees half a number.
    temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
    with open(temporary, "w", encoding="ascii") as stamp:
        stamp.write(f"{_new_value()}-{secrets.token_hex(4)}")
    os.replace(temporary, path)


def generation():
    """The current content generation, or None when it cannot be read (then nothing is cached)."""
    if _pending["bump"]:
        bump_now()
        if _pending["bump"]:
            return None
    try:
        if _process_local():
            return _read_stamp()
        value = cache.get(GENERATION_KEY)
        if value is None:
            cache.add(GENERATION_KEY, _new_value(), timeout=None)
            value = cache.get(GENERATION_KEY)
        return None if value is None else str(value)
    except Exception:
        logger.warning("Page cache generation not readable; pages served uncached", exc_info=True)
        return None


def bump_now():
    """A new generation: every page kept so far is out of date."""
    try:
        if _process_local():
            _write_stamp()
        else:
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:
                # Not there (evicted, or the cache was emptied): a value never used before.
                cache.set(GENERATION_KEY, _new_value(), timeout=None)
    except Exception:
        if not _pending["bump"]:
            logger.error(
                "Cached pages not invalidated (the cache did not answer); this process will "
                "retry on its next request, and pages expire after %ss anyway",
                page_seconds(),
                exc_info=True,
            )
        _pending["bump"] = True
    else:
        _pending["bump"] = False


def content_changed(**kwargs):
    """Receivers call this for any change the public may see.

    The generation changes at once, so this request and this test see fresh pages, and again
    when the transaction commits, so a page read by another request in between (still showing
    the old content) is not kept under the new generation.
    """
    # Even where this process keeps no pages (PAGE_CACHE_ENABLED off for a worker or a command),
    # since the web processes may.
    bump_now()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_now)
