"""Promoted results: managed in the admin in both languages, shown on the public search with
the page's own address, title and description in the visitor's language."""

import re

import pytest
from django.utils import translation
from wagtail.contrib.search_promotions.models import SearchPromotion

from search.models import PromotionTranslation

pytestmark = pytest.mark.django_db

QUERY = "ruta prioritaria"


def promotion_form(page, description_es, description_en, **extra):
    data = {
        "query_string": QUERY,
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": str(page.pk),
        "editors_picks-0-external_link_url": "",
        "editors_picks-0-external_link_text": "",
        "editors_picks-0-description": description_es,
        "editors_picks-0-description_en": description_en,
        "editors_picks-0-external_link_text_en": "",
        "editors_picks-0-ORDER": "0",
        "editors_picks-0-DELETE": "",
    }
    data.update(extra)
    return data


def promoted(client, language):
    html = client.get(f"/{language}/search/", {"q": QUERY}).content.decode()
    match = re.search(r'<section class="promotions".*?</section>', html, re.S)
    assert match, "no promoted results on the page"
    return match.group(0)


@pytest.fixture
def lesson(pages):
    lesson = pages["lesson"]
    assert lesson.title_en and lesson.live
    return lesson


def test_an_administrator_promotes_a_page_in_both_languages(signed_in, lesson, client):
    admin = signed_in["administrator"]
    form = admin.get("/admin/searchpicks/add/").content.decode()
    assert 'name="editors_picks-__prefix__-description_en"' in form

    response = admin.post(
        "/admin/searchpicks/add/",
        promotion_form(
            lesson, "La ruta de atención, paso a paso", "The care pathway, step by step"
        ),
    )
    assert response.status_code == 302
    promotion = SearchPromotion.objects.get(query__query_string=QUERY)
    assert promotion.description == "La ruta de atención, paso a paso"
    assert PromotionTranslation.objects.get(promotion=promotion, language="en").description == (
        "The care pathway, step by step"
    )

    with translation.override("es"):
        spanish_url = lesson.get_url()
    with translation.override("en"):
        english_url = lesson.get_url()
    assert spanish_url != english_url

    spanish = promoted(client, "es")
    assert f'href="{spanish_url}"' in spanish
    assert lesson.title_es in spanish
    assert "La ruta de atención, paso a paso" in spanish
    assert "The care pathway" not in spanish

    english = promoted(client, "en")
    assert f'href="{english_url}"' in english
    assert lesson.title_en in english
    assert "The care pathway, step by step" in english
    assert "La ruta de atención" not in english

    # Editing the English description later, through the edit form.
    data = promotion_form(lesson, "La ruta de atención, paso a paso", "Step by step")
    data.update({"editors_picks-INITIAL_FORMS": "1", "editors_picks-0-id": str(promotion.pk)})
    response = admin.post(f"/admin/searchpicks/{promotion.query_id}/", data)
    assert response.status_code == 302
    assert "Step by step" in promoted(client, "en")


def test_an_english_visitor_never_gets_the_spanish_description(lesson, client):
    from wagtail.contrib.search_promotions.models import Query

    SearchPromotion.objects.create(
        query=Query.get(QUERY), page=lesson, description="Solo en castellano", sort_order=0
    )
    english = promoted(client, "en")
    assert lesson.title_en in english
    assert "Solo en castellano" not in english
    assert "Solo en castellano" in promoted(client, "es")
