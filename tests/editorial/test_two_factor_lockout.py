"""Sign-in lockout behind a reverse proxy: keyed on user name and the client's own address."""

import pytest
from django.test import Client, RequestFactory

from core.security import client_address
from tests.test_settings_and_setup import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
PROXY = "10.0.0.2"


def behind_proxy(forwarded_for):
    """A browser whose requests all reach Quipu from the proxy's address."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def fail_until_locked(client, username, limit):
    for _attempt in range(limit):
        client.post("/admin/login/", {"username": username, "password": "wrong"})


def signs_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code in {302, 429}
    return response.status_code == 302


def test_two_clients_behind_one_proxy_are_locked_separately(people, settings):
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.TRUSTED_PROXY_COUNT = 1
    username = people["editor"].username
    attacker = behind_proxy("203.0.113.7")
    colleague = behind_proxy("198.51.100.20")

    fail_until_locked(attacker, username, settings.AXES_FAILURE_LIMIT)
    assert not signs_in(attacker, username)
    # The same account, the same proxy, another person: not locked.
    assert signs_in(colleague, username)

    # Putting another address in front of the header does not escape the lock: only the entry
    # the proxy appended counts.
    spoofing = behind_proxy("192.0.2.1, 203.0.113.7")
    assert not signs_in(spoofing, username)


def test_without_proxy_settings_the_header_is_ignored(people, settings):
    settings.TRUSTED_PROXY_HEADER = ""
    username = people["moderator"].username
    fail_until_locked(behind_proxy("203.0.113.7"), username, settings.AXES_FAILURE_LIMIT)
    # A forged header does not make a new client: the lock is on the connection's address.
    assert not signs_in(behind_proxy("198.51.100.20"), username)


@pytest.mark.parametrize(
    "header,count,value,expected",
    [
        ("", 1, "203.0.113.7", PROXY),
        ("X-Forwarded-For", 1, "203.0.113.7", "203.0.113.7"),
        ("X-Forwarded-For", 1, "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        # A CDN then a local proxy: the CDN appended the client, the local proxy the CDN.
        ("X-Forwarded-For", 2, "1.1.1.1, 203.0.113.7, 198.51.100.1", "203.0.113.7"),
        # Fewer entries than proxies: the request skipped the outer one; the first is real.
        ("X-Forwarded-For", 2, "203.0.113.7", "203.0.113.7"),
        ("X-Forwarded-For", 1, "203.0.113.7:51234", "203.0.113.7"),
        ("X-Forwarded-For", 1, "[2001:db8::7]:443", "2001:db8::7"),
        ("X-Forwarded-For", 1, "2001:db8::7", "2001:db8::7"),
        ("X-Forwarded-For", 1, "not-an-address", PROXY),
        ("X-Forwarded-For", 1, "", PROXY),
        ("X-Real-IP", 1, "203.0.113.7", "203.0.113.7"),
    ],
)
def test_client_address(settings, header, count, value, expected):
    settings.TRUSTED_PROXY_HEADER = header
    settings.TRUSTED_PROXY_COUNT = count
    meta_key = "HTTP_" + (header or "X-Forwarded-For").upper().replace("-", "_")
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **{meta_key: value})
    assert client_address(request) == expected


def test_check_deploy_is_clean_behind_a_proxy():
    env = {**PRODUCTION_ENV, "TRUSTED_PROXY_HEADER": "X-Forwarded-For", "TRUSTED_PROXY_COUNT": "2"}
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env_overrides=env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("count", ["0", "two", "-1"])
def test_a_wrong_proxy_count_stops_the_site_with_a_clear_message(count):
    result = manage("check", env_overrides={**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": count})
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
