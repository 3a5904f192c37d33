"""Search fixtures: real engines, test-only indices, and the demo indexed once for the judged set."""

import os
import uuid

import pytest

from tests.conftest import require_service

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")


def elasticsearch_is_up(url):
    from elasticsearch import Elasticsearch

    try:
        return Elasticsearch(url, request_timeout=3, max_retries=0).ping()
    except Exception:
        return False


def make_elasticsearch_backend(**options):
    from search.backends.elasticsearch import ElasticsearchSearchBackend

    defaults = {
        "url": ELASTICSEARCH_URL,
        "index": f"test_quipu_{uuid.uuid4().hex[:10]}",
        "refresh": "wait_for",
        "timeout": 10,
    }
    return ElasticsearchSearchBackend(**{**defaults, **options})


@pytest.fixture(scope="session")
def elasticsearch_url():
    require_service(
        elasticsearch_is_up(ELASTICSEARCH_URL),
        f"Elasticsearch is not reachable at {ELASTICSEARCH_URL} "
        "(start it with `bash .ci/elasticsearch.sh start`)",
    )
    return ELASTICSEARCH_URL


@pytest.fixture(scope="session")
def elasticsearch_corpus(elasticsearch_url):
    """A test_-prefixed index holding the contract corpus, for tests that only read."""
    from tests.search import corpus

    backend = make_elasticsearch_backend(url=elasticsearch_url)
    backend.index(corpus.documents())
    yield backend
    drop_indices(backend)


def drop_indices(backend):
    """Deletes every index whose name starts with the backend's test_ alias."""
    for name in backend.client.indices.get(index=f"{backend.alias}*", ignore_unavailable=True):
        backend.client.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def fresh_elasticsearch(elasticsearch_url):
    """An empty test_-prefixed index of its own, dropped after the test."""
    backend = make_elasticsearch_backend(url=elasticsearch_url)
    yield backend
    drop_indices(backend)


@pytest.fixture(scope="session")
def elasticsearch_demo(elasticsearch_url, indexed_demo, django_db_blocker):
    """The demo content in a test_-prefixed Elasticsearch index, for engine-level tests."""
    from search.indexing import all_documents

    backend = make_elasticsearch_backend(url=elasticsearch_url)
    with django_db_blocker.unblock():
        # Read here: the bulk writer's threads have connections of their own, which do not
        # see the demo (loaded in this connection's transaction, never committed).
        backend.rebuild(list(all_documents()))
    yield backend
    drop_indices(backend)


@pytest.fixture(autouse=True)
def elasticsearch_not_cooling_down():
    """Each test starts with every Elasticsearch address considered up."""
    from search.backends import elasticsearch

    elasticsearch._down_until.clear()
    yield
    elasticsearch._down_until.clear()


@pytest.fixture(autouse=True)
def database_engine_forgets_rolled_back_entries():
    """Each test starts with no cached bitmaps: a test's rolled-back entries keep their ids
    on PostgreSQL, whose sequences do not roll back, and must not count in the next test."""
    from search.bitmaps import forget

    forget()
    yield
