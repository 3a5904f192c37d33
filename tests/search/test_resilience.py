"""Elasticsearch down, slow or back: search keeps answering and nothing is lost."""

import logging
import socket
import threading
import time
import uuid

import pytest
from django.db import connection

from core.models import StandardPage
from search import get_engine
from search.backends.base import SearchUnavailable
from search.models import PendingChange
from search.query import SearchQuery
from tests import builders
from tests.search import corpus
from tests.search.conftest import make_elasticsearch_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port_url():
    """An address where nothing listens: connections are refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def silent_server_url():
    """A server that accepts connections and never answers: only a timeout gets out."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.1)
    held, stop = [], threading.Event()

    def accept():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join(timeout=1)
    for conn in held:
        conn.close()
    server.close()


def use_elasticsearch(settings, url, index="quipu_unused", **options):
    backends = dict(settings.SEARCH_BACKENDS)
    backends["elasticsearch"] = {
        **backends["elasticsearch"],
        "URL": url,
        "INDEX": index,
        "TIMEOUT": 0.5,
        "RETRIES": 1,
        **options,
    }
    settings.SEARCH_BACKENDS = backends
    settings.SEARCH_ENGINE = "elasticsearch"


@pytest.fixture
def indexed(home, django_capture_on_commit_callbacks):
    """Pages in the database engine's index that the searches below find."""
    with django_capture_on_commit_callbacks(execute=True):
        builders.standard_page(
            home,
            title_es="Capacitación de operadores en el protocolo del CEM",
            title_en="Training of operators in the CEM protocol",
            intro_es="Capacitación sobre el protocolo de actuación conjunta.",
            intro_en="Training on the joint action protocol of the CEM.",
        )


def timed(function):
    started = time.monotonic()
    result = function()
    return result, time.monotonic() - started


def test_database_answers_when_elasticsearch_refuses(indexed, settings, closed_port_url, caplog):
    use_elasticsearch(settings, closed_port_url)
    with caplog.at_level(logging.WARNING, logger="quipu.search"):
        results, elapsed = timed(
            lambda: get_engine().search(SearchQuery(text="capacitación", language="es"))
        )
    assert results.is_fallback
    assert results.engine == "database"
    assert results.total > 0
    assert elapsed < 2
    assert any("database engine answers" in record.getMessage() for record in caplog.records)


def test_database_answers_within_the_timeout_when_elasticsearch_hangs(
    indexed, settings, silent_server_url
):
    use_elasticsearch(settings, silent_server_url)
    engine = get_engine()
    results, elapsed = timed(lambda: engine.search(SearchQuery(text="protocolo", language="es")))
    assert results.is_fallback and results.total > 0
    # 0.5 s timeout, tried twice at most; never the default 10 s of the client.
    assert elapsed < 2.5
    # During the cool-down the silent server is not even tried.
    results, elapsed = timed(lambda: engine.search(SearchQuery(text="CEM", language="en")))
    assert results.is_fallback and results.total > 0
    assert elapsed < 0.5


def test_search_page_is_normal_when_elasticsearch_is_down(
    indexed, settings, closed_port_url, client
):
    use_elasticsearch(settings, closed_port_url)
    response = client.get("/es/search/", {"q": "capacitación"})
    assert response.status_code == 200
    assert b"<mark>" in response.content
    response = client.get("/es/search/autocomplete/", {"q": "capa"})
    assert response.status_code == 200
    assert response.json()["results"]


def test_publishing_completes_quickly_when_elasticsearch_hangs(
    home, settings, silent_server_url, django_capture_on_commit_callbacks
):
    use_elasticsearch(settings, silent_server_url)
    page = StandardPage(title_es="Publicado sin Elasticsearch quipusinservidor", slug_es="sin-es")
    home.add_child(instance=page)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert time.monotonic() - started < 2
    results = get_engine().search(SearchQuery(text="quipusinservidor", language="es"))
    assert [hit.object_key for hit in results.hits] == [f"page:{page.pk}"]
    assert PendingChange.objects.filter(
        engine="elasticsearch", object_key=f"page:{page.pk}"
    ).exists()


def test_missed_changes_reach_elasticsearch_when_it_is_back(
    home, settings, closed_port_url, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    use_elasticsearch(settings, closed_port_url)
    page = StandardPage(title_es="Cambio pendiente quipupendiente", slug_es="pendiente-es")
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert PendingChange.objects.filter(engine="elasticsearch").exists()

    use_elasticsearch(
        settings,
        fresh_elasticsearch.url,
        index=fresh_elasticsearch.alias,
        REFRESH="wait_for",
        TIMEOUT=10,
    )
    remaining = get_engine().retry_pending(due_only=False)
    assert remaining == 0
    assert fresh_elasticsearch.keys_for([f"page:{page.pk}"])
    results = get_engine().search(SearchQuery(text="quipupendiente", language="es"))
    assert results.engine == "elasticsearch"
    assert [hit.object_key for hit in results.hits] == [f"page:{page.pk}"]


def test_elasticsearch_follows_publish_and_unpublish(
    home, settings, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    use_elasticsearch(
        settings,
        fresh_elasticsearch.url,
        index=fresh_elasticsearch.alias,
        REFRESH="wait_for",
        TIMEOUT=10,
    )
    page = StandardPage(title_es="Visible y luego no quipuvaivem", slug_es="vaivem")
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    query = SearchQuery(text="quipuvaivem", language="es")
    assert get_engine().search(query).engine == "elasticsearch"
    assert get_engine().search(query).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert fresh_elasticsearch.keys_for([f"page:{page.pk}"]) == []
    assert get_engine().search(query).total == 0


def test_rebuild_swaps_indices_while_searches_answer(fresh_elasticsearch):
    backend = fresh_elasticsearch
    backend.index(corpus.documents())
    old_indices = backend._indices_of(backend.alias)
    seen_during_rebuild = []

    def documents():
        for position, document in enumerate(corpus.documents()):
            if position == 3:
                results = backend.search(SearchQuery(text="capacitación", language="es"))
                seen_during_rebuild.append(results.total)
            if document.object_key != "page:900006":
                yield document

    backend.rebuild(documents())
    assert seen_during_rebuild and seen_during_rebuild[0] >= 2
    new_indices = backend._indices_of(backend.alias)
    assert new_indices and set(new_indices).isdisjoint(old_indices)
    assert not backend.client.indices.exists(index=old_indices[0])
    after = backend.search(SearchQuery(text="capacitación", language="es"))
    assert "page:900006:es" not in [hit.key for hit in after.hits]


def test_writes_during_a_rebuild_reach_the_new_index(fresh_elasticsearch):
    backend = fresh_elasticsearch
    backend.index(corpus.documents()[:2])
    late = corpus.documents()[4]

    def documents():
        yield corpus.documents()[0]
        backend.index([late])

    backend.rebuild(documents())
    assert backend.keys_for([late.object_key]) == [late.key]


def test_unreachable_engine_raises_search_unavailable(closed_port_url):
    backend = make_elasticsearch_backend(url=closed_port_url, timeout=0.5)
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="x", language="es"))
    assert not backend.health().is_healthy


def test_index_uses_test_prefixed_names(fresh_elasticsearch):
    assert fresh_elasticsearch.alias.startswith("test_")
    assert connection.vendor in {"sqlite", "postgresql"}
    assert uuid.UUID(int=0)
