"""The sitemap lists protocol version and history pages deliberately, hreflang as the pages say."""

import pytest
from lxml import etree
from lxml import html as lxml_html

from tests.interop.conftest import republish

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    entries = {}
    for url in tree.findall("s:url", NS):
        location = url.find("s:loc", NS).text
        lastmod = url.find("s:lastmod", NS)
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        entries[location] = (lastmod.text if lastmod is not None else None, alternates)
    return entries


def head_alternates(client, url):
    tree = lxml_html.fromstring(client.get(url).content)
    return {
        link.get("hreflang"): link.get("href")
        for link in tree.xpath('//link[@rel="alternate"][@hreflang][not(@type)]')
    }


def test_version_and_history_pages_are_listed_with_lastmod_and_hreflang(
    client, make_work, make_version
):
    work = make_work()
    old = make_version(work, "2015", "2015-01-01")
    current = make_version(work, "2020", "2020-01-01")
    draft = make_version(work, "borrador", None, published=False)
    republish(work)
    entries = sitemap(client)

    for version in (old, current):
        for language in ("es", "en"):
            url = f"http://testserver{work.version_url(version, language)}"
            assert url in entries, url
            lastmod, alternates = entries[url]
            assert lastmod
            # The sitemap's alternates are the ones the page itself announces.
            assert alternates == head_alternates(client, url.removeprefix("http://testserver"))
            page = client.get(url.removeprefix("http://testserver"))
            assert page.status_code == 200
            assert 'name="robots" content="noindex"' not in page.content.decode()
    assert not any(draft.slug in url for url in entries)
    history = f"http://testserver{work.route_url('history', 'es')}"
    assert history in entries
    assert not any("compar" in url for url in entries)

    # Nothing listed is reachable only from the sitemap: the history links every version,
    # and the work page links the history.
    history_html = client.get(work.route_url("history", "es")).content.decode()
    for version in (old, current):
        assert work.version_url(version, "es") in history_html
    assert work.route_url("history", "es") in client.get(work.url_in("es")).content.decode()


def test_a_spanish_only_protocol_lists_its_versions_in_spanish_only(
    client, make_work, make_version
):
    work = make_work(title_en="")
    version = make_version(work, "2019", "2019-01-01")
    republish(work)
    entries = sitemap(client)
    spanish = f"http://testserver{work.version_url(version, 'es')}"
    assert spanish in entries
    assert set(entries[spanish][1]) == {"es"}
    assert f"http://testserver{work.version_url(version, 'en')}" not in entries


def test_versions_of_hidden_works_are_not_listed(client, make_work, make_version):
    from wagtail.models import PageViewRestriction

    work = make_work()
    version = make_version(work, "2019", "2019-01-01")
    republish(work)
    PageViewRestriction.objects.create(page=work, restriction_type="password", password="x")
    entries = sitemap(client)
    assert not any(f"/v/{version.slug}/" in url and work.slug in url for url in entries)
