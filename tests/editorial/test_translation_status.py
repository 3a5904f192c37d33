"""The translation tracker reads words field by field, covers versions, links to the field."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    querydict_from_html,
    rich_text,
)

from core.models import GlossaryPage, StandardPage
from editorial.panels import translation_details, translation_work

pytestmark = pytest.mark.django_db


def task_for(user, obj):
    tasks, _offers = translation_details(user, "en")
    return next((task for task in tasks if task["object"].pk == obj.pk), None)


def fields_of(links):
    return sorted(link["field"] for link in links)


def anchor_exists(client, url):
    """The link's #fragment names an element of the edit form it opens."""
    path, _hash, anchor = url.partition("#")
    assert anchor, url
    html = client.get(path).content.decode()
    return f'id="{anchor}"' in html


def test_first_spanish_edit_in_the_admin_leaves_the_english_behind(admin_client, admin_user, home):
    page = GlossaryPage(
        title_es="Glosario de prueba",
        title_en="Test glossary",
        slug_es="glosario-prueba",
        slug_en="test-glossary",
        intro_es="<p>Términos del programa.</p>",
        intro_en="<p>Programme terms.</p>",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    assert page.pk not in {stamp.page_id for stamp in translation_work(admin_user, "en")[1]}

    # The editor changes only the Spanish title; saving the form also rewrites both
    # introductions' markup (rich text normalisation), but not their words.
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = querydict_from_html(admin_client.get(edit).content.decode(), form_id="page-edit-form")
    data["title_es"] = "Glosario de prueba, revisado"
    data["intro_es"] = rich_text("<p>Términos del programa.</p>")
    data["intro_en"] = rich_text("<p>Programme terms.</p>")
    assert admin_client.post(edit, data).status_code == 302
    english_markup = GlossaryPage.objects.get(pk=page.pk).get_latest_revision().content["intro_en"]
    assert english_markup != "<p>Programme terms.</p>"  # the markup was rewritten...

    task = task_for(admin_user, page)
    assert task is not None
    assert fields_of(task["outdated"]) == ["title"]  # ...but only the title is behind
    assert task["missing"] == []
    assert page.pk in {stamp.page_id for stamp in translation_work(admin_user, "en")[1]}


def test_english_title_with_no_english_body_is_flagged_with_links_to_the_fields(
    admin_client, admin_user, home
):
    page = StandardPage(
        title_es="Página a medias",
        title_en="Half-translated page",
        slug_es="pagina-a-medias",
        slug_en="half-translated-page",
        intro_es="Introducción en castellano.",
        body_es=[{"type": "paragraph", "value": "<p>Cuerpo en castellano.</p>"}],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    task = task_for(admin_user, page)
    assert fields_of(task["missing"]) == ["body", "intro"]
    for link in task["missing"]:
        assert link["url"].startswith(reverse("wagtailadmin_pages:edit", args=[page.pk]) + "#")
        assert anchor_exists(admin_client, link["url"]), link
    report = admin_client.get(reverse("quipu_translation_status")).content.decode()
    assert "Página a medias" in report
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert re.search(r"Página a medias</a>:\s*<a href=\"[^\"]+#panel-", dashboard)

    # Writing the English body and introduction clears it.
    page.intro_en = "English introduction."
    page.body_en = [{"type": "paragraph", "value": "<p>English body.</p>"}]
    page.save_revision()
    assert task_for(admin_user, page) is None


def test_protocol_version_texts_are_tracked(admin_client, admin_user, home):
    from protocols_library.models import ProtocolLibraryPage, ProtocolVersion, ProtocolWorkPage

    library = ProtocolLibraryPage(title_es="Biblioteca T", title_en="Library T", slug_es="bib-t")
    home.add_child(instance=library)
    work = ProtocolWorkPage(title_es="Obra T", title_en="Work T", slug_es="obra-t")
    library.add_child(instance=work)
    version = ProtocolVersion(
        page=work,
        label="v1",
        effective_date=datetime.date(2020, 1, 1),
        sections_es=[{"type": "section", "value": {"heading": "Objeto", "body": "<p>Texto.</p>"}}],
        change_summary_es="Primera versión.",
    )
    version.save()
    version.save_revision()
    task = task_for(admin_user, version)
    assert task is not None
    assert fields_of(task["missing"]) == ["change_summary", "sections"]
    assert task["title"] == "Obra T — v1"
    for link in task["missing"]:
        assert link["url"].startswith(version.admin_edit_url + "#")
        assert anchor_exists(admin_client, link["url"]), link


def test_english_address_is_offered_when_english_is_added(admin_client, admin_user, client, home):
    page = StandardPage(title_es="Solo castellano", slug_es="solo-castellano-t")
    home.add_child(instance=page)
    page.save_revision().publish()
    # English is added later; the English address keeps the Spanish slug.
    page.title_en = "Spanish only no more"
    page.intro_es = "Texto."
    page.intro_en = "Text."
    page.save_revision().publish()
    assert client.get("/en/solo-castellano-t/").status_code == 200

    _tasks, offers = translation_details(admin_user, "en")
    offer = next(offer for offer in offers if offer["page"].pk == page.pk)
    assert offer["suggestion"] == "spanish-only-no-more"
    report = admin_client.get(reverse("quipu_translation_status")).content.decode()
    assert "spanish-only-no-more" in report

    response = admin_client.post(reverse("quipu_use_english_slug", args=[page.pk]))
    assert response.status_code == 302
    page = StandardPage.objects.get(pk=page.pk)
    # A draft: nothing public changes until it is published.
    assert page.slug_en != "spanish-only-no-more"
    assert page.get_latest_revision_as_object().slug_en == "spanish-only-no-more"
    page.get_latest_revision().publish()
    assert client.get("/en/spanish-only-no-more/").status_code == 200
    _tasks, offers = translation_details(admin_user, "en")
    assert page.pk not in {offer["page"].pk for offer in offers}


def test_using_the_english_address_needs_edit_permission(client, django_user_model, home):
    page = StandardPage(title_es="Protegida", title_en="Protected", slug_es="protegida-t")
    home.add_child(instance=page)
    page.save_revision().publish()
    user = django_user_model.objects.create_user("lector-t", password="x" * 12)
    client.force_login(user)
    response = client.post(reverse("quipu_use_english_slug", args=[page.pk]))
    assert response.status_code in (302, 403)
    assert StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().slug_en in (
        None,
        "",
        "protegida-t",
    )


def rows_of(page):
    from editorial.models import TranslationStampLanguage

    return {
        row.language: row for row in TranslationStampLanguage.objects.filter(stamp__page_id=page.pk)
    }


def test_each_language_has_a_row_with_its_fingerprint_and_latest_change(home):
    page = StandardPage(
        title_es="Página con filas",
        title_en="Page with rows",
        slug_es="pagina-con-filas",
        intro_es="Texto.",
        intro_en="Text.",
    )
    home.add_child(instance=page)
    first = page.save_revision()
    rows = rows_of(page)
    assert sorted(rows) == ["en", "es"]
    assert all(len(row.digest) == 64 for row in rows.values())
    assert rows["es"].digest != rows["en"].digest
    assert rows["es"].changed_at == rows["en"].changed_at == first.created_at

    # Only the Spanish changes: its row moves on, the English row stays.
    page.intro_es = "Texto revisado."
    second = page.save_revision()
    later = rows_of(page)
    assert later["es"].changed_at == second.created_at > first.created_at
    assert later["es"].digest != rows["es"].digest
    assert (later["en"].digest, later["en"].changed_at) == (rows["en"].digest, first.created_at)
    assert page.translation_stamp.outdated_languages() == ["en"]

    # Without any English text, the English row goes.
    page.title_en, page.intro_en = "", ""
    page.save_revision()
    assert sorted(rows_of(page)) == ["es"]


def test_the_report_of_the_first_translation_answers_at_both_addresses(admin_client, home):
    page = StandardPage(
        title_es="Informe por idioma",
        title_en="Report per language",
        slug_es="informe-por-idioma",
        intro_es="Texto.",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    first = admin_client.get(reverse("quipu_translation_status"))
    named = admin_client.get(reverse("quipu_translation_status_language", args=["en"]))
    for response in (first, named):
        assert response.status_code == 200
        body = response.content.decode()
        assert "Informe por idioma" in body
        # The words follow the language's name, in the admin's language (Spanish here).
        assert "Por completar o actualizar en inglés, campo por campo" in body
        assert "Con español, sin inglés" in body


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        ("es", "No hay informe de traducciones para “%s”"),
        ("en", "There is no translation report for “%s”"),
    ],
)
@pytest.mark.parametrize("code", ["xx", "es"])
def test_a_report_in_a_language_that_is_not_a_translation_is_refused(
    admin_user, home, accept, message, code
):
    from django.test import Client
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = accept
    profile.save()
    browser = Client()
    browser.force_login(admin_user)
    url = reverse("quipu_translation_status_language", args=[code])
    response = browser.get(url, follow=True)
    assert response.redirect_chain == [(reverse("quipu_translation_status"), 302)]
    assert message % code in response.content.decode()


def test_the_address_action_takes_its_language_and_refuses_an_unknown_one(admin_client, home):
    page = StandardPage(title_es="Dirección propia", slug_es="direccion-propia-t")
    home.add_child(instance=page)
    page.save_revision().publish()
    page.title_en = "Own address"
    page.save_revision().publish()

    refused = admin_client.post(reverse("quipu_use_translated_slug", args=["xx", page.pk]))
    assert refused.status_code == 302
    assert StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().slug_en in (
        None,
        "",
        "direccion-propia-t",
    )
    report = admin_client.get(reverse("quipu_translation_status")).content.decode()
    assert reverse("quipu_use_translated_slug", args=["en", page.pk]) in report
    assert "Usar esta dirección en inglés" in report

    response = admin_client.post(reverse("quipu_use_translated_slug", args=["en", page.pk]))
    assert response.status_code == 302
    assert StandardPage.objects.get(pk=page.pk).get_latest_revision_as_object().slug_en == (
        "own-address"
    )
