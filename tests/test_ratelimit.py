"""Rate limits: search, autocomplete, downloads, sign-in and page passwords, per client.

Every limit test runs twice: on the local-memory cache (one machine) and on Redis (the
shared cache several app servers use; REDIS_URL, started by .ci/run).
"""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from config.ratelimit import (
    CLIENT_COOKIE,
    Buckets,
    address_key,
    client_address,
)
from config.rates import Rate, parse_rate
from core.models import StandardPage
from tests.knowledge.conftest import make_document, make_material, sections  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["memory", "redis"])
def store(request):
    if request.param == "redis":
        request.getfixturevalue("shared_cache")
    return request.param


@pytest.fixture
def limits(settings, store):
    """Turns limits on, with the given ones for a scope: limits("search", "3/h", "10/h")."""
    settings.RATELIMIT_ENABLED = True

    def configure(scope, client, address):
        settings.RATELIMITS = {
            **settings.RATELIMITS,
            scope: {"client": client, "address": address},
        }

    return configure


def statuses(client, count, url, method="get", **kwargs):
    send = getattr(client, method)
    return [send(url, **kwargs).status_code for _ in range(count)]


def browser(address="127.0.0.1"):
    return Client(REMOTE_ADDR=address)


# Limits as written in the environment ------------------------------------------------------


def test_rates_are_read_as_written():
    assert parse_rate("30/min burst 20") == Rate(burst=20, per_second=0.5)
    assert parse_rate("120/h") == Rate(burst=120, per_second=120 / 3600)
    assert parse_rate(" 100 / 10min burst 5 ") == Rate(burst=5, per_second=100 / 600)
    assert parse_rate("2/s") == Rate(burst=2, per_second=2)
    assert parse_rate("off") is None
    assert parse_rate("0/min") is None
    for unreadable in ("30 per minute", "30/fortnight", "abc", "30/min burst"):
        with pytest.raises(ValueError, match="N/period burst B"):
            parse_rate(unreadable)


def test_every_default_limit_is_readable_and_on_in_production(settings):
    from config.settings import base

    assert base.RATELIMIT_ENABLED is True
    for scope in ("search", "autocomplete", "download", "login", "password"):
        client, address = (
            parse_rate(base.RATELIMITS[scope][kind]) for kind in ("client", "address")
        )
        # An address holds many browsers: its ceiling is well above one browser's limit.
        assert address.burst >= 3 * client.burst
        assert address.per_second >= 3 * client.per_second


def test_the_environment_chooses_the_cache_and_the_limits():
    from tests.test_settings_and_setup import PRODUCTION_ENV, manage

    show = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']); "
        "print(settings.RATELIMITS['search']['client'])"
    )
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://10.0.0.5:6379/1"}
    result = manage("shell", "-c", show, env_overrides={**env, "REDIS_URL": ""})
    assert "LocMemCache" in result.stdout, result.stderr
    result = manage(
        "shell", "-c", show, env_overrides={**env, "RATELIMIT_SEARCH_CLIENT": "10/min burst 4"}
    )
    assert "config.cache.RedisCache redis://10.0.0.5:6379/1" in result.stdout, result.stderr
    assert "10/min burst 4" in result.stdout
    result = manage("check", env_overrides={**env, "RATELIMIT_LOGIN_ADDRESS": "lots"})
    assert result.returncode != 0
    assert "RATELIMIT_LOGIN_ADDRESS" in result.stderr and "N/period burst B" in result.stderr


# Buckets -------------------------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


def test_a_bucket_serves_its_burst_then_refills_at_its_rate(store):
    clock = Clock()
    buckets = Buckets(clock=clock)
    rate = Rate(burst=3, per_second=0.5)
    key = f"unit:{uuid.uuid4().hex}"
    assert [buckets.take([(key, rate)]) for _ in range(3)] == [0, 0, 0]
    assert buckets.take([(key, rate)]) == pytest.approx(2.0)
    clock.now += 1.0
    assert buckets.take([(key, rate)]) == pytest.approx(1.0)
    clock.now += 1.0
    assert buckets.take([(key, rate)]) == 0
    assert buckets.take([(key, rate)]) == pytest.approx(2.0)
    # Never more than the burst, however long it rested.
    clock.now += 3600
    assert [buckets.take([(key, rate)]) for _ in range(4)][-2:] == [0, pytest.approx(2.0)]


def test_a_refused_request_takes_nothing_from_any_bucket(store):
    clock = Clock()
    buckets = Buckets(clock=clock)
    small, large = Rate(burst=1, per_second=0.01), Rate(burst=5, per_second=0.01)
    first, second, shared = (f"unit:{uuid.uuid4().hex}" for _ in range(3))
    assert buckets.take([(first, small), (shared, large)]) == 0
    # `first` is empty: the shared bucket must not pay for the refusal.
    for _ in range(10):
        assert buckets.take([(first, small), (shared, large)]) > 0
    assert [buckets.take([(second, large), (shared, large)]) for _ in range(5)] == [0] * 4 + [
        pytest.approx(100.0)
    ]


