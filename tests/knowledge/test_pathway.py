"""A practice's stage on the institutionalization pathway follows its evidence, and only that."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import PageViewRestriction

from knowledge.models import PilotPractice
from knowledge.pathway import Stage
from tests import builders

from .conftest import day

pytestmark = pytest.mark.django_db


def pathway_of(practice):
    practice = PilotPractice.objects.for_pathway().get(pk=practice.pk)
    return practice.compute_pathway()


@pytest.fixture
def piura():
    return builders.term("region", "piura")


@pytest.fixture
def ayacucho():
    return builders.term("region", "ayacucho")


def practice_of(pilot):
    return pilot.practices.get()


def test_a_practice_without_evidence_is_only_piloted(make_pilot, make_practice, piura):
    pilot = make_pilot(practices=[make_practice()], relations={"regions": [piura]})
    pathway = pathway_of(practice_of(pilot))
    assert pathway.current.stage == Stage.PILOTED
    assert pathway.current.date == day("2018-01-01")
    assert [status.is_reached for status in pathway] == [True, False, False, False, False]
    assert not pathway.is_institutional


def test_a_published_lesson_documents_the_practice_with_its_date(
    make_pilot, make_practice, make_lesson
):
    lesson = make_lesson(date=day("2019-12-02"))
    pilot = make_pilot(practices=[make_practice(lesson=lesson)])
    pathway = pathway_of(practice_of(pilot))
    assert pathway.current.stage == Stage.DOCUMENTED
    assert pathway.current.date == day("2019-12-02")
    assert pathway.current.evidence[0].url == lesson.url


def test_an_unpublished_or_private_lesson_is_not_evidence(make_pilot, make_practice, make_lesson):
    lesson = make_lesson()
    pilot = make_pilot(practices=[make_practice(lesson=lesson)])
    practice = practice_of(pilot)
    lesson.unpublish()
    assert pathway_of(practice).current.stage == Stage.PILOTED

    lesson.save_revision().publish()
    assert pathway_of(practice).current.stage == Stage.DOCUMENTED
    PageViewRestriction.objects.create(page=lesson, restriction_type="password", password="x")
    assert pathway_of(practice).current.stage == Stage.PILOTED


def test_a_published_protocol_version_approves_it_and_a_draft_does_not(
    make_pilot, make_practice, make_version
):
    draft = make_version(label="borrador", published=False)
    pilot = make_pilot(practices=[make_practice(approved_in=draft)])
    practice = practice_of(pilot)
    assert pathway_of(practice).current.stage == Stage.PILOTED

    version = make_version(label="v1", approved="2020-03-01", work=draft.page)
    practice.approved_in = version
    practice.save()
    pathway = pathway_of(practice)
    assert pathway.current.stage == Stage.APPROVED
    assert pathway.current.date == day("2020-03-01")
    assert pathway.current.evidence[0].url.endswith("/v/v1/")
    assert pathway.is_institutional


def test_an_ofr_version_incorporates_it_and_earlier_stages_without_evidence_show_as_skipped(
    make_pilot, make_practice, make_version, make_lesson
):
    ofr = make_version(kind="ofr_instrument", label="2021", approved="2021-05-10")
    pilot = make_pilot(practices=[make_practice(lesson=make_lesson(), incorporated_in=ofr)])
    pathway = pathway_of(practice_of(pilot))
    assert pathway.current.stage == Stage.INCORPORATED
    assert pathway.status_of(Stage.APPROVED).is_skipped
    assert not pathway.status_of(Stage.EXTENDED).is_skipped


def test_versions_of_the_wrong_kind_are_refused(make_pilot, make_practice, make_version):
    protocol = make_version(kind="protocol")
    ofr = make_version(kind="ofr_instrument")
    with pytest.raises(ValidationError) as refused:
        PilotPractice(name_es="x", approved_in=ofr).clean()
    assert "approved_in" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        PilotPractice(name_es="x", incorporated_in=protocol).clean()
    assert "incorporated_in" in refused.value.error_dict


def test_only_an_event_in_another_region_extends_the_practice(
    make_pilot, make_practice, make_event, piura, ayacucho
):
    at_home = make_event(relations={"regions": [piura]}, start_date=day("2019-02-01"))
    elsewhere = make_event(relations={"regions": [ayacucho]}, start_date=day("2019-06-18"))
    pilot = make_pilot(
        practices=[make_practice(extension_events=[at_home])], relations={"regions": [piura]}
    )
    practice = practice_of(pilot)
    assert pathway_of(practice).current.stage == Stage.PILOTED

    practice.extension_events.add(elsewhere)
    practice.save()
    practice = PilotPractice.objects.for_pathway().get(pk=practice.pk)
    pathway = practice.compute_pathway()
    assert pathway.current.stage == Stage.EXTENDED
    assert pathway.current.date == day("2019-06-18")
    assert pathway.current.detail == "Ayacucho"
    assert [region.slug for region in practice.regions] == ["piura", "ayacucho"]


def test_the_pilot_page_draws_the_pathway_in_both_languages(
    client, make_pilot, make_practice, make_lesson
):
    lesson = make_lesson(title_es="Lección documentada", title_en="Documented lesson")
    pilot = make_pilot(practices=[make_practice(lesson=lesson)])
    for language, title in (("es", "Lección documentada"), ("en", "Documented lesson")):
        html = client.get(pilot.url_in(language)).content.decode()
        assert 'class="pathway"' in html
        assert html.count('aria-current="step"') == 1
        assert f">{title}</a>" in html
        assert f'href="{lesson.url_in(language)}"' in html


@pytest.fixture
def tracked(make_pilot, make_practice, make_lesson, make_event, make_version, piura, ayacucho):
    """Three practices at three stages, in two regions and two sectors."""
    health = builders.term("sector", "salud")
    justice = builders.term("sector", "justicia")
    trip = make_event(relations={"regions": [ayacucho]})
    make_pilot(
        title_es="Piloto Norte",
        title_en="North pilot",
        relations={"regions": [piura]},
        practices=[
            make_practice(name_es="Derivación", sectors=[health], extension_events=[trip]),
            make_practice(name_es="Fiscalía", sectors=[justice], lesson=make_lesson()),
        ],
    )
    make_pilot(
        title_es="Piloto Sur",
        title_en="South pilot",
        relations={"regions": [ayacucho]},
        practices=[make_practice(name_es="Grupo", sectors=[health], approved_in=make_version())],
    )


def tracker_rows(client, tracker, query=""):
    response = client.get(tracker.url_in("es") + query)
    assert response.status_code == 200
    demo = {"Piloto Norte", "Piloto Sur"}
    return response, {
        (practice.name, practice.pathway.current.stage.slug)
        for practice in response.context["practices"]
        if practice.pilot.title in demo
    }


def test_tracker_shows_every_practice_with_its_current_stage(client, sections, tracked):
    response, rows = tracker_rows(client, sections["tracker"])
    assert rows == {
        ("Derivación", "extended"),
        ("Fiscalía", "documented"),
        ("Grupo", "approved"),
    }
    html = response.content.decode()
    assert "Piloto Norte" in html and "Piloto Sur" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?region=piura", {"Derivación", "Fiscalía"}),
        # Taken to Ayacucho, so it counts there as well as the Ayacucho pilot's own practice.
        ("?region=ayacucho", {"Derivación", "Grupo"}),
        ("?sector=justicia", {"Fiscalía"}),
        ("?sector=salud&region=ayacucho", {"Derivación", "Grupo"}),
        ("?stage=approved", {"Grupo"}),
        ("?stage=extended&sector=salud", {"Derivación"}),
    ],
)
def test_tracker_filters_by_region_sector_and_stage(client, sections, tracked, query, expected):
    _response, rows = tracker_rows(client, sections["tracker"], query)
    assert {name for name, _stage in rows} == expected


def test_tracker_ignores_an_unknown_filter_value_with_a_message(client, sections, tracked):
    response, rows = tracker_rows(client, sections["tracker"], "?region=atlantida&sector=justicia")
    assert {name for name, _stage in rows} == {"Fiscalía"}
    assert response.context["filter_form"].errors["region"]
    assert 'class="filters__error"' in response.content.decode()


def test_a_version_knows_the_pilots_lessons_and_materials_that_cite_it(
    make_pilot, make_practice, make_lesson, make_material, make_version
):
    from django.template import Context, Template

    version = make_version()
    lesson = make_lesson(title_es="Lección que cita", relations={"protocol_versions": [version]})
    documenting = make_lesson(title_es="Lección del piloto")
    make_pilot(
        title_es="Piloto que lo adoptó",
        practices=[make_practice(lesson=documenting, approved_in=version)],
    )
    make_material(title_es="Módulo que lo enseña", relations={"protocol_versions": [version]})
    # Read in Spanish whatever language an earlier request left active.
    translation.activate("es")
    html = Template(
        "{% load knowledge_tags %}{% knowledge_related_to version as related_groups %}"
        '{% include "knowledge/includes/related.html" %}'
    ).render(Context({"version": version}))
    for title in (
        "Piloto que lo adoptó",
        "Lección que cita",
        "Lección del piloto",
        "Módulo que lo enseña",
    ):
        assert title in html
    lesson.unpublish()
    html = Template(
        "{% load knowledge_tags %}{% knowledge_related_to version as related_groups %}"
        '{% include "knowledge/includes/related.html" %}'
    ).render(Context({"version": version}))
    assert "Lección que cita" not in html
