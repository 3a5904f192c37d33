"""Documents and images uploaded through the Wagtail admin: good files in, bad files out."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection

from core.models import QuipuDocument, QuipuImage
from tests import files

pytestmark = pytest.mark.django_db


def files_in(folder):
    root = Path(settings.MEDIA_ROOT) / folder
    return {path.name for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def upload_document(client, name, content, **fields):
    data = {
        "title": fields.get("title", "Protocolo de prueba"),
        "title_en": fields.get("title_en", "Test protocol"),
        "language": fields.get("language", "es"),
        "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("wagtaildocs:add"), data)


def upload_image(client, name, content):
    data = {
        "title": "Taller regional",
        "title_en": "Regional workshop",
        "description_es": "Personas reunidas en un taller",
        "description_en": "People gathered at a workshop",
        "caption_es": "Taller regional (Ayacucho, 2019)",
        "caption_en": "Regional workshop (Ayacucho, 2019)",
        "credit_es": "Equipo del programa",
        "credit_en": "Programme team",
        "collection": Collection.get_first_root_node().pk,
        "file": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("wagtailimages:add"), data)


def rendered_errors(response):
    """Error messages as rendered: lazy messages are read in the language the admin used."""
    assert response.context["form"].errors
    return [response.content.decode()]


def test_pdf_upload_stores_hash_pages_and_extracted_text(
    admin_client, django_capture_on_commit_callbacks
):
    content = files.pdf_with_text("Protocolo de actuacion conjunta", "Atencion a sobrevivientes")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_document(admin_client, "protocolo.pdf", content)
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Protocolo de prueba")
    assert document.title_en == "Test protocol"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file_size == len(content)
    assert document.page_count == 2
    assert document.has_searchable_text
    assert "Atencion a sobrevivientes" in document.extracted_text


def test_docx_upload_extracts_paragraphs(admin_client, django_capture_on_commit_callbacks):
    content = files.docx_with_text("Lecciones aprendidas", "Grupo de trabajo CASE-Huamanga")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_document(admin_client, "lecciones.docx", content, title="Lecciones")
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Lecciones")
    assert "CASE-Huamanga" in document.extracted_text
    assert document.has_searchable_text


def test_scanned_pdf_is_accepted_and_marked_without_searchable_text(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_document(
            admin_client, "escaneado.pdf", files.scanned_pdf(), title="Acta escaneada"
        )
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Acta escaneada")
    assert document.page_count == 1
    assert not document.has_searchable_text
    assert document.extracted_text == ""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("informe.pdf", b"<html><script>alert(1)</script></html>", "su contenido no es un PDF"),
        ("informe.pdf", files.truncated_pdf(), "está dañado"),
        ("informe.pdf", files.encrypted_pdf(), "protegido con contraseña"),
        ("informe.docx", b"plain text pretending to be Word", "no es un documento de Word"),
        ("informe.docx", files.pdf_with_text("a PDF renamed"), "no es un documento de Word"),
    ],
    ids=["html-named-pdf", "truncated-pdf", "encrypted-pdf", "text-named-docx", "pdf-named-docx"],
)
def test_bad_document_is_refused_with_a_clear_message_and_leaves_nothing(
    admin_client, name, content, expected
):
    before_rows = QuipuDocument.objects.count()
    before_files = files_in("documents")
    response = upload_document(admin_client, name, content)
    assert response.status_code == 200
    assert any(expected in message for message in rendered_errors(response))
    assert QuipuDocument.objects.count() == before_rows
    assert files_in("documents") == before_files


def test_empty_document_is_refused(admin_client):
    response = upload_document(admin_client, "vacio.pdf", b"")
    assert response.status_code == 200
    assert rendered_errors(response)
    assert not QuipuDocument.objects.filter(title_es="Protocolo de prueba").exists()


def test_document_errors_speak_the_editors_language(admin_client, admin_user):
    """The admin speaks Spanish by default; an editor who chose English reads English."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    response = upload_document(admin_client, "informe.pdf", files.encrypted_pdf())
    assert any("protected with a password" in message for message in rendered_errors(response))


def test_image_upload_keeps_both_languages(admin_client):
    response = upload_image(admin_client, "taller.png", files.png())
    assert response.status_code == 302
    image = QuipuImage.objects.get(title_es="Taller regional")
    assert image.title_en == "Regional workshop"
    with translation.override("en"):
        assert image.alt_text == "People gathered at a workshop"
        assert image.caption == "Regional workshop (Ayacucho, 2019)"
    with translation.override("es"):
        assert image.alt_text == "Personas reunidas en un taller"
        assert image.credit == "Equipo del programa"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", files.png()),
        ("foto.png", b"GIF89a not really an image"),
        ("foto.png", b""),
    ],
    ids=["png-named-jpg", "garbage-named-png", "empty"],
)
def test_bad_image_is_refused_and_leaves_nothing(admin_client, name, content):
    before_rows = QuipuImage.objects.count()
    before_files = files_in("original_images")
    response = upload_image(admin_client, name, content)
    assert response.status_code == 200
    assert rendered_errors(response)
    assert QuipuImage.objects.count() == before_rows
    assert files_in("original_images") == before_files


def test_decompression_bomb_is_refused(admin_client):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    # 48 megapixels in a few kilobytes: more than WAGTAILIMAGES_MAX_IMAGE_PIXELS allows.
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    before_rows = QuipuImage.objects.count()
    response = upload_image(admin_client, "bomba.png", buffer.getvalue())
    assert response.status_code == 200
    assert any("48000000" in message for message in rendered_errors(response))
    assert QuipuImage.objects.count() == before_rows
