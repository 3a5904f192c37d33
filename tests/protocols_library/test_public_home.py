"""The home page: every protocol and instrument in force one click away, with its status and
date, upcoming changes flagged, then training materials, lessons and events; one search box."""

import datetime
import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from protocols_library.models import ProtocolWorkPage
from tests import builders

pytestmark = pytest.mark.django_db


def in_force_section(html):
    match = re.search(r'<section class="home-section home-in-force".*?</section>', html, re.S)
    assert match, "the home page has no list of protocols in force"
    return match.group(0)


def item_of(section, title):
    for item in section.split('<li class="in-force-item">')[1:]:
        if title in item:
            return item.split("</li>")[0]
    raise AssertionError(f"{title!r} is not listed in force")


@pytest.fixture
def today():
    return timezone.localdate()


def test_home_links_every_work_in_force_with_its_status_and_date(
    client, make_work, make_version, today
):
    work = make_work("Protocolo de la casa", "House protocol")
    make_version(work, "2024", today - datetime.timedelta(days=30))
    html = client.get("/en/").content.decode()
    section = in_force_section(html)

    for candidate in ProtocolWorkPage.objects.live().public():
        timeline = candidate.timeline()
        if timeline.in_force is None:
            continue
        with_title = f'href="{candidate.url_in("en")}">{candidate.title_en}</a>'
        assert with_title in section.replace("&#x27;", "'"), candidate.title_en

    item = item_of(section, "House protocol")
    assert 'class="status status--in_force"' in item
    since = (today - datetime.timedelta(days=30)).strftime("%Y")
    assert "since " in item and since in item
    assert "Version 2024" in item


def test_home_flags_a_version_approved_for_later_in_the_caution_style(
    client, make_work, make_version, today
):
    work = make_work("Protocolo que cambia", "Changing protocol")
    make_version(work, "v1", today - datetime.timedelta(days=300))
    upcoming = make_version(work, "v2", today + datetime.timedelta(days=40))
    make_work("Protocolo sin versión", "Protocol without a version")

    html = client.get("/es/").content.decode()
    section = in_force_section(html)
    item = item_of(section, "Protocolo que cambia")
    assert 'class="in-force-item__upcoming"' in item
    assert 'class="status status--not_yet_in_force"' in item
    assert "entra en vigor el" in item
    assert f'href="{work.version_url(upcoming, "es")}"' in item
    # A work with nothing approved is not offered as "in force".
    assert "Protocolo sin versión" not in section


def test_home_lists_in_a_fixed_number_of_queries(client, home, make_work, make_version, today):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/es/").status_code == 200
        return len(queries)

    # Every section of the home page has something to show, a work in force with a change
    # approved for later among them.
    builders.every_page_type(home)
    work = make_work("Uno", "One")
    make_version(work, "v1", today - datetime.timedelta(days=10))
    make_version(work, "v2", today + datetime.timedelta(days=10))
    count()  # the first request fills per-process caches (site, translations)
    before = count()
    for number in range(5):
        work = make_work(f"Protocolo {number}", f"Protocol {number}")
        make_version(work, "v1", today - datetime.timedelta(days=10))
        make_version(work, "v2", today + datetime.timedelta(days=10))
    count()  # the first request after a change reads the site-wide answers again
    assert count() == before


def test_home_has_one_search_box_and_its_hint_in_the_pages_language(client):
    english = client.get("/en/").content.decode()
    spanish = client.get("/es/").content.decode()

    assert english.count('role="search"') == 1 and spanish.count('role="search"') == 1
    assert "For example: CEM protocol, training module, femicide." in english
    assert "protocolo CEM" not in english
    assert "Por ejemplo: protocolo CEM" in spanish


def test_home_offers_training_downloads_in_the_readers_language_first(client, home):
    training = builders.section("training", home)
    builders.material(training, documents=[builders.document("es"), builders.document("en")])
    builders.material(
        training,
        documents=[
            builders.document("en"),
            builders.document("es", "docx"),
            builders.document("es"),
        ],
    )
    for language, first, second in (
        ("en", "in English", "in Spanish"),
        ("es", "en español", "en inglés"),
    ):
        html = client.get(f"/{language}/").content.decode()
        training = re.search(
            r'<section class="home-section home-training".*?</section>', html, re.S
        )
        assert training, "the home page offers no training materials"
        links = re.findall(
            r'class="home-downloads__link" href="([^"]+)"[^>]*>([^<]+)</a>', training.group(0)
        )
        assert links
        # Every material's first download is the reader's language, and says so.
        groups = re.findall(r'<ul class="home-downloads">(.*?)</ul>', training.group(0), re.S)
        for group in groups:
            texts = re.findall(r">(Download [^<]+|Descargar [^<]+)</a>", group)
            assert first in texts[0], texts
            assert all(first in text or second in text for text in texts)
        for href, _text in links:
            response = client.get(href)
            assert response.status_code == 200
            assert response["Content-Type"] == "application/zip"
            assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
