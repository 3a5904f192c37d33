"""The anonymous page cache and HTTP caching: what is kept, for whom, and when it is fresh again.

Each invalidation test keeps a page in the cache (the second request is a hit with no query),
changes one thing the page shows the way an editor or the worker would, and expects the next
request to show the change. Runs on the local-memory cache and, where marked, on Redis.
"""

import datetime
import gzip
import io
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction, Site

from core.models import GlossaryTerm, ProgrammeSettings, QuipuDocument, Topic
from knowledge.models import LessonPage, PublicationFile
from operations import page_cache
from tests import builders
from tests.knowledge import conftest as knowledge_fixtures
from tests.protocols_library import conftest as protocol_fixtures

# The builders of the knowledge and protocols tests, shared here.
sections = knowledge_fixtures.sections
make_document = knowledge_fixtures.make_document
make_image = knowledge_fixtures.make_image
make_lesson = knowledge_fixtures.make_lesson
make_publication = knowledge_fixtures.make_publication
library = protocol_fixtures.library
make_work = protocol_fixtures.make_work
make_version = protocol_fixtures.make_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_SECONDS = 600
    # A stamp of this test's own, as another process's would be.
    settings.PAGE_CACHE_STAMP_FILE = str(tmp_path / "page-cache-stamp")
    settings.SEARCH_AUTOSYNC = False


def url_of(page, language="es"):
    with translation.override(language):
        return page.specific.get_url()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, response.content.decode()


def kept(client, url, django_assert_num_queries):
    """Reads `url` twice: the first answer is kept, the second comes from the cache, no query."""
    first, body = get(client, url)
    assert first.status_code == 200, url
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, again = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert again == body
    assert second["Content-Length"] == str(len(second.content))
    assert second["Content-Type"] == first["Content-Type"]
    return body


def fresh(client, url):
    response, body = get(client, url)
    assert response.get("X-Page-Cache") != "hit", url
    return response, body


# What is kept, and for whom -----------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_public_page_is_served_from_the_cache_without_queries(
    client, home, language, django_assert_num_queries
):
    body = kept(client, url_of(home, language), django_assert_num_queries)
    assert f'lang="{language}"' in body


def test_each_language_host_and_query_string_is_kept_apart(client, home, make_lesson):
    make_lesson(title_es="Lección apartada", title_en="Set-apart lesson", date=timezone.localdate())
    es, en = url_of(home, "es"), url_of(home, "en")
    assert get(client, es)[0]["X-Page-Cache"] == "miss"
    assert get(client, en)[0]["X-Page-Cache"] == "miss"
    assert get(client, f"{es}?page=2")[0]["X-Page-Cache"] == "miss"
    assert get(client, es, host="otro.example.org")[0].get("X-Page-Cache") != "hit"
    _, spanish = get(client, es)
    _, english = get(client, en)
    assert "Lección apartada" in spanish and "Set-apart lesson" not in spanish
    assert "Set-apart lesson" in english


def test_signed_in_people_are_never_served_nor_stored(client, home, admin_user):
    url = url_of(home)
    client.force_login(admin_user)
    for _ in range(2):
        response, _ = get(client, url)
        assert response.get("X-Page-Cache") is None
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    client.logout()
    client.cookies.clear()
    # Nothing the signed-in person saw was kept for the public.
    assert get(client, url)[0]["X-Page-Cache"] == "miss"


def test_a_visitor_with_a_session_is_not_served_from_the_cache(client, home):
    url = url_of(home)
    get(client, url)
    assert get(client, url)[0]["X-Page-Cache"] == "hit"
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "anything"
    assert get(client, url)[0].get("X-Page-Cache") is None


def test_posts_are_never_answered_from_the_cache(client, home):
    url = url_of(home)
    get(client, url)
    response = client.post(url)
    assert response.get("X-Page-Cache") != "hit"


