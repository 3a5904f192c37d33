"""Elasticsearch as a cluster: two nodes, one replica of every shard.

The nodes are real, started by `.ci/elasticsearch.sh cluster start` on ports of their own
(QUIPU_ES_CLUSTER_PORTS, default 9250 and 9251), sharing the installation of the suite's
single node, which they leave alone. They are the only test that needs two nodes, and they
run in the SQLite pass only: nothing here touches the database.
"""

import contextlib
import os
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from search import get_backend
from search.backends.elasticsearch import node_urls, redact_url
from search.query import Filters, SearchQuery
from tests.conftest import require_service
from tests.search import corpus

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "elasticsearch.sh"
PORTS = [
    port.strip()
    for port in os.environ.get("QUIPU_ES_CLUSTER_PORTS", "9250,9251").split(",")
    if port.strip()
]

QUERIES = [
    SearchQuery(text="capacitación", language="es"),
    SearchQuery(text="protocolo", language="es", include_versions=True),
    SearchQuery(text="salud", language="es", filters=Filters(sector=("mujer",))),
    SearchQuery(text="feminicidio", language="es", sort="date"),
    SearchQuery(text="training", language="en"),
    SearchQuery(text="huamanga", language="en"),
]


def cluster_script(*args, timeout=600):
    return subprocess.run(
        ["bash", str(SCRIPT), "cluster", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def cluster_url():
    """ELASTICSEARCH_URL of a two-node cluster: both nodes' URLs, separated by commas.

    A cluster that was running already is left running afterwards (a node a test stopped is
    started again); one the fixture started is stopped.
    """
    was_running = cluster_script("status", *PORTS).returncode == 0
    started = cluster_script("start", *PORTS)
    require_service(
        started.returncode == 0,
        f"could not start a cluster on ports {', '.join(PORTS)} with "
        f"`bash .ci/elasticsearch.sh cluster start {' '.join(PORTS)}`:\n{started.stderr[-3000:]}",
    )
    url = started.stdout.strip().splitlines()[-1]
    yield url
    if not was_running:
        cluster_script("stop", *PORTS)
        return
    # Indices a test could not delete while a node was down.
    cluster_script("start", *PORTS)
    client = Elasticsearch(node_urls(url), request_timeout=30)
    for name in client.indices.get(index="test_cluster_*", expand_wildcards="all").body:
        client.indices.delete(index=name, ignore_unavailable=True)


@pytest.fixture
def cluster_backend(cluster_url):
    """The engine as settings build it: ELASTICSEARCH_URL with both nodes, one replica."""
    backend = get_backend(
        "elasticsearch",
        URL=cluster_url.replace(",", ", "),
        INDEX=f"test_cluster_{uuid.uuid4().hex[:10]}",
        SHARDS=1,
        REPLICAS=1,
        REFRESH="wait_for",
        TIMEOUT=10,
    )
    yield backend
    # A node may be down; the next `cluster start` begins with empty data anyway.
    with contextlib.suppress(Exception):
        backend.clear()


def snapshot(backend, query):
    """What a visitor sees: the total, the hits in order, every facet's counts.

    Hits of exactly equal score come in the order of the shard copy that answers (each copy
    writes its own segments), so they are compared as a group: the same hits, with the same
    scores, in the same order wherever the scores differ.
    """
    results = backend.search(query)
    facets = {
        name: [(value.value, value.count) for value in values]
        for name, values in sorted(results.facets.items())
    }
    scores = [round(hit.score, 3) for hit in results.hits]
    assert scores == sorted(scores, reverse=True) or query.sort == "date"
    hits = [(score, hit.key) for score, hit in zip(scores, results.hits, strict=True)]
    if query.sort != "date":
        hits.sort(key=lambda item: (-item[0], item[1]))
    return results.total, hits, facets


def everything(backend):
    return {
        "searches": [snapshot(backend, query) for query in QUERIES],
        "count": backend.count(QUERIES[2]),
        "completions": [item.title for item in backend.autocomplete("capa", "es")],
    }


def wait_green(backend, index):
    health = backend.client.options(request_timeout=130).cluster.health(
        index=index, wait_for_status="green", timeout="120s"
    )
    assert health["status"] == "green", health


def test_several_node_urls_make_one_client_and_passwords_are_never_shown():
    backend = get_backend(
        "elasticsearch",
        URL=" http://quipu:s3cret@es1.internal:9200 , http://es2.internal:9200,",
        INDEX="test_unused",
    )
    assert backend.hosts == ["http://quipu:s3cret@es1.internal:9200", "http://es2.internal:9200"]
    assert backend.url == "http://es1.internal:9200,http://es2.internal:9200"
    nodes = backend.client.transport.node_pool.all()
    assert sorted(node.base_url for node in nodes) == [
        "http://es1.internal:9200",
        "http://es2.internal:9200",
    ]
    first = next(node for node in nodes if "es1" in node.base_url)
    assert first.config.headers["authorization"].startswith("Basic ")
    assert "s3cret" not in repr(first) and "s3cret" not in first.base_url
    # Up to one retry per other node: a refused connection is tried on the next node.
    assert backend.client._max_retries == 1
    three = get_backend("elasticsearch", URL="http://a:9200,http://b:9200,http://c:9200")
    assert three.client._max_retries == 2
    assert node_urls(["http://a:9200", "http://b:9200", "http://c:9200"]) == [
        "http://a:9200",
        "http://b:9200",
        "http://c:9200",
    ]
    assert redact_url("https://user:p%40ss@es.example.org:9243/") == "https://es.example.org:9243/"
    with pytest.raises(ValueError):
        node_urls(" , ")


@pytest.mark.database_vendor("sqlite")
def test_a_rebuild_swaps_the_alias_at_once_and_keeps_a_replica_on_the_other_node(
    cluster_backend, cluster_url
):
    backend = cluster_backend
    backend.rebuild(corpus.documents())
    wait_green(backend, backend.alias)
    expected = everything(backend)
    assert expected["searches"][0][0] > 0

    # Another app server's client searches the whole time two rebuilds run.
    reader = get_backend(
        "elasticsearch", URL=cluster_url, INDEX=backend.alias, TIMEOUT=10, REPLICAS=1
    )
    seen, errors, stop = [], [], threading.Event()

    def search_all_along():
        while not stop.is_set():
            try:
                seen.append(snapshot(reader, QUERIES[0]))
            except Exception as error:
                errors.append(error)

    thread = threading.Thread(target=search_all_along)
    thread.start()
    try:
        indices = []
        for _rebuild in range(2):
            backend.rebuild(corpus.documents())
            current = list(backend.client.indices.get_alias(name=backend.alias).body)
            assert len(current) == 1
            indices.append(current[0])
            settings = backend.client.indices.get_settings(index=current[0])
            assert settings[current[0]]["settings"]["index"]["number_of_replicas"] == "1"
            wait_green(backend, current[0])
            # Both copies of the shard, on different nodes.
            copies = backend.client.cat.shards(index=current[0], format="json").body
            assert sorted(copy["prirep"] for copy in copies) == ["p", "r"]
            assert len({copy["node"] for copy in copies}) == 2
        time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not errors, errors[:3]
    assert seen and all(found == expected["searches"][0] for found in seen)
    # The earlier indices are gone and no rebuild is left half-done.
    assert indices[0] != indices[1]
    left = set(backend.client.indices.get(index=f"{backend.alias}-*").body)
    assert left == {indices[1]}
    assert not backend.client.indices.exists_alias(name=backend.building_alias)
    assert everything(backend) == expected


@pytest.mark.database_vendor("sqlite")
def test_search_answers_the_same_while_a_node_is_down(cluster_backend):
    backend = cluster_backend
    backend.rebuild(corpus.documents())
    wait_green(backend, backend.alias)
    before = everything(backend)
    assert all(total > 0 for total, _hits, _facets in before["searches"])

    # The node holding the primary copy goes: only the replica on the other node is left.
    copies = backend.client.cat.shards(index=backend.alias, format="json").body
    primary_node = next(copy["node"] for copy in copies if copy["prirep"] == "p")
    port = primary_node.rsplit("-", 1)[1]
    assert port in PORTS
    stopped = cluster_script("stop", port)
    assert stopped.returncode == 0, stopped.stderr
    assert not Elasticsearch(f"http://127.0.0.1:{port}", request_timeout=2, max_retries=0).ping()

    # Several rounds, so the client's turn comes round to the stopped node more than once.
    for _round in range(3):
        assert everything(backend) == before
