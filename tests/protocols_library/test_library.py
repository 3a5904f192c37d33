"""The library lists works with their version in force, filters them, in fixed queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from tests import builders

from .conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with freeze_time("2024-06-15 17:00:00"):
        yield


@pytest.fixture
def add_works(make_work, make_version):
    """Adds `count` works of each status to the library, classified in Piura; Ayacucho is a
    region no work is in."""
    builders.term("region", "ayacucho")
    health = builders.term("sector", "salud")
    regional = builders.term(
        "sector", "gobierno-regional", "Gobierno regional", "Regional government"
    )
    minsa = builders.term(
        "institution",
        "minsa",
        "Ministerio de Salud",
        "Ministry of Health",
        acronym_es="MINSA",
        acronym_en="MINSA",
    )
    piura = builders.term("region", "piura")
    serial = iter(range(1000))

    def add(count=1):
        works = {"in_force": [], "upcoming": [], "repealed": []}
        for _ in range(count):
            n = next(serial)
            work = make_work(title_es=f"Protocolo vigente {n}", title_en=f"Protocol in force {n}")
            work.sectors.set([health])
            work.institutions.set([minsa])
            work.regions.set([piura])
            work.save()
            make_version(work, "v1", "2019-01-01", approving_body=minsa)
            make_version(work, "v2", "2023-01-01", approving_body=minsa)
            make_version(work, "v3", "2025-01-01", approving_body=minsa)
            works["in_force"].append(work)

            work = make_work(
                title_es=f"ROF futuro {n}", title_en=f"Future OFR {n}", kind="ofr_instrument"
            )
            work.sectors.set([regional])
            work.save()
            make_version(work, "2025", "2025-01-01")
            works["upcoming"].append(work)

            work = make_work(title_es=f"Directiva derogada {n}", kind="directive")
            make_version(
                work,
                "2018",
                "2018-01-01",
                repeal_date=day("2020-01-01"),
                repealing_instrument_type="decreto_supremo",
                repealing_instrument_number=f"{n:03d}-2019-MIMP",
            )
            works["repealed"].append(work)
        return works

    return add


def titles(response):
    return [row["work"].title for row in response.context["rows"]]


def test_library_shows_works_in_force_by_default_with_their_version_in_force(
    frozen, library, add_works, client
):
    add_works()
    response = client.get(library.url_in("es"))
    assert titles(response) == ["Protocolo vigente 0"]
    html = response.content.decode()
    assert "Version v2, in force since" in html or "Versión v2" in html
    assert "R.M. N.° " in html
    assert "enters into force on" in html or "entra en vigor" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=all", ["Directiva derogada 0", "Protocolo vigente 0", "ROF futuro 0"]),
        ("status=upcoming", ["Protocolo vigente 0", "ROF futuro 0"]),
        ("status=not_in_force", ["Directiva derogada 0"]),
        ("status=all&kind=ofr_instrument", ["ROF futuro 0"]),
        ("status=all&sector=gobierno-regional", ["ROF futuro 0"]),
        ("status=all&institution=minsa", ["Protocolo vigente 0"]),
        ("status=all&region=piura", ["Protocolo vigente 0"]),
        ("status=all&region=ayacucho", []),
    ],
)
def test_library_filters(frozen, library, add_works, client, query, expected):
    add_works()
    response = client.get(f"{library.url_in('es')}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_unknown_filter_values_are_ignored_with_a_message(frozen, library, add_works, client):
    add_works()
    response = client.get(f"{library.url_in('en')}?kind=poem&status=whatever")
    assert response.status_code == 200
    assert titles(response) == ["Protocol in force 0"]
    assert "Some filters were not recognized and were ignored." in response.content.decode()


def test_filter_choices_only_offer_terms_some_work_uses(frozen, library, add_works, client):
    add_works()
    response = client.get(library.url_in("es"))
    regions = [value for value, _label in response.context["filter_form"].fields["region"].choices]
    assert regions == ["", "piura"]


def test_library_runs_the_same_number_of_queries_whatever_its_length(
    frozen, library, add_works, client, django_assert_num_queries
):
    add_works(1)
    url = f"{library.url_in('es')}?status=all"
    client.get(url)  # warms per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as small:
        assert len(titles(client.get(url))) == 3
    with_one = len(small.captured_queries)
    add_works(5)
    client.get(url)  # the first request after a change reads the site-wide answers again
    with django_assert_num_queries(with_one):
        assert len(titles(client.get(url))) == 18


def test_a_bookmarked_term_no_work_uses_still_filters_and_an_unknown_one_is_reported(
    frozen, library, add_works, client
):
    add_works()
    # Ayacucho exists but no work is classified in it: it is not offered, yet a saved link
    # with it still applies (and finds nothing) instead of being called unknown.
    response = client.get(f"{library.url_in('en')}?status=all&region=ayacucho")
    assert titles(response) == []
    assert not response.context["filter_form"].errors
    assert [chip["name"] for chip in response.context["filter_chips"]] == ["region"]
    # A slug no term has is reported next to its filter, in the reader's language, and ignored.
    response = client.get(f"{library.url_in('es')}?status=all&region=narnia")
    assert len(titles(response)) == 3
    assert set(response.context["filter_form"].errors) == {"region"}
    html = response.content.decode()
    assert "Esa opción no existe; se ignoró este filtro." in html