def test_a_restricted_page_is_never_kept_and_says_private(client, home, make_lesson):
    lesson = make_lesson(statement_es="Texto reservado de la lección.")
    PageViewRestriction.objects.create(page=lesson, restriction_type="password", password="clave")
    url = url_of(lesson)
    for _ in range(2):
        response, body = get(client, url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None
        assert "Texto reservado" not in body
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
    restriction = PageViewRestriction.objects.get(page=lesson)
    with translation.override("es"):
        action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, lesson.pk])
    passed = client.post(
        action,
        {"password": "clave", "return_url": url},
    )
    assert passed.status_code == 302
    response, body = get(client, url)
    assert "Texto reservado" in body
    assert response.get("X-Page-Cache") is None
    assert "no-store" in response["Cache-Control"]
    # A stranger still gets the form, not the passer's page.
    response, body = get(client.__class__(), url)
    assert "Texto reservado" not in body


def test_search_results_are_not_kept(client, home):
    for _ in range(2):
        response = client.get("/es/search/", {"q": "protocolo"})
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None


def test_the_setting_turns_the_cache_off(client, home, settings):
    settings.PAGE_CACHE_ENABLED = False
    url = url_of(home)
    for _ in range(2):
        assert get(client, url)[0].get("X-Page-Cache") is None


# Invalidation -------------------------------------------------------------------------------


def test_publishing_a_new_page_refreshes_its_listing_and_the_home_page(
    client, home, sections, make_lesson, django_assert_num_queries
):
    listing, start = url_of(sections["lessons"]), url_of(home)
    kept(client, listing, django_assert_num_queries)
    kept(client, start, django_assert_num_queries)
    make_lesson(title_es="Lección recién publicada", date=timezone.localdate())
    assert "Lección recién publicada" in fresh(client, listing)[1]
    assert "Lección recién publicada" in fresh(client, start)[1]


def test_publishing_a_change_refreshes_the_page(client, make_lesson, django_assert_num_queries):
    lesson = make_lesson(title_es="Título primero")
    url = url_of(lesson)
    kept(client, url, django_assert_num_queries)
    lesson.title_es = "Título corregido"
    # A draft is not public: the cached page may stay until it is published.
    lesson.save_revision()
    lesson.get_latest_revision().publish()
    assert "Título corregido" in fresh(client, url)[1]


def test_unpublishing_a_page_refreshes_it_and_its_listing(
    client, sections, make_lesson, django_assert_num_queries
):
    lesson = make_lesson(title_es="Lección por retirar")
    url, listing = url_of(lesson), url_of(sections["lessons"])
    kept(client, url, django_assert_num_queries)
    assert "Lección por retirar" in kept(client, listing, django_assert_num_queries)
    lesson.unpublish()
    assert fresh(client, url)[0].status_code == 404
    assert "Lección por retirar" not in fresh(client, listing)[1]


def test_moving_a_page_refreshes_its_old_address(
    client, home, make_lesson, django_assert_num_queries
):
    from core.models import StandardPage

    lesson = make_lesson(title_es="Lección que se muda")
    old = url_of(lesson)
    kept(client, old, django_assert_num_queries)
    shelf = StandardPage(title_es="Estante", title_en="Shelf", slug_es=f"e-{uuid.uuid4().hex[:6]}")
    home.add_child(instance=shelf)
    lesson.move(shelf, pos="last-child")
    # Wagtail leaves a redirect from the old address to the new one.
    response, _ = fresh(client, old)
    assert response.status_code == 301
    assert response["Location"] == url_of(LessonPage.objects.get(pk=lesson.pk))


def test_deleting_a_page_refreshes_it_and_its_listing(
    client, sections, make_lesson, django_assert_num_queries
):
    lesson = make_lesson(title_es="Lección por borrar")
    url, listing = url_of(lesson), url_of(sections["lessons"])
    kept(client, url, django_assert_num_queries)
    kept(client, listing, django_assert_num_queries)
    LessonPage.objects.get(pk=lesson.pk).delete()
    assert fresh(client, url)[0].status_code == 404
    assert "Lección por borrar" not in fresh(client, listing)[1]


