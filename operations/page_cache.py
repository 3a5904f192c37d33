"""The anonymous page cache: public pages kept whole in the default cache, in each language.

What is kept: a page (or a view marked with `cache_public`, or the site's 404 page under a
language prefix) answered with 200 (or that 404) to a GET from a
visitor who has no session and no pending messages, when the answer sets no cookie and does not
say private/no-cache/no-store. Signed-in people, visitors who passed a page password, previews
(in the admin), POSTs, forms with a CSRF token, searches, downloads and rate-limited views are
never served from it nor stored in it.

Keys name the host, the language, the path with its query string, the day in the site's time
zone (a version enters into force at midnight in Lima, and pages read the date) and the site's
content generation: one number that every change the public can see (a page published,
unpublished, moved or deleted, a version, a document, an image, a snippet, a setting, a privacy
rule, a version entering into force) replaces, so every page is fresh on the next request.
Nothing needs to know which pages show what.

The generation is kept in the default cache when several processes share it (Redis); with the
local-memory cache each process keeps its own pages, and the generation is a small file that
every process on the machine reads (PAGE_CACHE_STAMP_FILE), so the background worker's changes
reach them all. A cache that does not answer is a miss (config/cache.py); a change made while it
does not answer is announced again by this process as soon as it does, and pages expire after
PAGE_CACHE_SECONDS in any case.
"""

import functools
import hashlib
import logging
import os
import secrets
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

logger = logging.getLogger("quipu.page_cache")

GENERATION_KEY = "pagecache:generation"
REQUEST_MARK = "_quipu_page_cache"
# Response headers the outer middleware sets again on every answer, hit or not.
UNSTORED_HEADERS = {"set-cookie", "content-length", "date"}
_pending = {"bump": False}


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and page_seconds() > 0


def page_seconds():
    return int(getattr(settings, "PAGE_CACHE_SECONDS", 600))


# The content generation ------------------------------------------------------------------------


def _new_value():
    # Never a value used before, even after the cache was emptied or the file removed.
    return time.time_ns()


def _process_local():
    return isinstance(caches["default"], LocMemCache)


def _stamp_path():
    return str(settings.PAGE_CACHE_STAMP_FILE)


def _read_stamp():
    path = _stamp_path()
    try:
        with open(path, encoding="ascii") as stamp:
            value = stamp.read().strip()
        if value:
            return value
    except FileNotFoundError:
        pass
    _write_stamp()
    with open(path, encoding="ascii") as stamp:
        return stamp.read().strip() or None


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


# Marking what may be kept ------------------------------------------------------------------------


def mark_cacheable(request):
    setattr(request, REQUEST_MARK, True)


