"""Two app servers, each a process with its own memory, agree on rate limits through Redis."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.live import BASE_DIR, _gunicorn_options, _stop, free_port

pytestmark = pytest.mark.django_db

START_TIMEOUT = 60


def database_url():
    """The pytest test database, for the servers to read (the limited view needs nothing else)."""
    from django.db import connection

    settings = connection.settings_dict
    if "sqlite" in settings["ENGINE"]:
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or 'localhost'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def fetch(url, cookie=None):
    """(status, headers) of a GET, with no cookie jar: only the cookie given is sent."""
    request = urllib.request.Request(url)  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def start_server(env, folder):
    """A gunicorn server of one process; returns (process, url, log path) without waiting."""
    port = free_port()
    log_path = folder / f"server-{port}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers=1",
                "--threads=2",
                "--graceful-timeout=2",
                f"--bind=127.0.0.1:{port}",
                *_gunicorn_options(),
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return process, f"http://127.0.0.1:{port}", log_path


def wait_until_serving(process, url, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    while fetch_quietly(f"{url}/robots.txt") != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server did not start:\n{log_path.read_text()[-4000:]}")
        time.sleep(0.2)


def fetch_quietly(url):
    try:
        return fetch(url)[0]
    except OSError:
        return None


@pytest.fixture
def two_servers(redis_url, django_db_setup, tmp_path):
    """Two gunicorn servers (one process each) on one Redis, with small autocomplete limits."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "TEST_SHARED_CACHE": "1",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
        "RATELIMIT_ENABLED": "1",
        "RATELIMIT_AUTOCOMPLETE_CLIENT": "3/h burst 3",
        "RATELIMIT_AUTOCOMPLETE_ADDRESS": "100/h burst 100",
        "PYTHONUNBUFFERED": "1",
    }
    servers = [start_server(env, tmp_path) for _ in range(2)]
    try:
        for server in servers:
            wait_until_serving(*server)
        yield [url for _process, url, _log in servers]
    finally:
        for process, _url, _log in servers:
            _stop(process)
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{env['CACHE_KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


def test_two_app_servers_count_one_clients_requests_together(two_servers):
    first, second = two_servers
    path = "/es/search/autocomplete/?q=a"
    # Scripts that send no cookie share one allowance per address, whichever server answers.
    answers = [fetch(f"{server}{path}") for server in (first, second, first, second)]
    assert [status for status, _headers in answers] == [200, 200, 200, 429]
    _status, headers = answers[-1]
    assert int(headers["Retry-After"]) > 0
    # A browser's own allowance (its cookie, handed out even with the 429) is shared too.
    cookie = headers["Set-Cookie"].split(";")[0]
    statuses = [fetch(f"{server}{path}", cookie)[0] for server in (second, first, second, first)]
    assert statuses == [200, 200, 200, 429]