def test_a_new_view_restriction_takes_the_page_out_at_once(
    client, make_lesson, django_assert_num_queries
):
    lesson = make_lesson(statement_es="Texto que pasa a ser reservado.")
    url = url_of(lesson)
    assert "pasa a ser reservado" in kept(client, url, django_assert_num_queries)
    PageViewRestriction.objects.create(page=lesson, restriction_type="login")
    _, body = fresh(client, url)
    assert "pasa a ser reservado" not in body


def test_a_document_changing_refreshes_the_pages_listing_it(
    client, make_publication, make_document, django_assert_num_queries
):
    document = make_document(name="informe-primero.pdf")
    publication = make_publication()
    PublicationFile.objects.create(page=publication, document=document)
    publication.save_revision().publish()
    url = url_of(publication)
    assert "informe-primero.pdf" in kept(client, url, django_assert_num_queries)
    document = QuipuDocument.objects.get(pk=document.pk)
    document.title_es = "Informe con título nuevo"
    document.save()
    assert "Informe con título nuevo" in fresh(client, url)[1]


def test_an_image_changing_refreshes_the_pages_showing_it(
    client, make_lesson, make_image, django_assert_num_queries
):
    image = make_image(caption_es="Leyenda primera")
    lesson = make_lesson(image=image)
    url = url_of(lesson)
    assert "Leyenda primera" in kept(client, url, django_assert_num_queries)
    image.caption_es = "Leyenda corregida"
    image.save()
    assert "Leyenda corregida" in fresh(client, url)[1]


def test_a_taxonomy_term_renamed_refreshes_the_pages_tagged_with_it(
    client, make_lesson, django_assert_num_queries
):
    topic = Topic.objects.create(name_es="Tema primero", name_en="First topic", slug="tema-x1")
    lesson = make_lesson(relations={"topics": [topic]})
    url = url_of(lesson)
    assert "Tema primero" in kept(client, url, django_assert_num_queries)
    topic.name_es = "Tema renombrado"
    topic.save()
    assert "Tema renombrado" in fresh(client, url)[1]


def test_a_glossary_term_changing_refreshes_the_glossary(client, home, django_assert_num_queries):
    glossary = builders.glossary_page(home)
    term = GlossaryTerm.objects.create(
        term_es="QPX", term_en="QPX", expansion_es="Primera expansión", slug="qpx"
    )
    url = url_of(glossary)
    assert "Primera expansión" in kept(client, url, django_assert_num_queries)
    term.expansion_es = "Expansión corregida"
    term.save()
    assert "Expansión corregida" in fresh(client, url)[1]
    term.delete()
    assert "Expansión corregida" not in fresh(client, url)[1]


def test_settings_changing_refresh_every_page(client, home, django_assert_num_queries):
    url = url_of(home)
    kept(client, url, django_assert_num_queries)
    programme = ProgrammeSettings.for_site(Site.objects.get(is_default_site=True))
    programme.programme_name = "Programa con nombre nuevo"
    programme.save()
    assert "Programa con nombre nuevo" in fresh(client, url)[1]


def test_a_collection_made_private_refreshes_the_pages(
    client, make_lesson, make_image, django_assert_num_queries
):
    collection = Collection.get_first_root_node().add_child(name=f"C {uuid.uuid4().hex[:6]}")
    image = make_image(caption_es="Foto que se vuelve privada", collection=collection)
    lesson = make_lesson(image=image)
    url = url_of(lesson)
    assert "Foto que se vuelve privada" in kept(client, url, django_assert_num_queries)
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    assert "Foto que se vuelve privada" not in fresh(client, url)[1]