def cache_public(view):
    """For a view whose answer is the same for every anonymous visitor (the sitemap)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        mark_cacheable(request)
        return view(request, *args, **kwargs)

    return wrapped


# The middleware ---------------------------------------------------------------------------------


def _cache_control_words(response):
    return {
        word.split("=", 1)[0].strip().lower()
        for word in cc_delim_re.split(response.get("Cache-Control", ""))
        if word.strip()
    }


def _next_expiry(current):
    """When the next live page expires, if before the cached pages would: they hide it then."""
    key = f"pagecache:{current}:next-expiry"
    value = cache.get(key)
    if value is None:
        from wagtail.models import Page

        soonest = (
            Page.objects.live()
            .filter(expire_at__gt=timezone.now())
            .order_by("expire_at")
            .values_list("expire_at", flat=True)
            .first()
        )
        value = soonest.timestamp() if soonest else 0
        cache.set(key, value, page_seconds())
    return value or None


class PageCacheMiddleware:
    """Answers anonymous GETs of public pages from the cache, and keeps what may be kept.

    It sits outside the session, CSRF, rate-limit and authentication middleware, so a hit costs
    no query, and it sees every cookie they set on a fresh answer (which is then not kept).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.downloads_prefix = "/documents/"
        self.skipped_prefixes = (
            f"/{settings.ADMIN_PATH}/",
            "/api/",
            "/oai/",
            "/static/",
            "/media/",
            "/healthz",
            "/readyz",
        )

    def anonymous(self, request):
        cookies = request.COOKIES
        return (
            settings.SESSION_COOKIE_NAME not in cookies
            and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
            and "HTTP_AUTHORIZATION" not in request.META
        )

    def key(self, request, current):
        address = f"{request.get_host()}|{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()[:40]
        language = get_language_from_path(request.path_info) or ""
        day = timezone.localdate().isoformat()
        return f"pagecache:{current}:{day}:{language}:{digest}"

    def __call__(self, request):
        if request.path_info.startswith(self.downloads_prefix):
            return self.download(request)
        if request.method not in ("GET", "HEAD") or request.path_info.startswith(
            self.skipped_prefixes
        ):
            return self.get_response(request)
        anonymous = self.anonymous(request)
        current = generation() if anonymous and enabled() else None
        key = self.key(request, current) if current is not None else None
        if key is not None:
            stored = cache.get(key)
            if stored is not None:
                # As LocaleMiddleware would have, for the request log and anything after.
                language = get_language_from_path(request.path_info)
                if language:
                    translation.activate(language)
                    request.LANGUAGE_CODE = language
                return self.replay(stored)
        response = self.get_response(request)
        if not getattr(request, REQUEST_MARK, False) and not self.not_found_page(request, response):
            return response
        if not anonymous:
            self.mark_private(response)
        elif self.may_keep(response):
            # Browsers and proxies may keep it a short while, with or without this cache.
            self.public_headers(response)
            if key is not None and request.method == "GET":
                self.keep(key, current, response)
        return response

    def not_found_page(self, request, response):
        """The site's own 404 page for an address in a language: the same for every visitor,
        and fresh when a page is published there (the generation changes)."""
        return response.status_code == 404 and bool(get_language_from_path(request.path_info))

    def download(self, request):
        """A file is counted by the view that sends it, so every download must reach it: shared
        caches keep none, and browsers ask again each time (a 304 once counted is cheap)."""
        response = self.get_response(request)
        if "no-store" not in _cache_control_words(response):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    def may_keep(self, response):
        return (
            response.status_code in (200, 404)
            and not response.streaming
            and not response.cookies
            and not {"private", "no-cache", "no-store"} & _cache_control_words(response)
        )

    def public_headers(self, response):
        patch_cache_control(
            response,
            public=True,
            max_age=int(getattr(settings, "PAGE_CACHE_BROWSER_SECONDS", 60)),
            s_maxage=int(getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 60)),
        )

    def keep(self, key, current, response):
        timeout = page_seconds()
        expiry = _next_expiry(current)
        if expiry is not None:
            timeout = min(timeout, int(expiry - time.time()))
        if timeout <= 0:
            return
        set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        ]
        cache.set(key, (response.status_code, headers, response.content), timeout)
        response["X-Page-Cache"] = "miss"

    def replay(self, stored):
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        # CommonMiddleware, which sets it on fresh answers, does not run for a hit.
        response["Content-Length"] = str(len(content))
        response["X-Page-Cache"] = "hit"
        return response

    def mark_private(self, response):
        """Signed-in people and visitors with a session: their browser only, checked each time.

        Pages with a view restriction already say private, no-store (Wagtail's own hook).
        """
        words = _cache_control_words(response)
        if not {"private", "no-store"} & words:
            patch_cache_control(response, private=True, no_cache=True)


# What changes pages ----------------------------------------------------------------------------

# Apps whose every model is shown on public pages (pages, taxonomy, glossary, versions, files,
# images, tags). Models written by visitors' requests (renditions, download counts by UPDATE,
# search analytics, subscriptions, sessions) are left out, or every visit would empty the cache.
CONTENT_APPS = {"knowledge", "protocols_library", "taggit", "wagtaildocs", "wagtailimages"}
_affects = {}


def affects_pages(model):
    if model not in _affects:
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.images.models import AbstractRendition
        from wagtail.models import (
            Collection,
            CollectionViewRestriction,
            Locale,
            Page,
            PageViewRestriction,
            Site,
        )

        _affects[model] = not issubclass(model, AbstractRendition) and (
            issubclass(model, (Page, BaseSiteSetting, BaseGenericSetting))
            or model._meta.app_label in CONTENT_APPS
            or model in (Site, Collection, CollectionViewRestriction, Locale, PageViewRestriction)
        )
    return _affects[model]


def model_changed(sender, **kwargs):
    if affects_pages(sender):
        content_changed()


def relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and affects_pages(type(instance)):
        content_changed()


def connect():
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    for number, (signal, receiver) in enumerate(
        [
            (post_save, model_changed),
            (post_delete, model_changed),
            (m2m_changed, relation_changed),
            (page_published, content_changed),
            (page_unpublished, content_changed),
            (post_page_move, content_changed),
            (published, content_changed),
            (unpublished, content_changed),
        ]
    ):
        signal.connect(receiver, dispatch_uid=f"quipu-page-cache-{number}")
    try:
        from protocols_library.signals import in_force_changed
    except ImportError:
        return
    # The daily command: a version entered into force (pages read the date; listings, feeds
    # and the search index follow the signal).
    in_force_changed.connect(content_changed, dispatch_uid="quipu-page-cache-in-force")
