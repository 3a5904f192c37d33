"""Rate limits per client for the expensive or guessable public views, kept in the cache.

Each limited request takes one token from two buckets (token buckets: a bucket holds up to
`burst` tokens and refills at `N/period`):

- the client's: one browser, known by a signed cookie set for this purpose (`quipu_client`).
  Clients that send no valid cookie (scripts, or a browser's very first request) share one
  such bucket per address, so refusing the cookie gains nothing;
- the address's: every client behind one public address together, a much larger bucket, so
  officials who share a ministry's address are limited one by one and only their sum is
  capped.

A request is served only when both buckets have a token, and then takes one from each,
atomically: on Redis (REDIS_URL, the cache every app server shares) in one Lua script; on
the local-memory cache under a lock of this process. Refused requests take nothing. A limited
request gets 429 with Retry-After and a page in the visitor's language (JSON for the
autocomplete and the API). When the cache cannot be reached the request is served: limits
protect the site, they must not take it down.

Which views are limited, and how, is the table LIMITED_VIEWS below; settings.RATELIMITS
gives each scope its two limits (from the environment, see config/settings/base.py). The
client's address is the one the sign-in lockout uses (core/security.py), so behind a
reverse proxy both read it from the header TRUSTED_PROXY_HEADER names.
"""

import functools
import ipaddress
import logging
import math
import secrets
import threading
import time

from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.security import client_address

from .cache import CacheUnavailable, connection_errors
from .rates import parse_rate

logger = logging.getLogger("quipu.ratelimit")

CLIENT_COOKIE = "quipu_client"
_signer = signing.Signer(salt="quipu.ratelimit.client")

# url name (with namespace): (scope, methods limited or None for all, answer in JSON)
LIMITED_VIEWS = {
    "search": ("search", None, False),
    "search_autocomplete": ("autocomplete", None, True),
    "wagtaildocs_serve": ("download", None, False),
    "wagtailadmin_login": ("login", {"POST"}, False),
    "wagtailcore_login": ("login", {"POST"}, False),
    "wagtailcore_authenticate_with_password": ("password", {"POST"}, False),
    "wagtaildocs_authenticate_with_password": ("password", {"POST"}, False),
}
# The Wagtail API's listings run a search when asked one (?search=).
API_NAMESPACE = "wagtailapi:"


# Limits ----------------------------------------------------------------------------------


def limits_for(scope):
    """(client Rate or None, address Rate or None) of a scope, from settings.RATELIMITS."""
    configured = settings.RATELIMITS.get(scope)
    if configured is None:
        raise KeyError(f"no rate limits configured for {scope!r} (settings.RATELIMITS)")
    return parse_rate(configured.get("client")), parse_rate(configured.get("address"))


# Who the client is -----------------------------------------------------------------------


def address_key(address):
    """The unit an address limit counts: the address, or its /64 for IPv6 (one subscriber)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip)


def client_token(request):
    """The browser's id from its quipu_client cookie, or None when absent or forged."""
    value = request.COOKIES.get(CLIENT_COOKIE)
    if not value or len(value) > 100:
        return None
    try:
        return _signer.unsign(value)
    except signing.BadSignature:
        return None


def visitor_key(request):
    """One string per browser: its id, or the one this response hands it, else its address."""
    token = client_token(request) or getattr(request, "_quipu_new_client", None)
    if token:
        return f"c:{token}"
    return f"a:{address_key(client_address(request))}"


# Buckets ---------------------------------------------------------------------------------

_LUA = """
local now = tonumber(ARGV[1])
local levels = {}
local wait = 0
for i = 1, #KEYS do
    local burst = tonumber(ARGV[i * 2])
    local rate = tonumber(ARGV[i * 2 + 1])
    local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
    local level = tonumber(state[1])
    local at = tonumber(state[2])
    if level == nil or at == nil then
        level = burst
    else
        level = math.min(burst, level + math.max(0, now - at) * rate)
    end
    levels[i] = level
    if level < 1 then
        wait = math.max(wait, (1 - level) / rate)
    end
end
if wait > 0 then
    return tostring(wait)
end
for i = 1, #KEYS do
    local burst = tonumber(ARGV[i * 2])
    local rate = tonumber(ARGV[i * 2 + 1])
    redis.call('HSET', KEYS[i], 'tokens', tostring(levels[i] - 1), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate * 1000) + 1000)
end
return '0'
"""


def _refill(state, rate, now):
    if state is None:
        return float(rate.burst)
    level, at = state
    return min(float(rate.burst), level + max(0.0, now - at) * rate.per_second)