def test_a_version_published_on_its_own_screen_refreshes_the_work(
    client, make_work, make_version, django_assert_num_queries
):
    work = make_work()
    make_version(work, "v1", "2020-01-01")
    url = url_of(work)
    assert "v1" in kept(client, url, django_assert_num_queries)
    make_version(work, "v2", "2021-01-01")
    assert "v2" in fresh(client, url)[1]


def test_a_version_entering_into_force_at_midnight_in_lima_refreshes_the_work(
    client, settings, make_work, make_version, django_assert_num_queries
):
    # Kept for days, so only the day in the key can make the page fresh.
    settings.PAGE_CACHE_SECONDS = 3 * 24 * 3600
    work = make_work()
    make_version(work, "v1", "2020-01-01")
    make_version(work, "v2", "2031-06-15")
    url = url_of(work)
    # 23:59 and 00:01 in Lima (UTC-5).
    with freeze_time("2031-06-15 04:59:00"):
        assert "Texto de la versión v1" in kept(client, url, django_assert_num_queries)
    with freeze_time("2031-06-15 05:01:00"):
        assert "Texto de la versión v2" in fresh(client, url)[1]


def test_the_daily_command_refreshes_the_works_it_announces(
    client, make_work, make_version, django_assert_num_queries
):
    work = make_work()
    make_version(work, "v1", "2020-01-01")
    make_version(work, "v2", "2024-06-15")
    url = url_of(work)
    kept(client, url, django_assert_num_queries)
    call_command("versions_changed_status", "--date", "2024-06-15", stdout=io.StringIO())
    assert fresh(client, url)[0]["X-Page-Cache"] == "miss"


def test_a_page_is_not_served_past_its_expiry(client, make_lesson):
    lesson = make_lesson(title_es="Lección que caduca")
    with freeze_time(timezone.now()) as clock:
        lesson.expire_at = timezone.now() + datetime.timedelta(seconds=30)
        lesson.save_revision().publish()
        url = url_of(lesson)
        assert get(client, url)[0]["X-Page-Cache"] == "miss"
        assert get(client, url)[0]["X-Page-Cache"] == "hit"
        clock.tick(31)
        assert get(client, url)[0].status_code == 404


def test_a_change_in_another_process_reaches_this_one(client, home, django_assert_num_queries):
    """The worker and the other web processes share the stamp file with the local cache; a
    process that keeps no pages itself (the cache off there) still announces its changes."""
    url = url_of(home)
    kept(client, url, django_assert_num_queries)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PAGE_CACHE_STAMP_FILE": django_settings.PAGE_CACHE_STAMP_FILE,
        "PAGE_CACHE_ENABLED": "false",
    }
    environment.pop("REDIS_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from operations import page_cache; "
            "page_cache.content_changed()",
        ],
        check=True,
        env=environment,
        cwd=django_settings.BASE_DIR,
        timeout=120,
    )
    assert get(client, url)[0]["X-Page-Cache"] == "miss"


# Shared cache (Redis) ---------------------------------------------------------------------


def test_pages_are_kept_in_redis_and_refreshed_on_publishing(
    client, shared_cache, home, make_lesson, django_assert_num_queries
):
    url = url_of(home)
    kept(client, url, django_assert_num_queries)
    make_lesson(title_es="Lección en Redis", date=timezone.localdate())
    assert "Lección en Redis" in fresh(client, url)[1]


def test_a_cache_that_does_not_answer_is_a_miss_and_changes_are_announced_again(
    client, settings, home, make_lesson, caplog
):
    from config.settings.base import cache_settings

    settings.CACHES = cache_settings("redis://127.0.0.1:1/15", f"test-{uuid.uuid4().hex[:8]}")
    url = url_of(home)
    for _ in range(2):
        response, _ = get(client, url)
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None
    make_lesson(title_es="Lección sin caché", date=timezone.localdate())
    assert page_cache._pending["bump"]
    assert "Lección sin caché" in get(client, url)[1]
    page_cache._pending["bump"] = False


# HTTP caching -----------------------------------------------------------------------------


