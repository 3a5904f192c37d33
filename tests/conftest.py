"""Fixtures shared by the whole suite.

The suite runs on whatever DATABASE_URL names (SQLite by default, PostgreSQL in CI). The
bilingual demo content is loaded once per test database and reused across runs (--reuse-db);
tests build anything else they need inside their own transaction.

Services: under CI (CI=true) a missing service fails the run; on a laptop the tests that need
it skip with one line saying what is missing.
"""

import os
import shutil
import uuid

import pytest

REDIS_URL = os.environ.get("REDIS_URL", "").strip()


def pytest_collection_modifyitems(config, items):
    """Tests marked for one database run in the pass on that database; the others deselect them.

    CI runs the whole suite once on SQLite and once on PostgreSQL, so every such test runs in
    one of the two passes; deselecting (not skipping) keeps "no skips under CI" meaningful.
    """
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    vendor = "postgresql" if "postgresql" in engine else "sqlite" if "sqlite" in engine else engine
    selected, deselected = [], []
    for item in items:
        marker = item.get_closest_marker("database_vendor")
        (deselected if marker and marker.args[0] != vendor else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def require_service(available, reason):
    """Skip on a laptop, fail under CI, when a service a test needs is not there."""
    if available:
        return
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"required service missing under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def redis_is_up(url):
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except Exception:
        return False


@pytest.fixture(scope="session")
def redis_url():
    require_service(
        bool(REDIS_URL) and redis_is_up(REDIS_URL),
        f"Redis is not reachable at REDIS_URL={REDIS_URL!r} "
        "(start one with `bash .ci/redis.sh start` and export the URL it prints)",
    )
    return REDIS_URL


@pytest.fixture
def shared_cache(redis_url, settings):
    """The default cache on Redis, as several app servers share it, under this test's own prefix.

    Yields the prefix; the test's keys are deleted afterwards.
    """
    import redis
    from django.core.cache import caches

    from config.settings.base import cache_settings

    prefix = f"test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = cache_settings(redis_url, prefix)
    assert caches["default"].__class__.__name__ == "RedisCache"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, as it starts with its own transaction."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo content of every app, loaded once into the test database; loaders are idempotent."""
    from knowledge.management.commands.load_demo import Command

    def quiet(label, created):
        pass

    with django_db_blocker.unblock():
        loaders = [loader for _label, loader in Command().demo_loaders()]
        for loader in loaders:
            loader.load(quiet)
        for loader in loaders:
            if hasattr(loader, "link"):
                loader.link(quiet)


@pytest.fixture
def home(db):
    from knowledge.models import HomePage

    return HomePage.objects.get()


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    require_service(
        os.path.exists(path) or shutil.which(path),
        f"Chromium not found at {path} (apt-get install chromium, or set CHROMIUM_PATH)",
    )
    return path


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """A real gunicorn server on its own demo database and media, for the whole session."""
    from tests.live import running_site

    with running_site(tmp_path_factory.mktemp("live-site")) as site:
        yield site
