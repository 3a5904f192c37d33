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

A hit costs about what whitenoise's answer for a static file does: the middleware sits before
sessions, locale, CSRF, rate limits, authentication, messages and redirects, and the kept answer
is ready to send: its headers as the fresh response held them (the clickjacking and CSP
middleware's among them; SecurityMiddleware, which runs before this one, adds its own to every
answer), its bytes, and a gzip copy for readers that accept it, as browsers do. Each process
keeps the pages it answered last at hand (PAGE_CACHE_HOT_PAGES, keyed like the cache), so a hit
reads the generation and nothing else.

The generation is kept in the default cache when several processes share it (Redis); with the
local-memory cache each process keeps its own pages, and the generation is a small file that
every process on the machine checks (PAGE_CACHE_STAMP_FILE; read again when it was replaced),
so the background worker's changes reach them all. A cache that does not answer is a miss
(config/cache.py); a change made while it does not answer is announced again by this process as
soon as it does, and pages expire after PAGE_CACHE_SECONDS in any case.
"""

import datetime
import functools
import gzip
import hashlib
import logging
import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_path

# The content generation lives in the foundation (core/generation.py), which reads it for its
# own site-wide answers; the page cache keys its pages by it.
from core.generation import (  # noqa: F401 - content_changed and _pending are used through here
    _pending,
    _process_local,
    bump_now,
    content_changed,
    generation,
    page_seconds,
)

logger = logging.getLogger("quipu.page_cache")

REQUEST_MARK = "_quipu_page_cache"
# Response headers the outer middleware sets again on every answer, hit or not.
UNSTORED_HEADERS = {"set-cookie", "content-length", "date"}
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CONDITIONAL_HEADERS = frozenset(
    ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
)


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True) and page_seconds() > 0


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


# The day in the site's time zone, and from when until when it is that day (epoch seconds).
_today = {"day": "", "from": 0.0, "until": 0.0}


def today():
    """timezone.localdate(), worked out again only when the clock leaves the day it found."""
    now = time.time()
    if not _today["from"] <= now < _today["until"]:
        local = timezone.localtime()
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        # Wall-clock arithmetic: the next midnight in the site's time zone.
        following = midnight + datetime.timedelta(days=1)
        _today.update(
            day=local.date().isoformat(),
            **{"from": midnight.timestamp(), "until": following.timestamp()},
        )
    return _today["day"]


class Entry:
    """A kept page, ready to send: its body, and its headers as the response stores them, once
    as it is and, for pages worth it, once compressed with gzip (browsers all accept it)."""

    __slots__ = ("body", "expires", "gzip_headers", "gzipped", "headers", "language", "status")

    def __init__(self, status, body, headers, gzipped, gzip_headers, expires, language):
        self.status = status
        self.body = body
        self.headers = headers
        self.gzipped = gzipped
        self.gzip_headers = gzip_headers
        self.expires = expires
        self.language = language

    def __getstate__(self):
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setstate__(self, state):
        for name, value in zip(self.__slots__, state, strict=True):
            setattr(self, name, value)


# Content types worth compressing (pages, the sitemap); images and files already are.
COMPRESSIBLE = ("text/", "application/xml", "application/json", "application/rss+xml")
# Below this size gzip's own header costs more than it saves.
COMPRESS_MIN_BYTES = 200


class HotPages:
    """The pages this process answered last, as Entry objects: a hit on one costs no unpickling.

    Keyed as in the cache (the generation and the day are in the key), so a change the public
    can see leaves them all behind; each also carries its expiry. At most PAGE_CACHE_HOT_PAGES.
    """

    def __init__(self):
        self.entries = {}
        self.lock = threading.Lock()

    def get(self, key):
        return self.entries.get(key)

    def put(self, key, entry):
        limit = int(getattr(settings, "PAGE_CACHE_HOT_PAGES", 300))
        if limit <= 0:
            return
        with self.lock:
            self.entries.pop(key, None)
            while len(self.entries) >= limit:
                # The oldest first (dicts keep their order of insertion).
                self.entries.pop(next(iter(self.entries)))
            self.entries[key] = entry

    def clear(self):
        with self.lock:
            self.entries.clear()


hot_pages = HotPages()


class PageCacheMiddleware:
    """Answers anonymous GETs of public pages from the cache, and keeps what may be kept.

    It sits right after the security headers and the static files, outside the session, locale,
    CSRF, rate-limit, authentication, message and redirect middleware, so a hit costs none of
    their work and no query, and it sees every cookie they set on a fresh answer (which is then
    not kept). A hit answers conditional GETs itself (304), as ConditionalGetMiddleware, which
    runs after it, does for everything else.
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
        if "HTTP_AUTHORIZATION" in request.META:
            return False
        if "HTTP_COOKIE" not in request.META:
            return True
        cookies = request.COOKIES
        return (
            settings.SESSION_COOKIE_NAME not in cookies
            and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        )

    def key(self, request, current):
        # The host as the request gives it: a page is only ever kept for a host that the fresh
        # answer accepted (ALLOWED_HOSTS), so an unknown host finds nothing here. The path names
        # the language.
        address = f"{request._get_raw_host()}|{request.path}?{request.META.get('QUERY_STRING', '')}"
        digest = hashlib.sha256(address.encode()).hexdigest()[:40]
        return f"pagecache:{current}:{today()}:{digest}"

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.downloads_prefix):
            return self.download(request)
        if request.method not in ("GET", "HEAD") or path.startswith(self.skipped_prefixes):
            return self.get_response(request)
        anonymous = self.anonymous(request)
        current = generation() if anonymous and enabled() else None
        key = self.key(request, current) if current is not None else None
        if key is not None:
            entry = self.find(key)
            if entry is not None:
                return self.replay(request, entry)
        response = self.get_response(request)
        if not getattr(request, REQUEST_MARK, False) and not self.not_found_page(request, response):
            return response
        if not anonymous:
            self.mark_private(response)
        elif self.may_keep(response):
            # Browsers and proxies may keep it a short while, with or without this cache.
            self.public_headers(response)
            if key is not None and request.method == "GET":
                self.keep(request, key, current, response)
        elif response.status_code == 304:
            # ConditionalGetMiddleware's answer to a fresh page the reader already has.
            self.public_headers(response)
        return response

    def find(self, key):
        """The kept page, from this process's hot pages or else the cache (one read either way)."""
        entry = hot_pages.get(key)
        if entry is not None and entry.expires > time.time():
            # The local-memory cache is this process's own: a page gone from it (emptied,
            # culled) is gone. A shared cache is asked nothing more: the generation just read
            # from it is in the key.
            if not _process_local() or cache.has_key(key):
                return entry
        entry = cache.get(key)
        if entry is None or not isinstance(entry, Entry) or entry.expires <= time.time():
            return None
        hot_pages.put(key, entry)
        return entry

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

    def keep(self, request, key, current, response):
        """Stores the page (and its gzip copy) under `key`; the Entry, or None if not kept."""
        timeout = page_seconds()
        expiry = _next_expiry(current)
        if expiry is not None:
            timeout = min(timeout, int(expiry - time.time()))
        if timeout <= 0:
            return None
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        body = response.content
        gzipped = None
        if (
            len(body) >= COMPRESS_MIN_BYTES
            and not response.has_header("Content-Encoding")
            and response.get("Content-Type", "").startswith(COMPRESSIBLE)
        ):
            # No secret is in a kept page (no CSRF token, nothing personal), so compressing it
            # reveals nothing (BREACH); mtime 0 makes the same page the same bytes.
            compressed = gzip.compress(body, compresslevel=6, mtime=0)
            if len(compressed) < len(body):
                gzipped = compressed
                patch_vary_headers(response, ("Accept-Encoding",))
        headers = {
            name: value
            for name, value in response.headers._store.items()
            if name not in UNSTORED_HEADERS
        }
        headers["x-page-cache"] = ("X-Page-Cache", "hit")
        headers["content-length"] = ("Content-Length", str(len(body)))
        gzip_headers = None
        if gzipped is not None:
            gzip_headers = dict(headers)
            gzip_headers["content-encoding"] = ("Content-Encoding", "gzip")
            gzip_headers["content-length"] = ("Content-Length", str(len(gzipped)))
            etag = headers["etag"][1]
            if etag.startswith('"'):
                # The compressed bytes are another representation of the same page (as
                # Django's GZipMiddleware marks them): equal to the plain one for If-None-Match.
                gzip_headers["etag"] = ("ETag", f"W/{etag}")
        language = getattr(request, "LANGUAGE_CODE", None)
        entry = Entry(
            response.status_code,
            body,
            headers,
            gzipped,
            gzip_headers,
            time.time() + timeout,
            language,
        )
        cache.set(key, entry, timeout)
        hot_pages.put(key, entry)
        # This answer as the next ones from the cache will be (compressed alike).
        body, headers = self.variant(request, entry)
        if body is not entry.body:
            response.content = body
        response.headers._store.update(headers)
        response.headers._store["x-page-cache"] = ("X-Page-Cache", "miss")
        return entry

    def variant(self, request, entry):
        """(body, headers) of `entry` for this reader: compressed if it accepts gzip."""
        if entry.gzipped is not None and ACCEPTS_GZIP.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        ):
            return entry.gzipped, entry.gzip_headers
        return entry.body, entry.headers

    def replay(self, request, entry):
        """A response from `entry`: its bytes and headers as kept, compressed if the reader
        accepts gzip; a 304 for a conditional GET that matches it."""
        body, headers = self.variant(request, entry)
        response = HttpResponse(body, status=entry.status)
        # Checked when they were kept (the response validated each as it was set), so they
        # are copied as they are.
        response.headers._store.update(headers)
        # As LocaleMiddleware would have, for the request log.
        request.LANGUAGE_CODE = entry.language
        if CONDITIONAL_HEADERS.intersection(request.META):
            last_modified = parse_http_date_safe(headers.get("last-modified", ("", ""))[1])
            response = get_conditional_response(
                request,
                etag=headers.get("etag", ("", None))[1],
                last_modified=last_modified,
                response=response,
            )
            # A 304 (or 412) keeps only the validators and caching headers; say where it came from.
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
CONTENT_APPS = {
    "core",
    "knowledge",
    "protocols_library",
    "taggit",
    "wagtaildocs",
    "wagtailimages",
}
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
    # A versioned page's current version changing (core.versioning.signals.versions_changed)
    # is connected to core.generation by core itself (core/apps.py).
