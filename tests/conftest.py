"""Fixtures shared by the whole suite.

The suite runs on whatever DATABASE_URL names (SQLite by default, PostgreSQL in CI). A test
database holds only the home page as the site's root (the editorial roles come from
migrations); tests build what they need with tests/builders.py inside their own transaction.
The few tests that are about the demo itself ask for the `demo` fixture: they run after all
the others, on the demo loaded once and rolled back at the end of the session.

Services: under CI (CI=true) a missing service fails the run; on a laptop the tests that need
it skip with one line saying what is missing.
"""

import os
import shutil
import uuid

import pytest

REDIS_URL = os.environ.get("REDIS_URL", "").strip()


def pytest_ignore_collect(collection_path, config):
    """tests/third_language/ runs only with its own settings (a third site language); the
    main run starts it in a process of its own (tests/test_third_language.py)."""
    if collection_path.name == "third_language":
        from django.conf import settings

        return len(settings.LANGUAGES) < 3
    return None


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
    # The tests on the demo run last, so that no other test ever sees the demo's content.
    items.sort(key=lambda item: "demo" in getattr(item, "fixturenames", ()))


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
    """What every test starts from: the home page as the default site's root (the editorial
    roles come from migrations). Tests build the rest; the demo is an explicit fixture."""
    from tests.builders import site_home

    with django_db_blocker.unblock():
        home = site_home()
        if home.get_children().exists():
            pytest.exit(
                "The test database holds pages beside the home page: it was made when every "
                "test database loaded the demo. Run the tests once with --create-db.",
                returncode=4,
            )


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The bilingual demo of every app, for the tests about the demo itself.

    Loaded once, the first time a test asks for it, inside a transaction that stays open
    until the end of the session and is then rolled back, so the test database (kept with
    --reuse-db) never holds it; each test's own transaction is a savepoint inside it. The
    tests that ask for it run after all the others (see pytest_collection_modifyitems).
    Work deferred to a commit (text extraction, search indexing) runs as the load goes, as
    it would after the command's commits.
    """
    from django.db import connection, transaction
    from django.test import TestCase

    from core.demo.records import Loader
    from core.management.commands.load_demo import Command

    def quiet(label, created):
        pass

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                Loader(quiet).load()
                for _label, hook in Command().demo_hooks():
                    hook.after_load(quiet)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True, using=connection.alias)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="session")
def indexed_demo(demo, django_db_blocker):
    """The demo content in the database engine's index, built once per session."""
    from search import get_backend
    from search.indexing import all_documents

    with django_db_blocker.unblock():
        get_backend("database").rebuild(all_documents())


@pytest.fixture
def home(db):
    from core.models import HomePage

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


# Object storage ------------------------------------------------------------------------------
# A real S3-compatible server for the tests of media in a bucket: moto's server (moto[server],
# a test dependency) started as its own process on a free port, shared by the whole session.
# TEST_S3_ENDPOINT_URL points the tests at another S3-compatible server instead (MinIO, say),
# with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY for it in the environment.
TEST_S3_ENDPOINT_URL = os.environ.get("TEST_S3_ENDPOINT_URL", "").strip()
S3_TEST_REGION = "us-east-1"


def s3_client(endpoint_url):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=S3_TEST_REGION,
        aws_access_key_id=os.environ.get("AWS_ACCESS_KEY_ID", "quipu-test"),
        aws_secret_access_key=os.environ.get("AWS_SECRET_ACCESS_KEY", "quipu-test-secret"),
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 2}),
    )


def s3_is_up(endpoint_url):
    try:
        s3_client(endpoint_url).list_buckets()
    except Exception:
        return False
    return True


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """The endpoint URL of an S3-compatible server process, for the whole session."""
    import importlib.util
    import subprocess
    import sys
    import time

    if TEST_S3_ENDPOINT_URL:
        require_service(
            s3_is_up(TEST_S3_ENDPOINT_URL),
            f"no S3-compatible server answers at TEST_S3_ENDPOINT_URL={TEST_S3_ENDPOINT_URL!r}",
        )
        yield TEST_S3_ENDPOINT_URL
        return
    require_service(
        importlib.util.find_spec("moto") is not None and importlib.util.find_spec("flask"),
        "moto's S3 server is not installed (pip install 'moto[server]', part of the test extras)",
    )
    from tests.live import free_port

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("s3-server") / "moto.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + 30
        while not s3_is_up(endpoint):
            if process.poll() is not None or time.monotonic() > deadline:
                require_service(
                    False,
                    f"moto's S3 server did not start: {log_path.read_text(errors='replace')[-2000:]}",
                )
            time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def s3_environment(endpoint_url, bucket):
    """The environment that puts a Quipu process's media in `bucket` (as production sets it)."""
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint_url,
        "AWS_S3_REGION_NAME": S3_TEST_REGION,
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": os.environ.get("AWS_ACCESS_KEY_ID", "quipu-test"),
        "AWS_SECRET_ACCESS_KEY": os.environ.get("AWS_SECRET_ACCESS_KEY", "quipu-test-secret"),
    }


class Bucket:
    """A bucket of its own for one test, read directly from the server (not through Django)."""

    def __init__(self, endpoint_url, name):
        self.endpoint_url = endpoint_url
        self.name = name
        self.client = s3_client(endpoint_url)

    def keys(self, prefix=""):
        keys = []
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        ):
            keys.extend(item["Key"] for item in page.get("Contents", []))
        return set(keys)

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def create(self):
        self.client.create_bucket(Bucket=self.name)

    def destroy(self):
        keys = sorted(self.keys())
        for start in range(0, len(keys), 1000):
            self.client.delete_objects(
                Bucket=self.name,
                Delete={"Objects": [{"Key": key} for key in keys[start : start + 1000]]},
            )
        self.client.delete_bucket(Bucket=self.name)


@pytest.fixture
def object_storage(s3_server, settings):
    """Media in a fresh private bucket for this test, as AWS_STORAGE_BUCKET_NAME selects it.

    Yields the Bucket, to look at what really reached the server.
    """
    bucket = Bucket(s3_server, f"quipu-test-{uuid.uuid4().hex[:12]}")
    bucket.create()
    for name, value in s3_environment(s3_server, bucket.name).items():
        setattr(settings, name, value)
    settings.MEDIA_IN_OBJECT_STORAGE = True
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.storage.MediaStorage"},
    }
    from django.core.files.storage import default_storage

    from core.storage import MediaStorage

    assert isinstance(default_storage, MediaStorage)
    yield bucket
    bucket.destroy()
