"""/healthz, /readyz and the site status panel: real database, cache, Elasticsearch and files.

Parts are made unreachable for real: a port where nothing listens for Elasticsearch and
Redis, a server process whose DATABASE_URL names such a port, a media folder that is gone.
"""

import datetime
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from tests.live import BASE_DIR, free_port
from tests.search.conftest import drop_indices, make_elasticsearch_backend

pytestmark = pytest.mark.django_db

SECRET = "hunter2-not-for-logs"


@pytest.fixture
def closed_port():
    """A port where nothing listens: connections are refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def use_elasticsearch(settings, url, index="quipu_health_unused"):
    backends = dict(settings.SEARCH_BACKENDS)
    backends["elasticsearch"] = {
        **backends["elasticsearch"],
        "URL": url,
        "INDEX": index,
        "TIMEOUT": 2,
    }
    settings.SEARCH_BACKENDS = backends
    settings.SEARCH_ENGINE = "elasticsearch"


def readyz(client=None):
    response = (client or Client()).get("/readyz")
    return response, json.loads(response.content)


def assert_nothing_secret(body):
    text = body if isinstance(body, str) else json.dumps(body)
    assert SECRET not in text
    assert "://" not in text
    assert "127.0.0.1" not in text


def test_healthz_answers_without_touching_anything(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405


def test_readyz_answers_200_on_a_healthy_site(settings):
    settings.SEARCH_ENGINE = "database"
    response, body = readyz()
    assert response.status_code == 200, body
    assert "no-store" in response["Cache-Control"]
    assert body["status"] == "ok" and body["down"] == []
    assert set(body["checks"]) == {"database", "cache", "search", "storage", "tasks"}
    for name in ("database", "cache", "search", "storage"):
        assert body["checks"][name]["status"] == "ok", (name, body)
        assert body["checks"][name]["required"] is True
    assert body["checks"]["search"]["engine"] == "database"
    assert body["checks"]["search"]["answering"] == "database"
    assert_nothing_secret(body)


def test_readyz_names_search_when_the_configured_elasticsearch_is_unreachable(
    settings, closed_port
):
    use_elasticsearch(settings, f"http://quipu:{SECRET}@127.0.0.1:{closed_port}")
    started = time.monotonic()
    response, body = readyz()
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert body["down"] == ["search"]
    search = body["checks"]["search"]
    assert search["status"] == "down"
    assert search["engine"] == "elasticsearch"
    # Visitors' searches are answered by the database engine meanwhile.
    assert search["answering"] == "database"
    assert body["checks"]["database"]["status"] == "ok"
    assert_nothing_secret(body)


def test_readyz_answers_200_when_elasticsearch_answers(settings, elasticsearch_url):
    backend = make_elasticsearch_backend(url=elasticsearch_url)
    backend.ensure_index()
    try:
        use_elasticsearch(settings, elasticsearch_url, index=backend.alias)
        response, body = readyz()
        assert response.status_code == 200, body
        search = body["checks"]["search"]
        assert search["answering"] == "elasticsearch"
        assert search["documents"] == 0
        assert search["cluster"] in {"green", "yellow"}
        assert search["nodes"] >= 1
    finally:
        drop_indices(backend)


def test_readyz_names_the_cache_when_redis_does_not_answer(settings, closed_port):
    from config.settings.base import cache_settings

    settings.CACHES = cache_settings(f"redis://:{SECRET}@127.0.0.1:{closed_port}/0", "health")
    response, body = readyz()
    assert response.status_code == 503
    assert body["down"] == ["cache"]
    assert body["checks"]["cache"]["backends"] == {"default": "redis"}
    assert_nothing_secret(body)


def test_readyz_names_storage_when_the_media_folder_is_gone(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "gone"
    response, body = readyz()
    assert response.status_code == 503
    assert body["down"] == ["storage"]
    assert_nothing_secret(body)


def test_readyz_reaches_the_bucket_when_media_is_in_object_storage(object_storage, settings):
    settings.SEARCH_ENGINE = "database"
    response, body = readyz()
    assert response.status_code == 200, body
    assert body["checks"]["storage"]["backends"] == {"default": "object storage"}
    object_storage.destroy()
    response, body = readyz()
    assert response.status_code == 503
    assert body["down"] == ["storage"]
    assert_nothing_secret(body)
    assert object_storage.name not in json.dumps(body)
    object_storage.create()  # for the fixture's clean-up


def test_a_queue_no_worker_empties_is_reported_without_503(settings):
    from search.tasks import retry_pending_changes

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    result = retry_pending_changes.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response, body = readyz()
    assert response.status_code == 200, body
    tasks = body["checks"]["tasks"]
    assert tasks["backend"] == "database"
    assert tasks["queued"] >= 1
    assert tasks["oldest_queued_seconds"] >= 3600
    assert tasks["status"] == "warning" and body["status"] == "degraded"

    settings.HEALTH_REQUIRED = ["database", "tasks"]
    assert readyz()[0].status_code == 200  # a warning is not down


def test_health_is_never_rate_limited_nor_cached(settings):
    settings.RATELIMIT_ENABLED = True
    settings.RATELIMITS = {
        scope: {"client": "1/h burst 1", "address": "1/h burst 1"} for scope in settings.RATELIMITS
    }
    settings.SEARCH_ENGINE = "database"
    client = Client()
    for _attempt in range(15):
        for path in ("/healthz", "/readyz"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "Set-Cookie" not in response or "quipu_client" not in str(response.cookies)
    # The limits are on: a search is refused after the first.
    assert client.get("/es/search/?q=protocolo").status_code == 200
    assert client.get("/es/search/?q=protocolo").status_code == 429


# Dashboard panel ----------------------------------------------------------------------------


def staff(username, *, superuser=False, group="Editors", language="en"):
    """A signed-in client of a new staff member who reads the admin in `language`."""
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_user(
        username=username, password="correct horse battery staple", is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def test_administrators_see_the_site_status_and_the_search_fallback(settings, closed_port):
    use_elasticsearch(settings, f"http://quipu:{SECRET}@127.0.0.1:{closed_port}")
    for client in (
        staff("status-root", superuser=True, group=None),
        staff("status-admin", group="Administrators"),
    ):
        response = client.get("/admin/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "Site status" in page
        assert "Search is answering from the database engine (the fallback)" in page
        assert "Down" in page
        assert SECRET not in page
    page = staff("status-raiz", superuser=True, language="es").get("/admin/").content.decode()
    assert "Estado del sitio" in page
    assert "La búsqueda responde desde el motor de la base de datos" in page
    assert SECRET not in page


def test_other_staff_do_not_see_the_site_status(settings):
    settings.SEARCH_ENGINE = "database"
    page = staff("status-editor").get("/admin/").content.decode()
    assert "quipu-site-status-title" not in page


def test_the_panel_shows_a_backlog_of_changes_waiting_for_elasticsearch(
    settings, elasticsearch_url
):
    from search.models import PendingChange

    backend = make_elasticsearch_backend(url=elasticsearch_url)
    backend.ensure_index()
    try:
        use_elasticsearch(settings, elasticsearch_url, index=backend.alias)
        PendingChange.objects.bulk_create(
            PendingChange(object_key=f"page:{800000 + number}", engine="elasticsearch")
            for number in range(150)
        )
        _response, body = readyz()
        assert body["checks"]["search"]["pending_changes"]["elasticsearch"] == 150
        assert body["checks"]["search"]["status"] == "warning"
        page = staff("status-backlog", superuser=True).get("/admin/").content.decode()
        assert "150 changes are waiting to reach the search index." in page
        assert "Search is answering from Elasticsearch." in page
    finally:
        drop_indices(backend)


# A server whose database is unreachable -----------------------------------------------------


def test_a_server_whose_database_is_unreachable_is_alive_but_not_ready(tmp_path, closed_port):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://quipu:{SECRET}@127.0.0.1:{closed_port}/quipu",
        "MEDIA_ROOT": str(tmp_path),
        "SEARCH_ENGINE": "database",
        "TEST_SHARED_CACHE": "0",
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:  # noqa: S310
                    assert response.status == 200
                    assert json.loads(response.read()) == {"status": "ok"}
                    break
            except (urllib.error.URLError, OSError):
                assert server.poll() is None, (tmp_path / "server.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.25)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/readyz", timeout=30)  # noqa: S310
        assert refused.value.code == 503
        body = json.loads(refused.value.read())
        assert "database" in body["down"]
        assert body["checks"]["database"]["status"] == "down"
        assert_nothing_secret(body)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
