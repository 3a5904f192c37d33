"""Media forms tell editors what their fields do; the admin asks nothing of Gravatar."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.files import pdf_with_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_in_spanish(db):
    user = get_user_model().objects.create_superuser(
        "editora-jefa", email="editora-jefa@example.org", password="x" * 20
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)
    return client


def test_no_admin_screen_asks_gravatar_for_an_avatar(admin_in_spanish):
    for url in ("/admin/", "/admin/account/", "/admin/users/", "/admin/documents/"):
        html = admin_in_spanish.get(url).content.decode()
        assert "gravatar" not in html.lower(), url


def test_image_form_says_the_description_becomes_the_alt_text(admin_in_spanish):
    html = admin_in_spanish.get("/admin/images/multiple/add/").content.decode()
    html += admin_in_spanish.get("/admin/images/chooser/").content.decode()
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "Se convierte en el texto alternativo de la imagen" in text


def new_document_form(client):
    html = client.get("/admin/documents/chooser/").json()["html"]
    return BeautifulSoup(html, "html.parser").select_one("select[name$=language]")


def test_a_new_document_asks_for_its_language_instead_of_assuming_spanish(admin_in_spanish):
    select = new_document_form(admin_in_spanish)
    selected = select.select_one("option[selected]")
    assert selected is not None and selected["value"] == ""
    assert selected.get_text(strip=True) == "Elija el idioma del archivo"


def upload(client, **fields):
    return client.post(
        "/admin/documents/chooser/create/",
        {
            "document-chooser-upload-title": "Acta de la mesa",
            "document-chooser-upload-file": SimpleUploadedFile(
                "acta-mesa.pdf", pdf_with_text("Acta de la mesa"), "application/pdf"
            ),
            "document-chooser-upload-collection": "1",
            **fields,
        },
    )


def test_a_document_uploaded_without_a_language_is_refused_with_a_message(admin_in_spanish):
    from core.models import QuipuDocument

    before = QuipuDocument.objects.count()
    response = upload(admin_in_spanish)
    assert QuipuDocument.objects.count() == before
    payload = response.json()
    assert payload["step"] == "reshow_creation_form"
    errors = BeautifulSoup(payload["htmlFragment"], "html.parser").select_one(
        "[data-contentpath=language] .w-field__errors"
    )
    assert "Este campo es necesario" in errors.get_text()

    upload(admin_in_spanish, **{"document-chooser-upload-language": "en"})
    assert QuipuDocument.objects.get(title_es="Acta de la mesa").language == "en"


def test_an_existing_document_keeps_its_language(admin_in_spanish):
    from core.models import QuipuDocument

    document = QuipuDocument(title_es="Informe", language="en")
    document.file.save("informe.pdf", io.BytesIO(pdf_with_text("Informe")), save=False)
    document.save()
    html = admin_in_spanish.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    select = BeautifulSoup(html, "html.parser").select_one("select[name=language]")
    assert select.select_one("option[selected]")["value"] == "en"
    assert not re.search("Elija el idioma", str(select))
