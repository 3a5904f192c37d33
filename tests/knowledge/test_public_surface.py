"""What the public can reach: API, downloads, headers. Nothing private or draft leaks."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.models import QuipuDocument, StandardPage
from tests import builders, files

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_document(home):
    """A file in a sign-in-only collection, linked from a published page."""
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Solo equipo")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = QuipuDocument(title_es="Acta reservada", collection=collection, language="es")
    document.file.save(
        "acta-reservada.pdf", ContentFile(files.pdf_with_text("Reservado")), save=False
    )
    document.save()
    page = StandardPage(
        title_es="Actas",
        slug_es="actas-reservadas",
        body_es=[{"type": "document", "value": {"document": document.pk}}],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return document


@pytest.fixture
def public_document(make_document, make_material):
    document = make_document("es", "pdf", "Guía pública")
    # A file is public once a live page offers it (core.visibility).
    make_material(documents=[document])
    return document


@pytest.fixture
def pages(home):
    """A translated page and the glossary, as the demo's menu has them."""
    builders.standard_page(
        home,
        title_es="El Programa Conjunto y sus lecciones",
        title_en="The Joint Programme and its lessons",
        slug_es="programa",
        slug_en="programme",
    )
    builders.glossary_page(home, slug_es="glosario", slug_en="glossary")


def test_api_lists_only_live_public_pages_with_type_and_url(client, home, pages):
    draft = StandardPage(title_es="Borrador", slug_es="borrador-api", live=False)
    home.add_child(instance=draft)
    private = StandardPage(title_es="Privada", slug_es="privada-api")
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    data = client.get("/api/v2/pages/?limit=100").json()
    titles = {item["title"] for item in data["items"]}
    assert "El Programa Conjunto y sus lecciones" in titles
    assert "Borrador" not in titles and "Privada" not in titles
    for item in data["items"]:
        assert item["meta"]["type"].count(".") == 1
        assert item["meta"]["html_url"].startswith("http")
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_api_hides_documents_and_images_of_private_collections(
    client, private_document, public_document
):
    data = client.get("/api/v2/documents/?limit=100").json()
    ids = {item["id"] for item in data["items"]}
    assert public_document.pk in ids
    assert private_document.pk not in ids
    assert client.get(f"/api/v2/documents/{private_document.pk}/").status_code == 404
    detail = client.get(f"/api/v2/documents/{public_document.pk}/").json()
    assert detail["language"] == "es"


def test_download_is_an_attachment_with_safe_headers_and_is_counted(client, public_document):
    before = public_document.download_count
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    b"".join(response.streaming_content) if response.streaming else response.content
    # The same reader again at once is a double click; another reader is another download.
    client.get(public_document.url)
    Client().get(public_document.url)
    public_document.refresh_from_db()
    assert public_document.download_count == before + 2


def test_private_collection_document_is_not_served_to_the_public(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code in (302, 403)
    private_document.refresh_from_db()
    assert private_document.download_count == 0


def test_private_collection_document_is_served_to_a_signed_in_user(admin_client, private_document):
    response = admin_client.get(private_document.url)
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/es/", "/en/programme/", "/es/search/?q=protocolo"])
def test_public_pages_send_security_headers(client, pages, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy


def test_public_pages_need_no_inline_script_or_style_and_nothing_external(client, pages):
    for path in ("/es/", "/en/", "/es/programa/", "/en/glossary/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        # schema.org JSON-LD is a data block: never run, so the CSP does not apply to it.
        assert "<script" not in html.replace('<script type="application/ld+json">', ""), path
        assert " style=" not in html and "<style" not in html, path
        for attribute in ('src="http', 'href="http'):
            for chunk in html.split(attribute)[1:]:
                assert chunk.startswith("://testserver/"), (path, chunk[:60])
