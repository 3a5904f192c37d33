"""Search analytics leave the request path: a search writes nothing, a flush writes the counts."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query

from search import analytics
from search.models import ZeroResultQuery
from tests import builders

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(captured):
    return [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITES)
    ]


@pytest.fixture
def searchable(home, django_capture_on_commit_callbacks):
    """A published page in the index, that "Capacitación" finds."""
    with django_capture_on_commit_callbacks(execute=True):
        builders.standard_page(
            home,
            title_es="Capacitación de operadores de justicia",
            title_en="Training of justice operators",
        )


def hits(text):
    query = Query.objects.filter(query_string=text).first()
    return query.hits if query else 0


def zero_hits(text, language="es"):
    return sum(
        ZeroResultQuery.objects.filter(query_string=text, language=language).values_list(
            "hits", flat=True
        )
    )


def search_as_visitors(count, text, language="es"):
    """`count` different visitors search `text`; returns the writes the requests made."""
    made = []
    for n in range(count):
        visitor = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        with CaptureQueriesContext(connection) as captured:
            response = visitor.get(f"/{language}/search/", {"q": text})
        assert response.status_code == 200
        made += writes(captured)
    return made


@pytest.mark.usefixtures("searchable")
def test_searches_write_nothing_and_a_flush_writes_every_count():
    assert search_as_visitors(7, "Capacitación") == []
    assert search_as_visitors(4, "zzqnadaencontrado") == []
    search_as_visitors(2, "zzqnothingfound", language="en")
    assert hits("capacitacion") == 0
    assert zero_hits("zzqnadaencontrado") == 0
    assert analytics.pending() == 13

    output = io.StringIO()
    call_command("flush_search_analytics", stdout=output)
    assert "13 searches" in output.getvalue()
    assert hits("capacitacion") == 7
    assert hits("zzqnadaencontrado") == 4
    assert zero_hits("zzqnadaencontrado") == 4
    assert zero_hits("zzqnothingfound", language="en") == 2
    assert zero_hits("capacitacion") == 0
    assert analytics.pending() == 0

    # A second flush writes nothing twice; later searches add to the same rows.
    assert analytics.flush() == 0
    assert hits("capacitacion") == 7
    search_as_visitors(3, "capacitacion")
    analytics.flush()
    assert hits("capacitacion") == 10
    assert Query.objects.filter(query_string="capacitacion").get().daily_hits.count() == 1


@pytest.mark.usefixtures("searchable")
def test_the_worker_flushes_the_counts_on_every_pass():
    search_as_visitors(3, "zzqworkerpass")
    call_command("run_worker", "--once", stdout=io.StringIO())
    assert hits("zzqworkerpass") == 3
    assert zero_hits("zzqworkerpass") == 3


def test_a_flush_that_fails_keeps_the_counts_for_the_next_one(rf, monkeypatch):
    request = rf.get("/es/search/", REMOTE_ADDR="203.0.113.9")
    analytics.record_search(request, "zzqreintento", "es", 0)

    # The database going away mid-flush is simulated: the write raises after reading.
    def broken(entries):
        list(entries)
        raise RuntimeError("the database is away")

    real = analytics._write
    monkeypatch.setattr(analytics, "_write", broken)
    with pytest.raises(RuntimeError):
        analytics.flush()
    assert analytics.pending() == 1
    monkeypatch.setattr(analytics, "_write", real)
    assert analytics.flush() == 1
    assert zero_hits("zzqreintento") == 1


def test_counts_kept_in_a_shared_cache_are_flushed_by_another_process(shared_cache, rf):
    """On Redis, as web servers and the worker share it: what one counts, another writes."""
    from django.core.cache import caches

    for n in range(5):
        request = rf.get("/en/search/", REMOTE_ADDR=f"203.0.113.{20 + n}")
        analytics.record_search(request, "Zzq Shared", "en", 0)
    # The worker reads the entries through its own connection to the same Redis.
    caches.close_all()
    assert analytics.pending() == 5
    assert analytics.flush() == 5
    assert hits("zzq shared") == 5
    assert zero_hits("zzq shared", language="en") == 5


@pytest.mark.usefixtures("searchable")
def test_a_process_with_its_own_cache_writes_its_counts_after_a_later_response(settings):
    """Without a shared cache the worker cannot read a web process's counted searches: the
    process writes them itself after sending a response, once the oldest has waited long
    enough, and never while the searches are answered."""
    settings.SEARCH_ANALYTICS_LOCAL_FLUSH_SECONDS = 60
    analytics._local_pending["since"] = None
    assert search_as_visitors(3, "zzqlocalmente") == []
    assert analytics.pending() == 3
    # Not yet a minute old: the next responses write nothing.
    assert search_as_visitors(1, "zzqotra") == []
    assert zero_hits("zzqlocalmente") == 0
    # The oldest has waited a minute (moved back in time rather than slept).
    analytics._local_pending["since"] -= 61
    Client().get("/es/")
    assert zero_hits("zzqlocalmente") == 3
    assert zero_hits("zzqotra") == 1
    assert analytics.pending() == 0
    assert analytics._local_pending["since"] is None

    # With the setting off, nothing is written after a response.
    settings.SEARCH_ANALYTICS_LOCAL_FLUSH_SECONDS = 0
    search_as_visitors(1, "zzqapagado")
    analytics._local_pending["since"] -= 61
    Client().get("/es/")
    assert zero_hits("zzqapagado") == 0
    assert analytics.pending() == 1
