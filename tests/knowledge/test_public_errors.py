"""The site's own error pages: in the visitor's language, with a search box and a way back."""

import re

import pytest
from django.test import Client

from core.models import HomePage
from tests import builders

pytestmark = pytest.mark.django_db


def links(html):
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)


@pytest.mark.parametrize(
    ("path", "language", "heading", "home_text", "library_text"),
    [
        (
            "/en/no-such-page/",
            "en",
            "Page not found",
            "Home page",
            "Protocols and instruments in force",
        ),
        (
            "/es/no-existe/",
            "es",
            "Página no encontrada",
            "Página de inicio",
            "Protocolos e instrumentos vigentes",
        ),
    ],
)
def test_unknown_address_answers_the_sites_404_with_search_home_and_library(
    client, home, path, language, heading, home_text, library_text
):
    library = builders.library()
    response = client.get(path)
    html = response.content.decode()

    assert response.status_code == 404
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert (f"/{language}/", home_text) in links(html)
    assert (library.url_in(language), library_text) in links(html)
    # One search box, inside the page: the header's is left out, so landmarks stay unique.
    assert html.count('role="search"') == 1
    assert f'action="/{language}/search/"' in html


@pytest.fixture
def failing_home(monkeypatch):
    def fail(self, request, *args, **kwargs):
        raise RuntimeError("a bug in the home page")

    # Stands in for any bug in a view: the error page, not the bug, is under test.
    monkeypatch.setattr(HomePage, "serve", fail)


@pytest.mark.parametrize(
    ("path", "language", "heading", "search_label"),
    [
        (
            "/en/",
            "en",
            "Something went wrong on the server",
            "Search for what you were looking for",
        ),
        ("/es/", "es", "Ocurrió un error en el servidor", "Busque lo que necesitaba"),
    ],
)
def test_server_error_answers_in_the_visitors_language_with_search_and_links(
    failing_home, home, path, language, heading, search_label
):
    client = Client(raise_request_exception=False)
    library = builders.library()

    response = client.get(path)
    html = response.content.decode()

    assert response.status_code == 500
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f'<label for="error-search">{search_label}</label>' in html
    assert f'action="/{language}/search/"' in html
    hrefs = [href for href, _text in links(html)]
    assert f"/{language}/" in hrefs
    assert library.url_in(language) in hrefs
    # The other language is one click away.
    other = "es" if language == "en" else "en"
    assert f"/{other}/" in hrefs


def test_server_error_page_still_answers_when_the_database_does_not(failing_home, monkeypatch):
    from protocols_library.templatetags import protocols_tags

    def database_down(request=None):
        raise ConnectionError("database unreachable")

    # A database outage cannot be staged inside the test's own transaction; the lookup the
    # error page makes is made to fail as it would then.
    monkeypatch.setattr(protocols_tags, "library_address", database_down)
    response = Client(raise_request_exception=False).get("/en/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on the server" in html
    assert 'href="/en/"' in html