# Who the client is ------------------------------------------------------------------------


def test_behind_a_proxy_clients_are_told_apart_by_the_trusted_header(limits, settings):
    limits("search", "2/h", "100/h")
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    url, query = "/es/search/", {"q": "piura"}

    def through_proxy(forwarded):
        # Every request reaches Quipu from the proxy's address; no cookie kept.
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded).get(url, query)

    assert [through_proxy("203.0.113.5").status_code for _ in range(3)] == [200, 200, 429]
    # What a client writes in front of the proxy's entry changes nothing.
    assert through_proxy("198.51.100.1, 203.0.113.5").status_code == 429
    assert through_proxy("203.0.113.6").status_code == 200


def test_limits_and_the_sign_in_lockout_see_the_same_address(rf, settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert get_client_ip_address(request) == client_address(request) == "203.0.113.5"
    settings.TRUSTED_PROXY_HEADER = ""
    assert get_client_ip_address(request) == client_address(request) == "10.0.0.9"


def test_an_ipv6_subscriber_counts_as_its_64_block():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:bbbb::9")
    assert address_key("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:203.0.113.5") == "203.0.113.5"
    assert address_key("") == "unknown"


# Search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "wait"),
    [
        ("es", "Demasiadas solicitudes", "Espere 15 minutos y vuelva a intentarlo."),
        ("en", "Too many requests", "Please wait 15 minutes and try again."),
    ],
)
def test_a_burst_of_searches_gets_429_with_retry_after_in_the_visitors_language(
    limits, language, title, wait
):
    limits("search", "4/h burst 5", "100/h burst 100")
    visitor = browser()
    url = f"/{language}/search/"
    assert statuses(visitor, 5, url, data={"q": "violencia"}) == [200] * 5
    response = visitor.get(url, {"q": "violencia"})
    assert response.status_code == 429
    assert 890 <= int(response["Retry-After"]) <= 900
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert wait in html
    assert '<header class="site-header' in html  # the site's own page, with its header


def test_a_second_client_is_served_while_the_first_waits(limits):
    limits("search", "3/h", "100/h")
    first = browser()
    assert statuses(first, 4, "/es/search/", data={"q": "piura"}) == [200, 200, 200, 429]
    assert browser("198.51.100.20").get("/es/search/", {"q": "piura"}).status_code == 200
    # Another browser behind the same address too: it gets its own allowance.
    colleague = browser()
    assert statuses(colleague, 4, "/es/search/", data={"q": "piura"}) == [200, 200, 200, 429]
    assert first.get("/es/search/", {"q": "piura"}).status_code == 429


def test_browsers_behind_one_address_are_limited_separately_up_to_its_ceiling(limits):
    # One browser: 4 at once. The address: 10 at once, all its browsers together.
    limits("search", "4/h burst 4", "10/h burst 10")
    url, query = "/es/search/", {"q": "ayacucho"}
    first, second, third = browser(), browser(), browser()
    assert statuses(first, 5, url, data=query) == [200] * 4 + [429]
    assert statuses(second, 5, url, data=query) == [200] * 4 + [429]
    # 8 of the address's 10 are spent: the third browser gets the last two.
    assert statuses(third, 3, url, data=query) == [200, 200, 429]
    assert browser().get(url, query).status_code == 429
    assert browser("198.51.100.30").get(url, query).status_code == 200


def test_a_forged_client_cookie_counts_as_no_cookie(limits):
    limits("search", "2/h", "100/h")
    url, query = "/es/search/", {"q": "lima"}
    for attempt in range(4):
        forger = browser()
        forger.cookies[CLIENT_COOKIE] = f"made-up-{attempt}"
        expected = 200 if attempt < 2 else 429
        assert forger.get(url, query).status_code == expected
    genuine = browser()
    genuine.get(url, query)  # cookieless: refused, but it hands out a signed cookie
    assert genuine.cookies[CLIENT_COOKIE].value
    assert genuine.get(url, query).status_code == 200


