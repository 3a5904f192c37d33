"""Site-wide answers kept from one request to the next, and fresh after any change.

Which site answers a host, its root page and sections, the programme's settings and the
privacy rules (restricted pages, private collections) are read on the first request after a
change and kept under the site's content generation (core/request_memo.py). These tests
read pages through Django's test client against the real database and cache, with the page
cache off, so what they see is the page being made.
"""

# The builders of the knowledge tests are imported as fixtures, so their names are reused.
# ruff: noqa: F811

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.models import ProgrammeSettings, StandardPage
from core.request_memo import shared
from tests.knowledge.conftest import make_document, make_lesson, sections  # noqa: F401

SITE_WIDE_TABLES = (
    "wagtailcore_site",
    "knowledge_programmesettings",
    "wagtailcore_pageviewrestriction",
    "wagtailcore_collectionviewrestriction",
)


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.PAGE_CACHE_ENABLED = False


def site_wide_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [
        query["sql"]
        for query in captured.captured_queries
        if any(f'"{table}"' in query["sql"] for table in SITE_WIDE_TABLES)
    ], response


def test_a_second_request_reads_no_site_wide_answer_again(client, make_lesson):
    lesson = make_lesson()
    url = lesson.url_in("en")
    first, _response = site_wide_queries(client, url)
    assert first, "the first request after a change reads the site and its rules"
    again, response = site_wide_queries(client, url)
    assert again == []
    assert lesson.title_en in response.content.decode()


def test_each_change_is_read_again_on_the_next_request(client, make_lesson):
    lesson = make_lesson()
    url = lesson.url_in("es")
    site_wide_queries(client, url)
    # Any change the public can see replaces the generation, whatever it touched.
    lesson.save_revision().publish()
    again, _response = site_wide_queries(client, url)
    assert again, "a change was made, the site-wide answers are read again"


def test_a_view_restriction_hides_a_page_and_its_card_at_once(client, make_lesson, sections):
    lesson = make_lesson()
    listing = sections["lessons"].url_in("en")
    assert lesson.title_en in client.get(listing).content.decode()
    assert lesson.statement_en in client.get(lesson.url_in("en")).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type="password", password="secreto"
    )
    assert lesson.title_en not in client.get(listing).content.decode()
    assert lesson.statement_en not in client.get(lesson.url_in("en")).content.decode()

    restriction.delete()
    assert lesson.title_en in client.get(listing).content.decode()
    assert lesson.statement_en in client.get(lesson.url_in("en")).content.decode()


def test_a_private_collection_hides_its_files_at_once(client, make_lesson, make_document):
    document = make_document()
    collection = Collection.get_first_root_node().add_child(name="Reservado")
    document.collection = collection
    document.save()
    lesson = make_lesson()
    lesson.source_document = document
    lesson.save_revision().publish()
    url = lesson.url_in("es")
    assert document.url in client.get(url).content.decode()

    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    assert document.url not in client.get(url).content.decode()


def test_the_programme_settings_shown_are_the_latest(client, home):
    url = home.url_in("en")
    client.get(url)
    programme = ProgrammeSettings.objects.get()
    programme.programme_name_en = "A renamed programme"
    programme.save()
    assert "A renamed programme" in client.get(url).content.decode()


def test_a_new_section_is_in_the_menu_and_served_and_gone_when_unpublished(client, home):
    url = home.url_in("es")
    client.get(url)
    section = StandardPage(
        title_es="Sección nueva", title_en="New section", slug_es="nueva", slug_en="new"
    )
    section.show_in_menus = True
    home.add_child(instance=section)
    section.save_revision().publish()

    assert 'href="/es/nueva/"' in client.get(url).content.decode()
    assert client.get("/en/new/").status_code == 200

    section.refresh_from_db()
    section.unpublish()
    assert 'href="/es/nueva/"' not in client.get(url).content.decode()
    assert client.get("/es/nueva/").status_code == 404


def test_a_section_leaves_the_menu_when_its_expiry_date_passes(client, home):
    """Whether a kept section is public is decided on each request, against the clock."""
    section = StandardPage(
        title_es="Temporal", title_en="Temporary", slug_es="temporal", slug_en="temporary"
    )
    section.show_in_menus = True
    section.expire_at = timezone.now() + datetime.timedelta(seconds=2)
    home.add_child(instance=section)
    url = home.url_in("es")
    assert 'href="/es/temporal/"' in client.get(url).content.decode()
    time.sleep(max(0.0, (section.expire_at - timezone.now()).total_seconds()) + 0.1)
    # No change was made in between: the site's sections are the ones kept.
    kept, response = site_wide_queries(client, url)
    assert kept == []
    assert 'href="/es/temporal/"' not in response.content.decode()


def test_without_a_readable_generation_every_answer_is_read_again(client, db, settings, tmp_path):
    """A generation that cannot be read (here, its file's directory does not exist) keeps
    nothing: each request reads the site-wide answers itself."""
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "missing" / "stamp")
    url = "/es/"
    for _ in range(2):
        queries, _response = site_wide_queries(client, url)
        assert queries
    calls = []
    for _ in range(2):
        shared("test", lambda: calls.append(1))
    assert len(calls) == 2


def test_the_shared_cache_keeps_them_for_every_process(client, db, shared_cache):
    """With Redis (as several app servers share it) the answers are kept there."""
    url = "/en/"
    first, _response = site_wide_queries(client, url)
    assert first
    again, _response = site_wide_queries(client, url)
    assert again == []


def between(html, start, end):
    head = html.index(start)
    return html[head : html.index(end, head)]


def test_a_root_with_too_many_sections_to_keep_reads_them_on_each_request(
    client, home, make_lesson, monkeypatch
):
    """Past MAX_KEPT_CHILDREN the root's children are read by each request, with the same
    navigation, the same home page lists and the same routing."""
    from django.core.cache import cache

    from core import routing

    lesson = make_lesson()
    urls = ["/es/", "/en/", lesson.url_in("es"), lesson.get_parent().specific.url_in("en")]
    kept = [client.get(url).content.decode() for url in urls]
    monkeypatch.setattr(routing, "MAX_KEPT_CHILDREN", 0)
    cache.clear()
    read = [client.get(url).content.decode() for url in urls]
    for before, after in zip(kept, read, strict=True):
        nav = ('<nav class="primary-nav"', "</nav>")
        assert between(after, *nav) == between(before, *nav)
    browse = ('class="browse-list', "</ul>")
    assert between(read[0], *browse) == between(kept[0], *browse)
    assert lesson.statement_es in read[2]
    queries, _response = site_wide_queries(client, "/es/")
    assert queries == []
    with CaptureQueriesContext(connection) as captured:
        client.get("/es/")
    assert any('"show_in_menus"' in query["sql"] for query in captured.captured_queries)