@pytest.mark.parametrize("cached", [True, False])
def test_public_pages_may_be_kept_by_browsers_and_proxies_for_a_short_time(
    client, home, settings, cached
):
    settings.PAGE_CACHE_ENABLED = cached
    for _ in range(2):
        response, _ = get(client, url_of(home))
        words = {word.strip() for word in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "s-maxage=60"} <= words


@pytest.mark.parametrize("cached", [True, False])
def test_a_conditional_get_of_a_page_answers_304(client, home, settings, cached):
    settings.PAGE_CACHE_ENABLED = cached
    url = url_of(home)
    response, _ = get(client, url)
    assert response["ETag"]
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    if cached:
        since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
        assert since.status_code == 304


def test_a_conditional_get_after_a_change_answers_the_new_page(client, make_lesson):
    lesson = make_lesson(title_es="Antes del cambio")
    url = url_of(lesson)
    response, _ = get(client, url)
    lesson.title_es = "Después del cambio"
    lesson.save_revision().publish()
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 200
    assert "Después del cambio" in again.content.decode()
    assert again["ETag"] != response["ETag"]


@pytest.mark.parametrize(
    "url",
    ["/sitemap.xml", "/api/v2/pages/?type=knowledge.LessonPage", "/es/feeds/"],
)
def test_sitemap_api_and_feeds_answer_304_to_a_conditional_get(client, make_lesson, url):
    make_lesson()
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"]
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_the_sitemap_is_kept_and_refreshed_on_publishing(
    client, make_lesson, django_assert_num_queries
):
    kept(client, "/sitemap.xml", django_assert_num_queries)
    lesson = make_lesson(title_es="Lección en el mapa")
    assert url_of(lesson).rstrip("/") in fresh(client, "/sitemap.xml")[1]


def test_downloads_are_always_asked_of_the_server_and_counted(
    client, make_publication, make_document
):
    document = make_document(name="contado.pdf")
    publication = make_publication()
    PublicationFile.objects.create(page=publication, document=document)
    publication.save_revision().publish()
    browsers = [client.__class__(HTTP_USER_AGENT="Mozilla/5.0 Firefox/130.0") for _ in range(2)]
    for browser in browsers:
        response = browser.get(document.url)
        assert response.status_code == 200
        words = {word.strip() for word in response["Cache-Control"].split(",")}
        assert {"private", "no-cache"} <= words
        assert response.get("X-Page-Cache") is None
    document.refresh_from_db()
    assert document.download_count == 2


def test_a_head_request_is_answered_from_a_kept_page_but_never_stores_one(client, home):
    url = url_of(home)
    assert client.head(url).get("X-Page-Cache") is None
    assert get(client, url)[0]["X-Page-Cache"] == "miss"
    head = client.head(url)
    assert head.status_code == 200
    assert head["X-Page-Cache"] == "hit"


def test_the_not_found_page_is_kept_until_a_page_is_published_at_its_address(
    client, sections, make_lesson, django_assert_num_queries
):
    address = f"{url_of(sections['lessons'])}leccion-aun-no-publicada/"
    first, _ = get(client, address)
    assert first.status_code == 404
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, _ = get(client, address)
    assert (second.status_code, second["X-Page-Cache"]) == (404, "hit")
    make_lesson(title_es="Lección por fin publicada", slug_es="leccion-aun-no-publicada")
    response, body = fresh(client, address)
    assert response.status_code == 200
    assert "Lección por fin publicada" in body


# A hit as cheap as a static file ------------------------------------------------------------


