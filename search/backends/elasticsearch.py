"""The Elasticsearch engine: Spanish and English analysis, facet counts, request caching.

Documents are written to indices behind an alias (elasticsearch_writer.py). Every call has a
bounded timeout; after a connection failure the engine stays "down" for a short cool-down,
so a burst of requests falls back to the database engine at once instead of each waiting.
"""

import datetime
import logging
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from elasticsearch import ApiError, Elasticsearch, TransportError, helpers

from ..analysis import languages
from ..faceted import FACET_SIZE, count_query, search_request
from ..highlight import query_stems
from ..query import facet_names
from .base import (
    AttachmentMatch,
    BaseSearchBackend,
    Completion,
    FacetCount,
    Health,
    IndexState,
    SearchResults,
    SearchUnavailable,
    matched_hit,
)
from .elasticsearch_writer import ElasticsearchWriter

logger = logging.getLogger("quipu.search")

DEFAULTS = {
    "URL": "http://127.0.0.1:9200",
    "INDEX": "quipu",
    # Seconds a search or a write from a web request may wait; one retry on connection errors.
    "TIMEOUT": 1.0,
    "RETRIES": 1,
    # Seconds a bulk request of a rebuild may take.
    "BULK_TIMEOUT": 60.0,
    # After a failure, seconds during which the engine is not even tried.
    "COOL_DOWN": 30.0,
    "SHARDS": 1,
    "REPLICAS": 0,
    # "wait_for" makes writes visible to the next search (tests); False in production.
    "REFRESH": False,
}


_down_until = {}
_down_lock = threading.Lock()


class ElasticsearchSearchBackend(ElasticsearchWriter, BaseSearchBackend):
    """Elasticsearch 8 through the official client."""

    name = "elasticsearch"

    def __init__(self, **options):
        super().__init__(**options)
        settings = {**DEFAULTS, **{key.upper(): value for key, value in options.items()}}
        # One node or several ("http://es1:9200,http://es2:9200"): the client spreads
        # requests over them and retries on another node when one does not answer. self.url
        # names them without credentials, for logs and health reports.
        self.hosts = node_urls(settings["URL"])
        self.url = ",".join(redact_url(host) for host in self.hosts)
        self.alias = settings["INDEX"]
        self.building_alias = f"{self.alias}-building"
        self.timeout = float(settings["TIMEOUT"])
        self.bulk_timeout = float(settings["BULK_TIMEOUT"])
        self.cool_down = float(settings["COOL_DOWN"])
        self.shards = int(settings["SHARDS"])
        self.replicas = int(settings["REPLICAS"])
        self.refresh = settings["REFRESH"]
        connection = {
            key.lower(): settings[key] for key in ("API_KEY", "CA_CERTS") if settings.get(key)
        }
        self.client = Elasticsearch(
            self.hosts,
            request_timeout=self.timeout,
            # A refused connection is retried on another node, so each node of a cluster is
            # tried once before the database engine answers; a timeout is not retried.
            max_retries=max(int(settings["RETRIES"]), len(self.hosts) - 1),
            retry_on_timeout=False,
            **connection,
        )

    # Availability

    @property
    def is_cooling_down(self):
        with _down_lock:
            return _down_until.get(self.url, 0) > time.monotonic()

    def _mark_down(self, error):
        with _down_lock:
            _down_until[self.url] = time.monotonic() + self.cool_down
        logger.warning("Elasticsearch at %s is unavailable: %s", self.url, error)

    def _call(self, function, *args, **kwargs):
        """Runs one client call; connection problems become SearchUnavailable."""
        if self.is_cooling_down:
            raise SearchUnavailable(f"Elasticsearch at {self.url} is cooling down")
        try:
            return function(*args, **kwargs)
        except TransportError as error:
            self._mark_down(error)
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if getattr(error, "status_code", 500) >= 500:
                self._mark_down(error)
            raise SearchUnavailable(str(error)) from error

    # Reading

    def search(self, query):
        """One request: a page of hits, the total and the facets, from one pass over the matches.

        The node keeps the answer in its request cache until the index next changes: a page
        asked again (a popular query, the next visitor, the back button) costs no matching.
        """
        if query.is_empty:
            return SearchResults(engine=self.name)
        self.check_schema()
        body = search_request(query)
        found = self._call(self.client.search, index=self.alias, request_cache=True, **body)
        stems = query_stems(query.clauses, query.site_text_languages)
        hits = [self._hit(hit, stems) for hit in found["hits"]["hits"]]
        facets = _facets(found["aggregations"], dict(query.filters.terms()))
        return SearchResults(
            hits=hits, total=found["hits"]["total"]["value"], facets=facets, engine=self.name
        )

    def _hit(self, hit, stems):
        """A Hit from one raw hit, title and snippet marked as the database engine marks them."""
        source = hit["_source"]
        language = source["language"]
        files = [_attachment(item) for item in source.get("attachments") or []]
        return matched_hit(
            stems,
            hit.get("_score"),
            _text_of(source, "body", language),
            _text_of(source, "summary", language),
            files,
            key=source["key"],
            object_key=source["object_key"],
            kind=source["kind"],
            url=source["url"],
            title=source.get("title", ""),
            language=language,
            title_language=source.get("title_language") or language,
            date=_parse_date(source.get("date")),
            status=source.get("status") or "",
            is_current=source.get("is_current", True),
        )

    def counts(self, queries, sample=1):
        request = {"size": sample, "_source": ["object_key"], "track_total_hits": True}
        searches = [
            part for query in queries for part in ({}, {**request, "query": count_query(query)})
        ]
        if not searches:
            return []
        response = self._call(self.client.msearch, index=self.alias, searches=searches)
        for part in response["responses"]:
            if "error" in part:
                raise SearchUnavailable(str(part["error"])[:500])
        return [
            (
                part["hits"]["total"]["value"],
                [hit["_source"]["object_key"] for hit in part["hits"]["hits"]],
            )
            for part in response["responses"]
        ]

    def autocomplete(self, text, language, limit=8, excluded=()):
        if not text.strip():
            return []
        query = {
            "must": [{"match": {"title_prefix": {"query": text, "operator": "and"}}}],
            "filter": [{"term": {"language": language}}, {"term": {"is_current": True}}],
        }
        if excluded:
            query["must_not"] = [{"terms": {"object_key": list(excluded)}}]
        fields = ["title", "url", "kind", "object_key"]
        response = self._call(
            self.client.search,
            index=self.alias,
            query={"bool": query},
            sort=["_score", {"date": {"order": "desc", "missing": "_last"}}],
            source=fields,
            size=limit,
        )
        return [
            Completion(language=language, **{name: hit["_source"][name] for name in fields})
            for hit in response["hits"]["hits"]
        ]

    def spelling_candidates(self, word, language, limit=5):
        response = self._call(
            self.client.search,
            index=self.alias,
            size=0,
            suggest={
                "spelling": {
                    "text": word,
                    "term": {
                        "field": "suggest",
                        "suggest_mode": "always",
                        "sort": "score",
                        "max_edits": 2,
                        "prefix_length": 1,
                        "min_word_length": 4,
                        "size": limit,
                    },
                }
            },
        )
        entries = response["suggest"]["spelling"]
        return [option["text"] for entry in entries for option in entry["options"]][:limit]

    def state(self):
        hits = helpers.scan(self.client, index=self.alias, _source=["fingerprint"], size=1000)
        try:
            return IndexState({hit["_id"]: hit["_source"].get("fingerprint", "") for hit in hits})
        except ApiError as error:
            if getattr(error, "status_code", None) == 404:
                return IndexState(fingerprints={})
            raise SearchUnavailable(str(error)) from error
        except TransportError as error:
            self._mark_down(error)
            raise SearchUnavailable(str(error)) from error

    def health(self):
        try:
            if self.is_cooling_down:
                raise SearchUnavailable("cooling down after a failure")
            cluster = self.client.cluster.health()
            indices = self._indices_of(self.alias)
            documents = self.client.count(index=self.alias)["count"] if indices else None
            if indices:
                self.check_schema()
        except (SearchUnavailable, TransportError, ApiError) as error:
            return Health(engine=self.name, is_healthy=False, detail=str(error))
        return Health(
            engine=self.name,
            is_healthy=cluster["status"] in ("green", "yellow") and bool(indices),
            documents=documents,
            detail=f"{self.url} {cluster['status']}, index {', '.join(indices) or 'missing'}",
        )


