"""The editorial translation status follows every translation language: with Quechua added,
each of English and Quechua has its report, its rows and its part of the dashboard."""

import pytest
from django.urls import reverse

from editorial.models import TranslationStampLanguage
from editorial.translation_status import outdated_fields
from tests import builders

pytestmark = pytest.mark.django_db


def report(client, language):
    response = client.get(reverse("quipu_translation_status_language", args=[language]))
    assert response.status_code == 200
    return response


def test_a_page_without_quechua_is_missing_in_the_quechua_report_only(admin_client, home):
    page = builders.standard_page(
        title_es="Solo dos idiomas",
        title_en="Two languages only",
        intro_es="Texto en castellano.",
        intro_en="English text.",
    )
    quechua = report(admin_client, "qu")
    assert page.pk in {missing.pk for missing in quechua.context["missing"]}
    body = quechua.content.decode()
    assert "Páginas sin quechua" in body
    assert "Solo dos idiomas" in body
    # The switcher offers both translation languages, each by its name.
    assert reverse("quipu_translation_status") in body and "Quechua" in body

    english = report(admin_client, "en")
    assert page.pk not in {missing.pk for missing in english.context["missing"]}
    assert page.pk not in {task["object"].pk for task in english.context["tasks"]}
    # The first address of the report is the English one.
    first = admin_client.get(reverse("quipu_translation_status"))
    assert first.context["code"] == "en"


def test_editing_the_spanish_leaves_english_and_quechua_behind(admin_client, home):
    page = builders.standard_page(
        title_es="Tres idiomas",
        title_en="Three languages",
        title_qu="Kimsa simikuna",
        slug_qu="kimsa-simikuna",
        intro_es="Texto en castellano.",
        intro_en="English text.",
        intro_qu="Runasimipi qillqa.",
    )
    rows = TranslationStampLanguage.objects.filter(stamp__page_id=page.pk)
    assert sorted(rows.values_list("language", flat=True)) == ["en", "es", "qu"]
    for language in ("en", "qu"):
        assert page.pk not in {
            stamp.page_id for stamp in report(admin_client, language).context["outdated"]
        }

    page.intro_es = "Texto en castellano, revisado."
    page.save_revision().publish()

    stamp = page.translation_stamp
    stamp.refresh_from_db()
    assert stamp.outdated_languages() == ["en", "qu"]
    for language in ("en", "qu"):
        assert outdated_fields(stamp, language) == ["intro"]
        response = report(admin_client, language)
        listed = {entry.page_id: entry for entry in response.context["outdated"]}
        assert page.pk in listed
        changed = {row.language: row.changed_at for row in rows.all()}
        assert listed[page.pk].source_changed_at == changed["es"]
        assert listed[page.pk].translation_changed_at == changed[language] < changed["es"]

    # The dashboard has a part for each translation language, each linking to its report.
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-language="en"' in dashboard and 'data-language="qu"' in dashboard
    assert "(cambió el español)" in dashboard
    assert reverse("quipu_translation_status_language", args=["qu"]) in dashboard


def test_a_quechua_address_is_offered_and_saved_in_a_draft(admin_client, home):
    page = builders.standard_page(
        title_es="Dirección quechua", title_qu="Runasimi sutiyuq", slug_qu="", intro_es="Texto."
    )
    body = report(admin_client, "qu").content.decode()
    action = reverse("quipu_use_translated_slug", args=["qu", page.pk])
    assert action in body and "runasimi-sutiyuq" in body
    assert admin_client.post(action).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().slug_qu == "runasimi-sutiyuq"
