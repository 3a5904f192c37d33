"""Search analytics for editors, counted in the cache and written to the database in batches.

A search adds one numbered entry to the shared cache. `flush()` (the worker's every pass)
writes the entries after the last number it wrote, under a lock, and remembers the last
number only once their counts are committed, so an entry is counted once even if the
database fails halfway.
"""

import hashlib
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

from config.ratelimit import address_key, client_address, visitor_key

from .models import ZeroResultQuery
from .query import normalized

logger = logging.getLogger("quipu.search")

DAY = 24 * 60 * 60
# Entries wait at most this long for a flush; older ones are dropped by the cache.
KEEP_SECONDS = 7 * DAY
PREFIX = "search-analytics:batch"
SEQUENCE = f"{PREFIX}:sequence"
FLUSHED = f"{PREFIX}:flushed"
LOCK = f"{PREFIX}:lock"
LOCK_SECONDS = 300
READ_CHUNK = 500
# A missing entry may be one a search is writing at this moment: it is read again once.
IN_FLIGHT_WAIT = 0.5


def record_search(request, text, language, total):
    """Counts the search in the cache the first time today this visitor makes it, within the
    address's daily budget, so that no client grows the analytics tables at will."""
    folded = normalized(text)[:255]
    if not folded:
        return
    day = timezone.localdate().isoformat()
    digest = hashlib.sha256(f"{language}\0{folded}".encode()).hexdigest()[:32]
    budget = f"search-analytics:{day}:address:{address_key(client_address(request))}"
    # Wagtail's daily hits are dated in UTC, Quipu's searches with no results locally.
    entry = (folded, language, timezone.now().date().isoformat(), day, total == 0)
    try:
        if not cache.add(f"search-analytics:{day}:{visitor_key(request)}:{digest}", 1, DAY):
            return
        cache.add(budget, 0, DAY)
        if cache.incr(budget) > settings.SEARCH_ANALYTICS_DAILY_PER_ADDRESS:
            return
        cache.add(SEQUENCE, 0, None)
        cache.set(f"{PREFIX}:{cache.incr(SEQUENCE)}", entry, KEEP_SECONDS)
    except Exception:
        logger.warning("Search not counted: the cache did not answer", exc_info=True)
        return
    with _local_lock:
        if _local_pending["since"] is None:
            _local_pending["since"] = time.monotonic()


# Counted searches this process keeps in its own memory (no shared cache) since this moment.
_local_pending = {"since": None}
_local_lock = threading.Lock()


def flush_local_after_response(sender=None, **kwargs):
    """After a response: a process whose cache is its own memory writes the searches it
    counted once the oldest has waited long enough, as the worker cannot read them."""
    wait = settings.SEARCH_ANALYTICS_LOCAL_FLUSH_SECONDS
    if not wait or not isinstance(caches["default"], LocMemCache):
        return
    with _local_lock:
        since = _local_pending["since"]
        if since is None or time.monotonic() - since < wait:
            return
        _local_pending["since"] = None
    try:
        flush()
    except Exception:
        logger.warning("Counted searches not written; the next flush retries", exc_info=True)
        with _local_lock:
            _local_pending["since"] = _local_pending["since"] or since


def pending():
    return max(0, (cache.get(SEQUENCE) or 0) - (cache.get(FLUSHED) or 0))


def flush():
    """Writes the counted searches to the database; how many, 0 while another flush runs."""
    if not cache.add(LOCK, 1, LOCK_SECONDS):
        return 0
    try:
        last = cache.get(SEQUENCE) or 0
        first = cache.get(FLUSHED) or 0
        if last < first:  # the cache lost its counter: numbering started again
            first = 0
        numbers = range(first + 1, last + 1)
        entries = _read(numbers)
        missing = [number for number in numbers if number not in entries]
        if missing:
            time.sleep(IN_FLIGHT_WAIT)
            entries.update(_read(missing))
            lost = len(numbers) - len(entries)
            if lost:
                logger.warning("%s counted searches were no longer in the cache", lost)
        _write(entries.values())
        cache.set(FLUSHED, last, None)
        keys = [f"{PREFIX}:{number}" for number in numbers]
        for start in range(0, len(keys), READ_CHUNK):
            cache.delete_many(keys[start : start + READ_CHUNK])
        return len(entries)
    finally:
        cache.delete(LOCK)


def _read(numbers):
    found = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), READ_CHUNK):
        keys = {f"{PREFIX}:{number}": number for number in numbers[start : start + READ_CHUNK]}
        found.update((keys[key], value) for key, value in cache.get_many(list(keys)).items())
    return found


def _write(entries):
    hits, zero = Counter(), Counter()
    for folded, language, day, local_day, is_zero in entries:
        hits[(normalise_query_string(folded), day)] += 1
        if is_zero:
            zero[(("query_string", folded), ("language", language), ("date", local_day))] += 1
    if not hits:
        return
    with transaction.atomic():
        strings = {text for text, _day in hits}
        Query.objects.bulk_create(
            [Query(query_string=text) for text in strings], ignore_conflicts=True
        )
        ids = dict(Query.objects.filter(query_string__in=strings).values_list("query_string", "pk"))
        daily = {
            (("query_id", ids[text]), ("date", day)): count for (text, day), count in hits.items()
        }
        _add_hits(QueryDailyHits, daily)
        _add_hits(ZeroResultQuery, zero)


def _add_hits(model, counts):
    """Adds each count to the hits of the row its key's (field, value) pairs name."""
    model.objects.bulk_create([model(**dict(key), hits=0) for key in counts], ignore_conflicts=True)
    for key, count in counts.items():
        model.objects.filter(**dict(key)).update(hits=F("hits") + count)