def _facets(aggregations, chosen):
    """{facet: [FacetCount]}, most frequent first, from one aggregation of "facet:value"
    tokens or from one aggregation per facet."""
    found = {name: [] for name in facet_names()}
    if "facet_tokens" in aggregations:
        for bucket in aggregations["facet_tokens"]["buckets"]:
            name, _, value = bucket["key"].partition(":")
            found.get(name, []).append((value, bucket["doc_count"]))
    else:
        for name in found:
            buckets = aggregations[f"_filter_{name}"][name]["buckets"]
            found[name] = [(str(bucket["key"]), bucket["doc_count"]) for bucket in buckets]
    facets = {}
    for name, counts in found.items():
        selected = chosen.get(name, ())
        values = [FacetCount(value, n, value in selected) for value, n in counts[:FACET_SIZE] if n]
        if values:
            facets[name] = sorted(values, key=lambda item: (-item.count, item.value))
    return facets


def node_urls(value):
    """The node URLs of a setting: a list, or one string of URLs separated by commas."""
    if isinstance(value, str):
        value = value.split(",")
    urls = [url.strip() for url in value if url and url.strip()]
    if not urls:
        raise ValueError("Elasticsearch needs at least one node URL (ELASTICSEARCH_URL).")
    return urls


def redact_url(url):
    """The URL without the user name and password it may carry."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _attachment(item):
    """(AttachmentMatch, text) of a file stored with a hit."""
    language = item.get("language", settings.LANGUAGE_CODE)
    fields = [item.get(name, "") for name in ("title", "url", "extension")]
    match = AttachmentMatch(item.get("document_id"), *fields, language)
    return match, item.get(f"text_{language}", "")


def _text_of(source, name, language):
    """(text, language) of a per-language text field ("body_es"), the page's language first."""
    for candidate in (language, *languages()):
        text = source.get(f"{name}_{candidate}")
        if text:
            return text, candidate
    return "", language


def _parse_date(value):
    try:
        return datetime.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


SearchBackend = ElasticsearchSearchBackend
