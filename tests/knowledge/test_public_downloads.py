"""Public download counts as repositories count them (COUNTER): robots and double clicks left
out, nothing personal kept, and robots.txt keeps well-behaved crawlers off the files."""

import datetime

import pytest
from freezegun import freeze_time

from core.download_counting import is_robot

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Safari/537.36"


def downloads(document):
    document.refresh_from_db()
    return document.download_count


def fetch(client, document, user_agent=BROWSER):
    response = client.get(document.url, HTTP_USER_AGENT=user_agent)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.fixture
def public_document(make_document, make_material):
    document = make_document("es", "pdf", "Guía pública")
    # A file is public once a live page offers it (core.visibility).
    make_material(documents=[document])
    return document


@pytest.mark.parametrize(
    "user_agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126",
    ],
)
def test_robots_are_served_but_not_counted(client, public_document, user_agent):
    before = downloads(public_document)
    fetch(client, public_document, user_agent)
    assert downloads(public_document) == before


def test_people_are_counted(client, public_document):
    before = downloads(public_document)
    fetch(client, public_document)
    assert downloads(public_document) == before + 1


def test_a_double_click_counts_once_and_a_later_download_counts_again(client, public_document):
    start = datetime.datetime(2026, 3, 2, 10, 0, 0, tzinfo=datetime.UTC)
    before = downloads(public_document)
    with freeze_time(start) as clock:
        fetch(client, public_document)
        clock.tick(10)
        fetch(client, public_document)
        assert downloads(public_document) == before + 1
        clock.tick(31)
        fetch(client, public_document)
        assert downloads(public_document) == before + 2


def test_another_reader_within_the_same_seconds_counts(client, public_document):
    from django.test import Client

    before = downloads(public_document)
    fetch(client, public_document)
    fetch(Client(REMOTE_ADDR="203.0.113.7"), public_document)
    assert downloads(public_document) == before + 2


def test_robot_patterns_leave_browsers_alone():
    assert not is_robot(BROWSER)
    assert not is_robot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1")
    assert is_robot("Mozilla/5.0 (compatible; YandexBot/3.0)")


def test_robots_txt_keeps_crawlers_off_files_and_archives(client):
    body = client.get("/robots.txt").content.decode()
    for path in ("/documents/", "/*/zip/", "/*/descargar/", "/*/download/"):
        assert f"Disallow: {path}\n" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
