"""The "searches with no results" report says the day of the last search, in the site's time."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    user = get_user_model().objects.create_superuser(
        "analista", email="analista@example.org", password="x" * 20
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)

    def rows():
        html = client.get(reverse("quipu_search:zero_results")).content.decode()
        cells = {}
        for row in BeautifulSoup(html, "html.parser").select("tbody tr"):
            texts = [" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]
            cells[texts[0]] = texts
        return cells

    return rows


def test_a_search_made_minutes_ago_is_reported_as_today_not_hours_ago(report):
    from search.models import ZeroResultQuery

    today = timezone.localdate()
    ZeroResultQuery.objects.create(query_string="feminicidio huancayo", language="es", date=today)
    ZeroResultQuery.objects.create(
        query_string="mesa regional", language="es", date=today - timedelta(days=1)
    )
    ZeroResultQuery.objects.create(
        query_string="ruta antigua", language="es", date=today - timedelta(days=40)
    )

    rows = report()

    assert "Hoy" in rows["feminicidio huancayo"]
    assert "Ayer" in rows["mesa regional"]
    assert not any("hora" in cell or "hace" in cell for row in rows.values() for cell in row)
    older = today - timedelta(days=40)
    assert str(older.year) in " ".join(rows["ruta antigua"])