def test_a_hit_is_answered_before_sessions_locale_csrf_authentication_and_redirects():
    order = [name.rsplit(".", 1)[-1] for name in django_settings.MIDDLEWARE]
    cache_at = order.index("PageCacheMiddleware")
    # What a hit still goes through: the request log, the security headers, static files.
    assert order[:cache_at] == [
        "RequestLogMiddleware",
        "SecurityMiddleware",
        "WhiteNoiseMiddleware",
    ]
    for name in [
        "SessionMiddleware",
        "LocaleMiddleware",
        "RateLimitMiddleware",
        "CsrfViewMiddleware",
        "AuthenticationMiddleware",
        "MessageMiddleware",
        "XFrameOptionsMiddleware",
        "ContentSecurityPolicyMiddleware",
        "RedirectMiddleware",
        "RequestMemoMiddleware",
        "ConditionalGetMiddleware",
    ]:
        assert order.index(name) > cache_at, name


SECURITY_HEADERS = [
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
]


@pytest.mark.parametrize("encoding", ["gzip, deflate, br", ""])
def test_a_hit_carries_every_header_a_fresh_page_does(client, home, settings, encoding):
    settings.SECURE_HSTS_SECONDS = 3600
    url = url_of(home)

    def ask():
        return client.get(url, secure=True, headers={"accept-encoding": encoding})

    settings.PAGE_CACHE_ENABLED = False
    normal = ask()
    assert normal.get("X-Page-Cache") is None
    settings.PAGE_CACHE_ENABLED = True
    miss, hit = ask(), ask()
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in SECURITY_HEADERS:
        assert normal[header], header
        assert miss[header] == hit[header] == normal[header], header
    assert set(miss.headers) == set(hit.headers)
    for header in set(miss.headers) - {"Date", "X-Page-Cache"}:
        assert miss[header] == hit[header], header
    # What the cache adds to a page: it says so, and when it was made (for If-Modified-Since).
    added = {"X-Page-Cache", "Last-Modified"} | ({"Content-Encoding"} if encoding else set())
    assert set(hit.headers) - set(normal.headers) == added
    assert set(normal.headers) <= set(hit.headers)


def test_a_kept_page_is_sent_compressed_to_readers_that_accept_gzip(client, home):
    url = url_of(home)
    miss = client.get(url, headers={"accept-encoding": "gzip"})
    assert miss["Content-Encoding"] == "gzip"
    page = gzip.decompress(miss.content)
    assert b"<html" in page
    assert "Accept-Encoding" in miss["Vary"]
    hit = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
    assert hit["Content-Length"] == str(len(hit.content))
    assert hit["ETag"] == miss["ETag"]
    # The same page for a reader that does not accept gzip, from the same cache entry.
    plain = client.get(url, headers={"accept-encoding": "identity"})
    assert plain["X-Page-Cache"] == "hit"
    assert plain.get("Content-Encoding") is None
    assert plain.content == page
    assert "Accept-Encoding" in plain["Vary"]
    # One page, two encodings: the compressed one's ETag is the weak form of the plain one's,
    # and either answers a conditional GET of the other with a 304.
    assert hit["ETag"] == f"W/{plain['ETag']}"
    for etag, encoding in [(plain["ETag"], "gzip"), (hit["ETag"], "identity")]:
        again = client.get(url, headers={"if-none-match": etag, "accept-encoding": encoding})
        assert (again.status_code, again["X-Page-Cache"]) == (304, "hit")


def test_a_page_emptied_from_this_process_cache_is_made_again(client, home):
    """The pages a process keeps at hand follow its own cache: emptied there, gone here."""
    from django.core.cache import cache

    url = url_of(home)
    get(client, url)
    assert get(client, url)[0]["X-Page-Cache"] == "hit"
    cache.clear()
    assert get(client, url)[0]["X-Page-Cache"] == "miss"


def test_a_kept_page_is_kept_in_the_shared_cache_for_the_other_processes(
    client, shared_cache, home
):
    """With Redis the kept page (both encodings) is there for the other processes: one that
    has not seen it yet answers it from Redis without making it."""
    url = url_of(home)
    miss = client.get(url, headers={"accept-encoding": "gzip"})
    assert miss["X-Page-Cache"] == "miss"
    page_cache.hot_pages.clear()
    hit = client.get(url, headers={"accept-encoding": "gzip"})
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == miss.content
