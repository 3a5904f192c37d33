"""Editors see how many times each document was downloaded, in the listing and on its page.

The downloads are real: the document is fetched through Quipu's download address, which is
what counts them.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.models import Collection

from core.models import QuipuDocument
from tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def downloaded(signed_in):
    """A new document three people downloaded, and one nobody downloaded.

    Three people, as one person's repeats within seconds count once (core.download_counting).
    """

    collection = Collection.get_first_root_node().add_child(name="Guías de prueba")

    def make(title, filename):
        document = QuipuDocument(title_es=title, collection=collection, language="es")
        document.file.save(filename, ContentFile(files.pdf_with_text(title)), save=False)
        document.save()
        return document

    popular = make("Guía de descargas frecuentes", "guia-descargas-frecuentes.pdf")
    quiet = make("Guía de descargas nulas", "guia-descargas-nulas.pdf")
    for role in ("editor", "moderator", "administrator"):
        response = signed_in[role].get(popular.url)
        assert response.status_code == 200
        b"".join(response.streaming_content) if response.streaming else response.content
    popular.refresh_from_db()
    assert popular.download_count == 3
    return popular, quiet


@pytest.fixture
def editor_in(people):
    def client(language):
        browser = Client(HTTP_ACCEPT_LANGUAGE=language)
        browser.force_login(people["editor"])
        return browser

    return client


def listing(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def row_of(soup, document):
    title = soup.find(id=f"document_{document.pk}_title")
    assert title is not None, f"{document.title} is not listed"
    return title.find_parent("tr")


def downloads_cell(soup, document):
    headers = [" ".join(th.get_text(" ").split()) for th in soup.select("table thead th")]
    column = next(i for i, text in enumerate(headers) if text in {"Descargas", "Downloads"})
    return " ".join(row_of(soup, document).find_all("td")[column].get_text(" ").split())


def test_the_documents_listing_has_a_downloads_column_in_spanish(editor_in, downloaded):
    popular, quiet = downloaded
    soup = listing(editor_in("es"), "/admin/documents/?q=descargas")
    headers = [" ".join(th.get_text(" ").split()) for th in soup.select("table thead th")]
    assert "Descargas" in headers
    assert downloads_cell(soup, popular) == "3"
    assert downloads_cell(soup, quiet) == "0"


def test_the_downloads_column_is_in_english_in_the_english_admin(editor_in, downloaded):
    popular, _ = downloaded
    soup = listing(editor_in("en"), "/admin/documents/?ordering=-download_count")
    headers = [" ".join(th.get_text(" ").split()) for th in soup.select("table thead th")]
    assert "Downloads" in headers
    assert downloads_cell(soup, popular) == "3"


def test_the_listing_sorts_by_downloads(editor_in, downloaded):
    popular, quiet = downloaded
    soup = listing(editor_in("es"), "/admin/documents/?ordering=-download_count")
    first = soup.select_one("table tbody tr [id^=document_]")
    assert first["id"] == f"document_{popular.pk}_title"
    # Within their collection, the one nobody downloaded comes first in ascending order,
    # although its title sorts after the other's.
    in_collection = f"collection_id={popular.collection_id}"
    for ordering, expected in (("download_count", [quiet, popular]), ("title", [popular, quiet])):
        soup = listing(editor_in("es"), f"/admin/documents/?{in_collection}&ordering={ordering}")
        ids = [cell["id"] for cell in soup.select("table tbody tr [id^=document_]")]
        assert ids == [f"document_{document.pk}_title" for document in expected], ordering


def test_filtered_results_keep_the_downloads_column(editor_in, downloaded):
    """Filtering reloads only the results, from their own address; the column stays."""
    popular, _ = downloaded
    soup = listing(editor_in("es"), "/admin/documents/results/?q=frecuentes")
    assert downloads_cell(soup, popular) == "3"


def test_the_document_page_says_how_many_times_it_was_downloaded(editor_in, downloaded):
    popular, quiet = downloaded
    soup = listing(editor_in("es"), f"/admin/documents/edit/{popular.pk}/")
    block = soup.select_one(".quipu-document-downloads")
    assert block.dt.get_text(strip=True) == "Descargas"
    assert block.dd.get_text(strip=True) == "3"
    soup = listing(editor_in("es"), f"/admin/documents/edit/{quiet.pk}/")
    assert soup.select_one(".quipu-document-downloads dd").get_text(strip=True) == "0"