class Buckets:
    """Takes one token from each of several buckets, or none; says how long to wait."""

    _lock = threading.Lock()

    def __init__(self, backend=None, clock=time.time):
        # The backend itself: `django.core.cache.cache` is a proxy, not a RedisCache.
        self.backend = backend or caches["default"]
        self.clock = clock

    def take(self, buckets):
        """`buckets`: [(key, Rate)]. Returns 0 when served, else the seconds to wait."""
        if not buckets:
            return 0.0
        names = [f"ratelimit:{key}" for key, _ in buckets]
        rates = [rate for _, rate in buckets]
        redis_client = self._redis_client()
        if redis_client is not None:
            if getattr(self.backend, "is_down", lambda: False)():
                raise CacheUnavailable("ratelimit")
            keys = [self.backend.make_and_validate_key(name) for name in names]
            try:
                return self._take_redis(redis_client, keys, rates)
            except connection_errors() as error:
                if hasattr(self.backend, "mark_down"):
                    self.backend.mark_down(error)
                raise
        return self._take_locally(names, rates)

    def _redis_client(self):
        from django.core.cache.backends.redis import RedisCache

        if isinstance(self.backend, RedisCache):
            return self.backend._cache.get_client(write=True)
        return None

    def _take_redis(self, client, keys, rates):
        args = [repr(self.clock())]
        for rate in rates:
            args += [rate.burst, repr(rate.per_second)]
        script = client.register_script(_LUA)
        return float(script(keys=keys, args=args))

    def _take_locally(self, names, rates):
        # Local memory belongs to this process, so a lock of this process makes it atomic.
        # (With any other cache backend it would be atomic per process only: use Redis.)
        with self._lock:
            now = self.clock()
            stored = self.backend.get_many(names)
            levels = [
                _refill(stored.get(name), rate, now)
                for name, rate in zip(names, rates, strict=True)
            ]
            wait = max(
                (1 - level) / rate.per_second if level < 1 else 0.0
                for level, rate in zip(levels, rates, strict=True)
            )
            if wait > 0:
                return wait
            for name, level, rate in zip(names, levels, rates, strict=True):
                timeout = math.ceil(rate.burst / rate.per_second) + 1
                self.backend.set(name, (level - 1, now), timeout)
            return 0.0


# Views -----------------------------------------------------------------------------------


def check(request, scope, json=False):
    """None when the request may go on; otherwise the 429 response to send instead."""
    token = client_token(request)
    new_token = None
    if token is None:
        # Set on the way out (RateLimitMiddleware), so the next request counts as this browser
        # (search analytics use it too, so it is handed out even with limits off).
        new_token = request._quipu_new_client = secrets.token_urlsafe(16)
    if not settings.RATELIMIT_ENABLED:
        return None
    try:
        client_rate, address_rate = limits_for(scope)
        address = address_key(client_address(request))
        buckets = []
        if client_rate is not None:
            # Without a cookie: the address's cookieless bucket, and the new browser's own
            # from its first request on.
            for client in [f"c:{token}"] if token else [f"n:{address}", f"c:{new_token}"]:
                buckets.append((f"{scope}:{client}", client_rate))
        if address_rate is not None:
            buckets.append((f"{scope}:a:{address}", address_rate))
        wait = Buckets().take(buckets)
    except Exception:
        # Usually the cache not answering. Limits protect the site; they must not stop it.
        logger.warning("Rate limit for %s not checked", scope, exc_info=True)
        return None
    if not wait:
        return None
    retry_after = max(1, math.ceil(wait))
    logger.info("Rate limit %s reached by %s; retry in %ss", scope, address, retry_after)
    return too_many_requests(request, retry_after, json=json)


def wait_message(seconds):
    if seconds < 120:
        return ngettext(
            "Please wait %(count)s second and try again.",
            "Please wait %(count)s seconds and try again.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Please wait %(count)s minute and try again.",
        "Please wait %(count)s minutes and try again.",
        minutes,
    ) % {"count": minutes}


FALLBACK_PAGE = """<!DOCTYPE html>
<html lang="es">
<head><meta charset="utf-8"><title>Quipu</title></head>
<body><main>
<h1>Demasiadas solicitudes</h1>
<p>Espere un momento y vuelva a intentarlo.</p>
<h1 lang="en">Too many requests</h1>
<p lang="en">Please wait a moment and try again.</p>
</main></body></html>
"""


def too_many_requests(request, retry_after, json=False):
    """The 429 answer: Retry-After, never cached, in the visitor's language."""
    message = wait_message(retry_after)
    if json:
        response = JsonResponse(
            {
                "error": _("Too many requests"),
                "message": message,
                "retry_after": retry_after,
            },
            status=429,
        )
    else:
        try:
            response = render(
                request,
                "429.html",
                {"retry_after": retry_after, "wait_message": message},
                status=429,
            )
        except Exception:
            # The page needs the database (site sections); a 429 must not become a 500.
            logger.warning("429 page could not be rendered", exc_info=True)
            response = HttpResponse(FALLBACK_PAGE, status=429)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)
    return response


def rate_limited(scope, json=False):
    """Decorator for a view, or a page's method taking (self, request, ...), limited by scope."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            request = next(arg for arg in args if isinstance(arg, HttpRequest))
            refused = check(request, scope, json=json)
            if refused is not None:
                return refused
            return view(*args, **kwargs)

        return wrapped

    return decorator


class RateLimitMiddleware:
    """Limits the views named in LIMITED_VIEWS, and hands out the client cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_quipu_new_client", None)
        if token and CLIENT_COOKIE not in response.cookies:
            response.set_cookie(
                CLIENT_COOKIE,
                _signer.sign(token),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            # A response that sets a cookie is for this browser only.
            patch_cache_control(response, private=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None:
            return None
        name = match.view_name
        limited = LIMITED_VIEWS.get(name)
        if limited is None and name.startswith(API_NAMESPACE) and "search" in request.GET:
            limited = ("search", None, True)
        if limited is None:
            return None
        scope, methods, json = limited
        if methods is not None and request.method not in methods:
            return None
        return check(request, scope, json=json)
