"""Lessons, events, pilots, materials and publications: both languages, related items both ways."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from freezegun import freeze_time

from knowledge.models import EventPage, EventPhoto, PilotPage

from .conftest import day

pytestmark = pytest.mark.django_db


def get_html(client, page, language):
    response = client.get(page.url_in(language))
    assert response.status_code == 200, page.url_in(language)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    return html


def related_box(html):
    match = re.search(r'<aside class="related".*?</aside>', html, re.S)
    return match.group(0) if match else ""


@pytest.mark.parametrize(
    "path",
    [
        "/es/lecciones-aprendidas/",
        "/en/lessons-learned/",
        "/es/eventos/",
        "/en/events/",
        "/es/pilotos/",
        "/en/pilots/",
        "/es/pilotos/seguimiento/",
        "/en/pilots/tracker/",
        "/es/capacitacion/",
        "/en/training/",
        "/es/publicaciones/",
        "/en/publications/",
    ],
)
def test_sections_are_in_the_main_navigation_and_render(client, sections, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    navigation = re.search(r'<nav class="primary-nav".*?</nav>', html, re.S).group(0)
    language = path.split("/")[1]
    assert (
        f'href="/{language}/{"lecciones-aprendidas" if language == "es" else "lessons-learned"}/"'
        in navigation
    )
    assert "knowledge.css" in html


# Cross-links entered once ------------------------------------------------------------------


def test_a_link_entered_on_a_lesson_shows_on_both_pages(
    client, make_lesson, make_event, make_material, make_publication
):
    event = make_event(title_es="Taller enlazado", title_en="Linked workshop")
    material = make_material(title_es="Guía enlazada", title_en="Linked guide")
    report = make_publication(title_es="Informe enlazado", title_en="Linked report")
    lesson = make_lesson(
        title_es="Lección enlazada",
        title_en="Linked lesson",
        relations={"events": [event], "materials": [material], "publications": [report]},
    )
    lesson_box = related_box(get_html(client, lesson, "en"))
    for title in ("Linked workshop", "Linked guide", "Linked report"):
        assert title in lesson_box
    for page in (event, material, report):
        assert "Linked lesson" in related_box(get_html(client, page, "en"))


def test_a_link_entered_on_an_event_shows_on_the_pilot_and_the_material(
    client, make_event, make_pilot, make_material
):
    pilot = make_pilot(title_es="Piloto enlazado")
    material = make_material(title_es="Material usado")
    event = make_event(
        title_es="Reunión enlazada", relations={"pilots": [pilot], "materials": [material]}
    )
    assert "Reunión enlazada" in related_box(get_html(client, pilot, "es"))
    assert "Reunión enlazada" in related_box(get_html(client, material, "es"))
    # The pilot also gets the materials used at its events.
    assert "Material usado" in related_box(get_html(client, pilot, "es"))
    assert "Piloto enlazado" in related_box(get_html(client, event, "es"))


def test_unpublished_items_are_not_offered_as_related(client, make_lesson, make_event):
    event = make_event(title_es="Evento visible")
    lesson = make_lesson(title_es="Lección retirada", relations={"events": [event]})
    lesson.unpublish()
    assert "Lección retirada" not in get_html(client, event, "es")


# Event galleries ---------------------------------------------------------------------------


def test_gallery_captions_alt_texts_and_credits_follow_the_page_language(
    client, make_event, make_image
):
    photo = make_image(
        caption_es="Foro público en Lima",
        caption_en="Public forum in Lima",
        description_es="Personas en un auditorio",
        description_en="People in an auditorium",
        credit_es="Foto: equipo del programa",
        credit_en="Photo: programme team",
    )
    event = make_event(photos=[photo])
    spanish = get_html(client, event, "es")
    english = get_html(client, event, "en")
    assert 'alt="Personas en un auditorio"' in spanish
    assert "Foro público en Lima" in spanish and "Foto: equipo del programa" in spanish
    assert "Public forum in Lima" not in spanish
    assert 'alt="People in an auditorium"' in english
    assert "Public forum in Lima" in english and "Photo: programme team" in english
    assert "Foro público en Lima" not in english


def test_a_photo_without_english_alt_text_is_refused_in_a_gallery(make_image):
    image = make_image(description_en="")
    with pytest.raises(ValidationError) as refused:
        EventPhoto(image=image).clean()
    message = " ".join(refused.value.message_dict["image"])
    assert "alt text (English)" in message


def test_an_event_cannot_end_before_it_starts():
    event = EventPage(
        title="x", kind="workshop", start_date=day("2019-05-02"), end_date=day("2019-05-01")
    )
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert "end_date" in refused.value.message_dict


# Lessons updated after publication ---------------------------------------------------------


def update_notice(html):
    match = re.search(r'<div class="notice notice--update".*?</div>', html, re.S)
    return match.group(0) if match else ""


def test_an_updated_lesson_says_when_and_what_changed_in_both_languages(client, make_lesson):
    with freeze_time("2020-01-10 15:00:00"):
        lesson = make_lesson()
    assert update_notice(get_html(client, lesson, "es")) == ""

    with freeze_time("2021-03-05 15:00:00"):
        lesson.change_note_es = "Se añadió la evidencia de Ayacucho."
        lesson.change_note_en = "Added the evidence from Ayacucho."
        lesson.save_revision().publish()
    with freeze_time("2021-07-01 15:00:00"):
        # Published again without touching the note: the update keeps its date.
        lesson.statement_es = "Enunciado corregido."
        lesson.save_revision().publish()

    for language, note in (
        ("es", "Se añadió la evidencia de Ayacucho."),
        ("en", "Added the evidence from Ayacucho."),
    ):
        notice = update_notice(get_html(client, lesson, language))
        with translation.override(language):
            expected = gettext("Updated on %(date)s") % {
                "date": date_format(day("2021-03-05"), "DATE_FORMAT")
            }
        assert expected in notice
        assert note in notice


def test_a_note_written_before_first_publication_is_not_an_update(client, make_lesson):
    lesson = make_lesson(change_note_es="Versión inicial.")
    assert lesson.latest_update() is None
    assert update_notice(get_html(client, lesson, "es")) == ""


# Editions of training materials --------------------------------------------------------------


def test_an_earlier_edition_points_to_the_current_one_which_lists_it(client, make_material):
    from tests import builders

    material = make_material(edition_es="1.ª edición", edition_en="1st edition")
    first = material.versions.get()
    second = builders.edition(
        material, edition_es="2.ª edición", edition_en="2nd edition", edition_date="2020-01-01"
    )
    old = client.get(material.version_url(first, "en")).content.decode()
    assert 'class="notice notice--superseded"' in old
    assert f'href="{material.url_in("en")}"' in old
    new = get_html(client, material, "en")
    assert 'class="notice notice--superseded"' not in new
    editions = re.search(r'<section class="editions".*?</section>', new, re.S).group(0)
    assert "1st edition" in editions
    assert f'href="{material.version_url(first, "en")}"' in editions
    assert material.current_edition() == second


def test_two_editions_of_a_material_cannot_share_a_label(make_material):
    from tests import builders

    material = make_material(edition_es="1.ª edición")
    with pytest.raises(ValidationError):
        builders.edition(material, edition_es="1.ª edición", edition_date="2020-01-01")


# The admin ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    ["lesson", "event", "pilot", "material", "publication", "tracker", "section"],
)
def test_editors_can_open_every_page_type_in_the_admin(admin_client, sections, build):
    from tests import builders

    if build == "tracker":
        page = sections["tracker"]
    elif build == "section":
        page = sections["events"]
    else:
        page = getattr(builders, build)()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # Both languages side by side.
    assert 'name="title_es"' in html and 'name="title_en"' in html


def test_an_editor_adds_a_pilot_with_a_practice_in_the_admin(admin_client, sections, make_lesson):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    from tests import builders

    lesson = make_lesson()
    health = builders.term("sector", slug="salud", name_es="Salud", name_en="Health")
    url = reverse("wagtailadmin_pages:add", args=["knowledge", "pilotpage", sections["pilots"].pk])
    data = nested_form_data(
        {
            "title_es": "Piloto de Cusco",
            "title_en": "Cusco pilot",
            "slug_es": "piloto-de-cusco",
            "slug_en": "cusco-pilot",
            "intro_es": "Resumen",
            "description_es": rich_text("<p>Descripción</p>"),
            "start_date": "2020-01-15",
            "practices": inline_formset(
                [
                    {
                        "name_es": "Mesa de coordinación",
                        "name_en": "Coordination table",
                        "lesson": lesson.pk,
                    }
                ]
            ),
            "working_groups": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    # A multiple choice posts its key once per value, as a browser sends ticked boxes.
    data["practices-0-sectors"] = [str(health.pk)]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    pilot = PilotPage.objects.get(slug_es="piloto-de-cusco")
    assert pilot.live
    practice = pilot.practices.get()
    assert list(practice.sectors.all()) == [health]
    assert practice.compute_pathway().current.stage.slug == "documented"
