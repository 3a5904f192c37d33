"""Answers that cannot change while one page is being read, worked out once per request.

A public page asks the same questions many times while it renders (which pages carry a view
restriction, which collections are private, which files the public may download, the
programme's settings): the header, the related box, the citation, Dublin Core and JSON-LD
each ask again. Functions decorated with `per_request` answer from a memo kept for the
duration of one GET or HEAD request; outside a request, and during requests that change
data (POST and the like), they run every time, so nothing stale is ever read after a write.

A few site-wide answers (`shared`, `per_generation`) are also kept in the default cache from
one request to the next, under the site's content generation, which any change the public can
see replaces: they are read again on the first request after a change.
"""

import contextvars
import copy
import functools
import hashlib
import logging

logger = logging.getLogger("quipu.request_memo")

_memo = contextvars.ContextVar("quipu_request_memo", default=None)

SAFE_METHODS = {"GET", "HEAD"}


class RequestMemoMiddleware:
    """Opens an empty memo for each GET or HEAD request and drops it when the response is made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        token = _memo.set({"request": request})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def _frozen(value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return (
            tuple(sorted(value, key=repr)) if isinstance(value, (set, frozenset)) else tuple(value)
        )
    return value


def per_request(func):
    """Memoizes `func` for the current GET/HEAD request, keyed by its positional arguments.

    Arguments must be hashable or plain collections; the caller receives a copy of a mutable
    answer, so changing it never changes what the next caller gets.
    """

    @functools.wraps(func)
    def wrapper(*args):
        memo = _memo.get()
        if memo is None:
            return func(*args)
        key = (func.__module__, func.__qualname__, tuple(_frozen(arg) for arg in args))
        if key not in memo:
            memo[key] = func(*args)
        return copy.copy(memo[key])

    wrapper.uncached = func
    return wrapper


def remember(key, compute):
    """The value stored under `key` for this request, computed once; uncached outside one."""
    memo = _memo.get()
    if memo is None:
        return compute()
    key = ("remember", key)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def current_request():
    """The GET or HEAD request being answered, or None (outside one, or while data changes)."""
    memo = _memo.get()
    return None if memo is None else memo.get("request")


def per_request_method(func):
    """`per_request` for a method: one answer per object (the instance itself, not its row)
    and arguments, for the current GET/HEAD request; a copy of a mutable answer is returned."""

    @functools.wraps(func)
    def wrapper(self, *args):
        memo = _memo.get()
        if memo is None:
            return func(self, *args)
        key = (func.__module__, func.__qualname__, id(self), tuple(_frozen(a) for a in args))
        if key not in memo:
            # The object is kept with its answer, so its id cannot be reused within the request.
            memo[key] = (self, func(self, *args))
        return copy.copy(memo[key][1])

    wrapper.uncached = func
    return wrapper


# Answers kept across requests, for as long as the site's content does not change -----------

SHARED_SECONDS = 3600
_MISSING = object()


def content_generation():
    """The site's content generation, read once per request; None when it cannot be read.

    It is core/generation.py's, which the anonymous page cache keys its pages by: a number that every change
    the public can see (a page, a privacy rule, a setting, a site, a document or image, a
    snippet) replaces at once and again when its transaction commits, whether or not pages
    are being cached.
    """

    def read():
        from .generation import generation

        return generation()

    return remember("content-generation", read)


def shared(name, compute, *key):
    """`compute()`, kept in the default cache under the current content generation.

    For site-wide answers every page needs and editors rarely change (the site, its settings,
    the privacy rules, the sections): the first request after a change reads them, the others
    find them ready. When the generation cannot be read, or the cache does not answer, the
    answer is computed as if nothing were kept. Within one request the answer is read once;
    outside a GET or HEAD request nothing kept is used.
    """
    from django.core.cache import cache

    if _memo.get() is None:
        # Outside a GET or HEAD request (signal receivers, tasks, commands, writes) the answer
        # is read afresh: a receiver may run before the one that replaces the generation.
        return compute()

    def look_up():
        current = content_generation()
        if current is None:
            return compute()
        digest = hashlib.sha256(repr((name, key)).encode()).hexdigest()[:32]
        cache_key = f"sitewide:{current}:{digest}"
        try:
            value = cache.get(cache_key, _MISSING)
        except Exception:
            value = _MISSING
        if value is _MISSING:
            value = compute()
            try:
                cache.set(cache_key, value, SHARED_SECONDS)
            except Exception:
                logger.warning("Site-wide answer %s not kept", name, exc_info=True)
        return value

    return remember(("shared", name, key), look_up)


def per_generation(func):
    """`per_request`, with the answer also kept across requests until the content changes.

    Only for answers that depend on nothing but the database rows whose changes replace the
    content generation (see `shared`), never on the time or on who is asking.
    """

    name = f"{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def wrapper(*args):
        key = tuple(_frozen(arg) for arg in args)
        return copy.copy(shared(name, lambda: func(*args), *key))

    wrapper.uncached = func
    return wrapper
