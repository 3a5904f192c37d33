"""Anonymous searches cannot grow the search analytics tables at will."""

import datetime

import pytest
from django.test import Client
from freezegun import freeze_time
from wagtail.contrib.search_promotions.models import Query

from search import analytics
from search.models import ZeroResultQuery

pytestmark = pytest.mark.django_db


def search(visitor, text, language="es"):
    assert visitor.get(f"/{language}/search/", {"q": text}).status_code == 200


def hits(text):
    analytics.flush()
    query = Query.objects.filter(query_string=text).first()
    return query.hits if query else 0


def zero_result_hits(text, language="es"):
    analytics.flush()
    return sum(
        ZeroResultQuery.objects.filter(query_string=text, language=language).values_list(
            "hits", flat=True
        )
    )


def test_a_visitor_repeating_a_search_counts_once_a_day():
    visitor = Client()
    with freeze_time("2026-03-02 10:00", tz_offset=0):
        for _ in range(6):
            search(visitor, "Zzqwertyuiop")
        assert hits("zzqwertyuiop") == 1
        assert zero_result_hits("zzqwertyuiop") == 1
        # Another visitor, and the same words on the English site, count on their own.
        search(Client(), "zzqwertyuiop")
        search(visitor, "zzqwertyuiop", language="en")
        assert hits("zzqwertyuiop") == 3
        assert zero_result_hits("zzqwertyuiop") == 2
        assert zero_result_hits("zzqwertyuiop", language="en") == 1
    with freeze_time("2026-03-03 10:00", tz_offset=0):
        search(visitor, "zzqwertyuiop")
        analytics.flush()  # the worker's next pass, that day
    assert hits("zzqwertyuiop") == 4
    assert (
        ZeroResultQuery.objects.get(
            query_string="zzqwertyuiop", language="es", date=datetime.date(2026, 3, 3)
        ).hits
        == 1
    )


def test_one_address_adds_at_most_its_daily_budget_of_searches(settings):
    settings.SEARCH_ANALYTICS_DAILY_PER_ADDRESS = 5
    queries, zero = Query.objects.count(), ZeroResultQuery.objects.count()
    # Fresh browsers each time: dropping cookies does not escape the address's budget.
    for n in range(12):
        search(Client(REMOTE_ADDR="198.51.100.70"), f"zzbudget{n}")
    analytics.flush()
    assert Query.objects.count() - queries == 5
    assert ZeroResultQuery.objects.count() - zero == 5
    search(Client(REMOTE_ADDR="198.51.100.71"), "zzbudget0")
    assert hits("zzbudget0") == 2
