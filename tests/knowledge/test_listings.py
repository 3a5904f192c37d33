"""Section listings: filters, pagination, newest first, and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import (
    Audience,
    EventIndexPage,
    LessonIndexPage,
    PilotIndexPage,
    PilotTrackerPage,
    PublicationIndexPage,
    TrainingIndexPage,
)
from knowledge.models.common import KnowledgeIndexPage
from tests import builders

from .conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_search_indexing(settings):
    # Indexing each of the hundreds of pages built here would only slow these tests down.
    settings.SEARCH_AUTOSYNC = False


def titles(response):
    return [item.title for item in response.context["items"]]


@pytest.fixture
def terms():
    return {
        "health": builders.term("sector", "salud"),
        "justice": builders.term("sector", "justicia"),
        "piura": builders.term("region", "piura"),
        "lima": builders.term("region", "lima"),
        "training": builders.term("topic", "capacitacion"),
    }


@pytest.fixture
def lesson_section(home):
    index = LessonIndexPage(title_es="Lecciones de prueba", title_en="Test lessons", slug_es="lp")
    home.add_child(instance=index)
    return index


def test_lessons_are_listed_newest_first_and_filtered_by_sector_region_topic_and_year(
    client, lesson_section, make_lesson, terms
):
    make_lesson(
        lesson_section,
        title_es="Antigua",
        date=day("2017-03-01"),
        relations={"sectors": [terms["health"]], "regions": [terms["piura"]]},
    )
    make_lesson(
        lesson_section,
        title_es="Reciente",
        date=day("2019-03-01"),
        relations={"sectors": [terms["justice"]], "topics": [terms["training"]]},
    )
    url = lesson_section.url_in("es")
    assert titles(client.get(url)) == ["Reciente", "Antigua"]
    assert titles(client.get(url + "?sector=salud")) == ["Antigua"]
    assert titles(client.get(url + "?region=piura")) == ["Antigua"]
    assert titles(client.get(url + "?topic=capacitacion")) == ["Reciente"]
    assert titles(client.get(url + "?year=2019")) == ["Reciente"]
    assert titles(client.get(url + "?year=2019&sector=salud")) == []


def test_filters_offer_only_terms_and_years_in_use(client, lesson_section, make_lesson, terms):
    make_lesson(lesson_section, date=day("2018-01-01"), relations={"regions": [terms["lima"]]})
    form = client.get(lesson_section.url_in("es")).context["filter_form"]
    assert [region.slug for region in form.fields["region"].queryset] == ["lima"]
    assert [value for value, _label in form.fields["year"].choices] == ["", 2018]


def test_an_unknown_filter_value_is_reported_and_ignored(
    client, lesson_section, make_lesson, terms
):
    make_lesson(lesson_section, title_es="Una", relations={"sectors": [terms["health"]]})
    response = client.get(lesson_section.url_in("es") + "?region=narnia&sector=salud&year=abc")
    assert response.status_code == 200
    assert titles(response) == ["Una"]
    errors = response.context["filter_form"].errors
    assert set(errors) == {"region", "year"}
    assert response.content.decode().count('class="filters__error"') == 2


def test_a_bookmarked_term_no_item_uses_any_more_still_applies(
    client, lesson_section, make_lesson, terms
):
    make_lesson(lesson_section, title_es="Una", relations={"sectors": [terms["health"]]})
    # Piura is a region no lesson is in: it is not offered, but a saved link with it still
    # filters (and finds nothing) rather than being reported as an unknown option.
    response = client.get(lesson_section.url_in("es") + "?region=piura")
    form = response.context["filter_form"]
    assert [region.slug for region in form.fields["region"].queryset] == []
    assert not form.errors
    assert titles(response) == []
    assert [chip["value"] for chip in response.context["filter_chips"]] == [str(terms["piura"])]


def test_pagination_keeps_the_filters(client, lesson_section, make_lesson, terms, monkeypatch):
    monkeypatch.setattr(LessonIndexPage, "per_page", 2)
    for n in range(3):
        make_lesson(
            lesson_section,
            title_es=f"Salud {n}",
            date=day(f"2019-0{n + 1}-01"),
            relations={"sectors": [terms["health"]]},
        )
    make_lesson(lesson_section, title_es="Otra", date=day("2019-09-01"))
    first = client.get(lesson_section.url_in("es") + "?sector=salud")
    assert titles(first) == ["Salud 2", "Salud 1"]
    html = first.content.decode()
    assert 'href="?sector=salud&amp;page=2"' in html
    second = client.get(lesson_section.url_in("es") + "?sector=salud&page=2")
    assert titles(second) == ["Salud 0"]


def test_events_filter_by_kind_year_and_region(client, make_event, terms, home):
    index = EventIndexPage(title_es="Eventos de prueba", slug_es="ep")
    home.add_child(instance=index)
    make_event(index, title_es="Foro", kind="public_forum", relations={"regions": [terms["lima"]]})
    make_event(index, title_es="Curso", kind="training_course", start_date=day("2018-05-14"))
    url = index.url_in("es")
    assert titles(client.get(url)) == ["Foro", "Curso"]
    assert titles(client.get(url + "?kind=public_forum")) == ["Foro"]
    assert titles(client.get(url + "?year=2018")) == ["Curso"]
    assert titles(client.get(url + "?region=lima")) == ["Foro"]
    kinds = client.get(url).context["filter_form"].fields["kind"].choices
    assert [value for value, _label in kinds] == ["", "training_course", "public_forum"]


def test_training_lists_current_editions_and_filters_by_audience(client, make_material, home):
    index = TrainingIndexPage(title_es="Capacitación de prueba", slug_es="cp")
    home.add_child(instance=index)
    cem = builders.term("audience", "equipos-cem")
    course = make_material(index, title_es="Curso", edition_date=day("2018-05-01"))
    builders.edition(course, edition_es="2.ª edición", edition_date=day("2018-09-01"))
    make_material(index, title_es="Guía", relations={"audiences": [cem]})
    response = client.get(index.url_in("es"))
    assert sorted((item.title, item.edition) for item in response.context["items"]) == [
        ("Curso", "2.ª edición"),
        ("Guía", "1.ª edición"),
    ]
    assert titles(client.get(index.url_in("es") + "?audience=equipos-cem")) == ["Guía"]


# Constant queries ------------------------------------------------------------------------


def add_listing_items(kind, index, count, makers, terms):
    """`count` items of `kind` in `index`, each with its own image and classification."""
    make_image = makers["image"]
    for _ in range(count):
        relations = {"sectors": [terms["health"]], "regions": [terms["piura"]]}
        if kind == "training":
            relations["audiences"] = list(Audience.objects.all()[:2])
        if kind == "events":
            media = {"photos": [make_image()]}
        else:
            media = {"image": make_image()}
        makers[kind](index, relations=relations, revision=False, **media)


INDEX_MODELS = {
    "lessons": LessonIndexPage,
    "events": EventIndexPage,
    "pilots": PilotIndexPage,
    "training": TrainingIndexPage,
    "publications": PublicationIndexPage,
}


def queries_to_render(client, url, expected_items):
    # The first request makes the renditions; the second is what every visitor after gets.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) == expected_items
    return len(captured)


@pytest.mark.parametrize("kind", list(INDEX_MODELS))
def test_listing_runs_the_same_queries_for_5_and_50_items(
    kind,
    client,
    home,
    terms,
    monkeypatch,
    django_assert_num_queries,
    make_image,
    make_lesson,
    make_event,
    make_pilot,
    make_material,
    make_publication,
):
    monkeypatch.setattr(KnowledgeIndexPage, "per_page", 100)
    makers = {
        "image": make_image,
        "lessons": make_lesson,
        "events": make_event,
        "pilots": make_pilot,
        "training": make_material,
        "publications": make_publication,
    }
    index = INDEX_MODELS[kind](
        title_es=f"Lista {kind}",
        title_en=f"List {kind}",
        slug_es=f"lista-{kind}",
        slug_en=f"list-{kind}",
    )
    home.add_child(instance=index)
    url = index.url_in("es") + "?sector=salud"
    add_listing_items(kind, index, 5, makers, terms)
    with_five = queries_to_render(client, url, 5)
    add_listing_items(kind, index, 45, makers, terms)
    client.get(url)
    with django_assert_num_queries(with_five):
        response = client.get(url)
    assert len(response.context["items"]) == 50
    html = response.content.decode()
    assert html.count('class="knowledge-card__image"') == 50


def test_tracker_runs_the_same_queries_for_5_and_50_practices(
    client,
    sections,
    make_pilot,
    make_practice,
    make_lesson,
    make_event,
    terms,
    django_assert_num_queries,
):
    lesson = make_lesson()
    trip = make_event(relations={"regions": [terms["lima"]]})

    def add(count):
        for _ in range(count):
            make_pilot(
                revision=False,
                relations={"regions": [terms["piura"]]},
                practices=[
                    make_practice(sectors=[terms["health"]], lesson=lesson, extension_events=[trip])
                ],
            )

    url = PilotTrackerPage.objects.get().url_in("es") + "?sector=salud&region=piura"
    add(5)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        five = client.get(url)
    with_five = len(captured)
    add(45)
    client.get(url)  # the first request after a change reads the site-wide answers again
    with django_assert_num_queries(with_five):
        fifty = client.get(url)
    assert len(fifty.context["practices"]) == len(five.context["practices"]) + 45