def test_the_client_cookie_is_private_to_the_browser(limits, settings):
    limits("autocomplete", "100/h", "100/h")
    response = browser().get("/es/search/autocomplete/", {"q": "vi"})
    cookie = response.cookies[CLIENT_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


# JSON for scripts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "Espere {} segundos y vuelva a intentarlo."),
        ("en", "Please wait {} seconds and try again."),
    ],
)
def test_autocomplete_answers_429_in_json(limits, language, message):
    limits("autocomplete", "2/min burst 3", "100/min")
    visitor = browser()
    url = f"/{language}/search/autocomplete/"
    assert statuses(visitor, 3, url, data={"q": "vi"}) == [200] * 3
    response = visitor.get(url, {"q": "vi"})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 29 <= int(response["Retry-After"]) <= 30
    body = response.json()
    assert body["retry_after"] == int(response["Retry-After"])
    assert body["message"] == message.format(body["retry_after"])


def test_api_searches_are_limited_and_answer_json(limits):
    limits("search", "2/h", "100/h")
    visitor = browser()
    assert statuses(visitor, 2, "/api/v2/pages/", data={"search": "violencia"}) == [200] * 2
    response = visitor.get("/api/v2/pages/", {"search": "violencia"})
    assert response.status_code == 429
    assert response.json()["retry_after"] >= 1
    # A listing without a search costs no more than a page: not limited.
    assert visitor.get("/api/v2/pages/").status_code == 200


# Downloads ------------------------------------------------------------------------------------


def test_document_downloads_and_the_training_zip_are_limited(
    limits,
    make_document,  # noqa: F811
    make_material,  # noqa: F811
):
    limits("download", "3/h", "100/h")
    document = make_document("es", "pdf", "Guía")
    material = make_material(documents=[document])
    visitor = browser()
    assert statuses(visitor, 3, document.url) == [200, 200, 200]
    response = visitor.get(document.url)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert visitor.get(material.archive_url("es")).status_code == 429
    other = browser("198.51.100.40")
    response = other.get(material.archive_url("es"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    b"".join(response.streaming_content)


# Sign-in and page passwords ----------------------------------------------------------------


def test_sign_in_attempts_are_limited_but_the_form_is_always_shown(limits):
    limits("login", "3/h", "100/h")
    visitor = browser()
    login = reverse("wagtailadmin_login")
    # A different user name each time, so django-axes's lockout (per name) stays out of it.
    answers = [
        visitor.post(login, {"username": f"nobody{n}", "password": "wrong"}).status_code
        for n in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]
    response = visitor.post(
        login, {"username": "nobody9", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    assert "Too many requests" in response.content.decode()
    assert visitor.get(login).status_code == 200


@pytest.mark.parametrize(
    ("language", "title"), [("es", "Demasiadas solicitudes"), ("en", "Too many requests")]
)
def test_page_password_guesses_are_limited(limits, home, language, title):
    limits("password", "3/h", "100/h")
    page = StandardPage(title_es="Acta reservada", slug_es=f"acta-{uuid.uuid4().hex[:8]}")
    home.add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="huamanga-2019"
    )
    url = f"/{language}/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    visitor = browser()
    guesses = [
        visitor.post(url, {"password": f"guess{n}", "return_url": "/"}).status_code
        for n in range(5)
    ]
    assert guesses == [200, 200, 200, 429, 429]
    response = visitor.post(url, {"password": "huamanga-2019", "return_url": "/"})
    assert response.status_code == 429
    assert title in response.content.decode()
    # The form itself is still shown, and another visitor may enter.
    assert visitor.get(page.url).status_code == 200
    other = browser("198.51.100.50")
    assert other.post(url, {"password": "huamanga-2019", "return_url": "/"}).status_code == 302


# When the cache is down ---------------------------------------------------------------------


@pytest.fixture
def unreachable_cache(settings, monkeypatch):
    """REDIS_URL naming a port where nothing listens: Redis stopped, or out of reach."""
    from config import cache
    from config.settings.base import cache_settings
    from tests.live import free_port

    monkeypatch.setattr(cache, "_down_until", {})
    settings.CACHES = cache_settings(f"redis://127.0.0.1:{free_port()}/0", "down")


def test_a_cache_that_does_not_answer_lets_requests_through(settings, unreachable_cache):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {
        **settings.RATELIMITS,
        "autocomplete": {"client": "1/h", "address": "1/h"},
    }
    visitor = browser()
    assert statuses(visitor, 3, "/es/search/autocomplete/", data={"q": "vi"}) == [200] * 3


def test_a_redis_that_does_not_answer_is_a_cache_miss_not_an_error(unreachable_cache, home):
    import redis
    from django.core.cache import caches

    visitor = browser()
    # Wagtail reads the cache for every page it links to.
    assert visitor.get("/es/").status_code == 200
    assert caches["default"].is_down()
    assert visitor.get("/en/search/", {"q": "violencia"}).status_code == 200
    assert caches["default"].get("anything", "missing") == "missing"
    # An invalidation is never dropped silently.
    with pytest.raises(redis.exceptions.ConnectionError):
        caches["default"].delete("anything")
