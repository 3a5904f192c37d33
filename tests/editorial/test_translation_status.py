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
    tasks, _offers = translation_details(user)
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
    assert page.pk not in {stamp.page_id for stamp in translation_work(admin_user)[1]}

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
    assert page.pk in {stamp.page_id for stamp in translation_work(admin_user)[1]}


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

    _tasks, offers = translation_details(admin_user)
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
    _tasks, offers = translation_details(admin_user)
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
