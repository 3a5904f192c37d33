"""schema.org JSON-LD on every content type, OpenGraph and Twitter previews; read by extruct."""

import datetime

import extruct
import pytest
from wagtail.models import Collection, CollectionViewRestriction

from core.models import Region
from knowledge.models import Audience
from tests.interop.conftest import republish

pytestmark = pytest.mark.django_db


def page_data(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return extruct.extract(
        response.content.decode(),
        base_url=f"http://testserver{url}",
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def json_ld(client, url):
    items = page_data(client, url)["json-ld"]
    assert len(items) == 1, items
    return items[0]


def opengraph(client, url):
    (graph,) = page_data(client, url)["opengraph"]
    return graph


def test_event_has_location_and_dates(client, make_event):
    region = Region.objects.get_or_create(slug="piura", defaults={"name": "Piura", "ubigeo": "20"})[
        0
    ]
    event = make_event(
        city_es="Sullana",
        start_date=datetime.date(2019, 5, 2),
        end_date=datetime.date(2019, 5, 3),
        relations={"regions": [region]},
    )
    data = json_ld(client, event.url_in("es"))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2019-05-02" and data["endDate"] == "2019-05-03"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Sullana"
    assert "Piura" in data["location"]["address"]["addressRegion"]
    assert data["inLanguage"] == "es"
    assert data["workTranslation"][0]["inLanguage"] == "en"
    assert data["workTranslation"][0]["url"] == f"http://testserver{event.url_in('en')}"


def test_training_material_is_a_course_with_audience_language_and_editions(
    client, make_material, make_document
):
    audience = Audience.objects.create(
        name_es="Operadores de salud", name_en="Health workers", slug="salud-sd"
    )
    from tests import builders

    second = make_material(
        edition_en="1st edition",
        duration_hours=12,
        relations={"audiences": [audience]},
        documents=[make_document(language="es")],
    )
    first = second.versions.get()
    builders.edition(
        second,
        edition_es="2.ª edición",
        edition_en="2nd edition",
        edition_date=datetime.date(2021, 1, 1),
        documents=[make_document(language="es"), make_document(language="en")],
    )
    data = json_ld(client, second.url_in("en"))
    assert set(data["@type"]) == {"Course", "LearningResource"}
    assert data["audience"][0]["educationalRole"] == "Health workers"
    assert data["inLanguage"] == "en"
    assert data["availableLanguage"] == ["en", "es"]
    assert data["timeRequired"] == "PT12H"
    assert data["version"] == "2nd edition"
    assert data["workExample"][0]["url"] == f"http://testserver{second.version_url(first, 'en')}"
    assert data["translationOfWork"]["inLanguage"] == "es"
    assert data["provider"]


def test_lesson_is_an_article_and_publication_a_report(client, make_lesson, make_publication):
    lesson = json_ld(client, make_lesson().url_in("es"))
    assert lesson["@type"] == "Article" and lesson["datePublished"] == "2019-06-01"
    assert lesson["headline"] and lesson["publisher"]["@type"] == "Organization"
    report = json_ld(client, make_publication(authors_es="Ana Pérez").url_in("en"))
    assert report["@type"] == "Report"
    assert report["author"][0] == {"@type": "Person", "name": "Ana Pérez"}


def test_every_page_type_carries_its_schema_org_type(client, home):
    from wagtail.models import Page

    from core import visibility
    from tests import builders

    builders.every_page_type(home)

    expected = {
        "homepage": "WebSite",
        "standardpage": "WebPage",
        "glossarypage": "DefinedTermSet",
        "lessonpage": "Article",
        "publicationpage": "Report",
        "eventpage": "Event",
        "pilotpage": "Project",
        "pilottrackerpage": "CollectionPage",
        "lessonindexpage": "CollectionPage",
        "eventindexpage": "CollectionPage",
        "pilotindexpage": "CollectionPage",
        "trainingindexpage": "CollectionPage",
        "publicationindexpage": "CollectionPage",
        "protocollibrarypage": "CollectionPage",
        "protocolworkpage": "Legislation",
        "trainingmaterialpage": ["Course", "LearningResource"],
    }
    seen = set()
    for page in visibility.public_pages(Page.objects.all()).specific():
        model = page.content_type.model
        if model in seen:
            continue
        seen.add(model)
        data = json_ld(client, page.url_in("es"))
        assert data["@type"] == expected[model], model
        assert data["inLanguage"] == "es", model
        graph = opengraph(client, page.url_in("en"))
        assert graph["og:image"].startswith("http://testserver/"), model
        assert graph["og:title"] and graph["og:locale"] == "en_GB", model
        image = client.get(graph["og:image"].removeprefix("http://testserver"))
        assert image.status_code == 200, (model, graph["og:image"])
    assert seen == set(expected)


def test_previews_use_the_page_image_only_when_public(client, make_lesson, make_image):
    picture = make_image()
    lesson = make_lesson(image=picture)
    graph = opengraph(client, lesson.url_in("es"))
    assert "/interop/img/preview" not in graph["og:image"]
    assert graph["og:image:alt"] == picture.description_es
    assert client.get(graph["og:image"].removeprefix("http://testserver")).status_code == 200
    html = client.get(lesson.url_in("es")).content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html

    private = Collection.get_first_root_node().add_child(name="Fotos privadas")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    picture.collection = private
    picture.save()
    graph = opengraph(client, lesson.url_in("es"))
    assert "/interop/img/preview" in graph["og:image"]


def test_legislation_tells_regional_jurisdiction_and_status_apart(client, make_work, make_version):
    region = Region.objects.get_or_create(
        slug="ayacucho", defaults={"name": "Ayacucho", "ubigeo": "05"}
    )[0]
    work = make_work(title_es="Ordenanza regional de prueba")
    work.regions = [region]
    republish(work)
    old = make_version(work, "2015", "2015-01-01", approving_instrument_type="ordenanza_regional")
    current = make_version(
        work, "2019", "2019-01-01", approving_instrument_type="ordenanza_regional"
    )
    upcoming = make_version(
        work, "2099", "2099-01-01", approving_instrument_type="ordenanza_regional"
    )
    republish(work)

    data = json_ld(client, work.url_in("es"))
    assert data["@type"] == "Legislation"
    assert data["legislationJurisdiction"]["name"] == "Ayacucho"
    statuses = {item["version"]: item["creativeWorkStatus"] for item in data["workExample"]}
    assert statuses == {"2015": "Superseded", "2019": "InForce", "2099": "NotYetInForce"}

    old_page = json_ld(client, work.version_url(old, "es"))
    assert old_page["legislationJurisdiction"]["name"] == "Ayacucho"
    assert old_page["creativeWorkStatus"] == "Superseded"
    assert old_page["expires"] == "2018-12-31"
    assert old_page["temporalCoverage"] == "2015-01-01/2018-12-31"
    future = json_ld(client, work.version_url(upcoming, "es"))
    assert future["creativeWorkStatus"] == "NotYetInForce"
    assert future["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert json_ld(client, work.version_url(current, "es"))["temporalCoverage"] == "2019-01-01/.."


def test_national_protocols_are_peruvian(client, make_work, make_version):
    work = make_work()
    make_version(work, "2019", "2019-01-01")
    republish(work)
    assert json_ld(client, work.url_in("es"))["legislationJurisdiction"] == "PE"
