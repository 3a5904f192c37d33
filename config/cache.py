"""Django's Redis cache, for which a Redis that does not answer is a cache miss, not an error.

Wagtail reads the cache on every page it links to, so with Django's own backend a Redis outage
answers every public page with a 500. Here reads miss and writes are skipped instead, and the
process stops asking for OUTAGE_PAUSE seconds, so pages are not slowed down by a timeout per
read. Deletions still raise: an invalidation (a page made private, a purge) is never lost
silently. Rate limits are not checked while the cache is down (config/ratelimit.py).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

logger = logging.getLogger("quipu.cache")

OUTAGE_PAUSE = 5.0
# Until when (time.monotonic()) each Redis location is left alone; shared by the threads of
# this process, which each have their own cache object.
_down_until = {}


class CacheUnavailable(Exception):
    """The cache did not answer a moment ago; it is not asked again yet."""


def connection_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class RedisCache(DjangoRedisCache):
    def is_down(self):
        return time.monotonic() < _down_until.get(tuple(self._servers), 0.0)

    def mark_down(self, error):
        if not self.is_down():
            logger.warning("Cache unavailable for %ss: %s", OUTAGE_PAUSE, error)
        _down_until[tuple(self._servers)] = time.monotonic() + OUTAGE_PAUSE

    def _guarded(self, default, call, *args, **kwargs):
        if self.is_down():
            return default
        try:
            return call(*args, **kwargs)
        except connection_errors() as error:
            self.mark_down(error)
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def incr(self, key, delta=1, version=None):
        if self.is_down():
            raise CacheUnavailable(key)
        try:
            return super().incr(key, delta, version)
        except connection_errors() as error:
            self.mark_down(error)
            raise
