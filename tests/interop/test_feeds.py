"""Atom feeds per language: site, sections and protocols; parsed by feedparser."""

import datetime

import feedparser
import pytest
from freezegun import freeze_time
from wagtail.models import PageViewRestriction

from tests.interop.conftest import republish

pytestmark = pytest.mark.django_db


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response


def parse(response):
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def links(feed):
    return [entry.link for entry in feed.entries]


def test_site_feed_per_language_lists_public_items_in_that_language(
    client, make_lesson, make_publication
):
    bilingual = make_publication(title_es="Informe nuevo", title_en="New report")
    spanish_only = make_lesson(title_en="", slug_en="")
    hidden = make_lesson()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")

    spanish = parse(fetch(client, "/es/feeds/"))
    assert spanish.feed.language == "es"
    assert f"http://testserver{bilingual.url_in('es')}" in links(spanish)
    assert f"http://testserver{spanish_only.url_in('es')}" in links(spanish)
    assert all(hidden.slug_es not in link for link in links(spanish))
    titles = [entry.title for entry in spanish.entries]
    assert "Informe nuevo" in titles

    english = parse(fetch(client, "/en/feeds/"))
    assert english.feed.language == "en"
    assert f"http://testserver{bilingual.url_in('en')}" in links(english)
    assert "New report" in [entry.title for entry in english.entries]
    assert all(
        "leccion" not in link and spanish_only.slug_es not in link for link in links(english)
    )


def test_section_feeds_hold_only_their_section(client, make_lesson, make_event, make_material):
    lesson = make_lesson()
    event = make_event()
    material = make_material()
    lessons = parse(fetch(client, "/en/feeds/lessons/"))
    assert f"http://testserver{lesson.url_in('en')}" in links(lessons)
    assert f"http://testserver{event.url_in('en')}" not in links(lessons)
    assert f"http://testserver{event.url_in('en')}" in links(
        parse(fetch(client, "/en/feeds/events/"))
    )
    assert f"http://testserver{material.url_in('en')}" in links(
        parse(fetch(client, "/en/feeds/training/"))
    )
    parse(fetch(client, "/es/feeds/publications/"))
    assert client.get("/es/feeds/nothing-here/").status_code == 404


def test_protocol_feed_tells_of_approval_and_entry_into_force(client, make_work, make_version):
    work = make_work()
    with freeze_time("2031-05-01T15:00:00Z"):
        make_version(work, "2019", "2019-01-01")
        make_version(
            work,
            "2031",
            "2031-06-01",
            change_summary_es="Se incorpora la ruta de atención en salud.",
            change_summary_en="Adds the health care pathway.",
        )
        make_version(work, "borrador", None, published=False)
        republish(work)
        feed = parse(fetch(client, f"/en/feeds/protocol/{work.pk}/"))
        titles = [entry.title for entry in feed.entries]
        assert any(
            title.startswith("Version 2031 approved; it enters into force on") for title in titles
        )
        assert "Version 2019 entered into force on Jan. 1, 2019" in titles
        assert not any("borrador" in title for title in titles)
        assert not any("2031 entered into force" in title for title in titles)
        summary = next(e for e in feed.entries if "2031" in e.title).summary
        assert summary == "Adds the health care pathway."
        spanish = parse(fetch(client, f"/es/feeds/protocol/{work.pk}/"))
        assert spanish.feed.language == "es"
        assert any("Se incorpora la ruta" in entry.summary for entry in spanish.entries)

    with freeze_time("2031-06-02T15:00:00Z"):
        feed = parse(fetch(client, f"/en/feeds/protocol/{work.pk}/"))
        assert feed.entries[0].title == "Version 2031 entered into force on June 1, 2031"
        assert feed.entries[0].link.endswith(
            work.version_url(work.versions.get(label="2031"), "en")
        )


def test_protocol_feed_of_a_hidden_work_does_not_exist(client, make_work):
    work = make_work()
    PageViewRestriction.objects.create(page=work, restriction_type="login")
    assert client.get(f"/es/feeds/protocol/{work.pk}/").status_code == 404
    assert client.get("/es/feeds/protocol/999999/").status_code == 404


def test_feeds_answer_conditional_requests(client, make_lesson):
    make_lesson()
    first = fetch(client, "/es/feeds/lessons/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get("/es/feeds/lessons/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert (
        client.get("/es/feeds/lessons/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 304
    )
    with freeze_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)):
        make_lesson()
        response = client.get("/es/feeds/lessons/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200


def test_pages_announce_their_feeds_with_language(client, make_work, make_lesson):
    lesson = make_lesson()
    html = client.get(lesson.url_in("en")).content.decode()
    assert 'rel="alternate" type="application/atom+xml" hreflang="en"' in html
    assert 'href="http://testserver/en/feeds/lessons/"' in html
    assert 'href="http://testserver/en/feeds/"' in html
    work = make_work()
    html = client.get(work.url_in("es")).content.decode()
    assert f'href="http://testserver/es/feeds/protocol/{work.pk}/"' in html
    for url in ("/es/", "/en/"):
        assert "/feeds/" in client.get(url).content.decode()
