"""Media in a private S3-compatible bucket: uploads, downloads, ZIPs, text, renditions, deletion.

Every test here talks to a real S3 server process (the `s3_server` fixture: moto's server on
a free port) through django-storages and boto3, exactly as production talks to AWS S3 or
MinIO, with a bucket of its own (`object_storage`). What reached the server is read back
from it directly, not through Django.
"""
# The knowledge tests' builders are imported as fixtures, so test arguments "redefine" them.
# ruff: noqa: F811

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import http_date
from PIL import Image
from wagtail.models import Collection, CollectionViewRestriction

from core.models import QuipuDocument, QuipuImage
from core.storage import MediaStorage, storage_status
from tests import files
from tests.knowledge.conftest import (  # noqa: F401 - fixtures used by these tests
    make_document,
    make_image,
    make_material,
    sections,
)

pytestmark = pytest.mark.django_db


def png(size=(64, 48), colour=(20, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_document(client, name, content, title="Protocolo en el depósito", collection=None):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "title_en": "Protocol in the bucket",
            "language": "es",
            "collection": (collection or Collection.get_first_root_node()).pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def upload_image(client, name, content):
    return client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Taller en el depósito",
            "title_en": "Workshop in the bucket",
            "description_es": "Personas en un taller",
            "description_en": "People at a workshop",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def local_files(folder):
    root = Path(settings.MEDIA_ROOT) / folder
    return {path.name for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def anonymous_get(bucket, key):
    """What anyone on the internet gets for the object's plain address: no credentials."""
    return requests.get(f"{bucket.endpoint_url}/{bucket.name}/{key}", timeout=10)


def test_an_admin_upload_is_stored_in_the_bucket_with_hash_size_pages_and_text(
    object_storage, admin_client, django_capture_on_commit_callbacks
):
    content = files.pdf_with_text("Protocolo en el depósito", "Atencion integral en Huamanga")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload_document(admin_client, "protocolo-deposito.pdf", content)
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Protocolo en el depósito")
    assert document.file.name == "documents/protocolo-deposito.pdf"
    assert object_storage.keys() == {"documents/protocolo-deposito.pdf"}
    assert object_storage.read(document.file.name) == content
    assert "protocolo-deposito.pdf" not in local_files("documents")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.file_size == len(content)
    # Text extraction (a background task) read the file back from the bucket.
    assert document.page_count == 2
    assert "Atencion integral en Huamanga" in document.extracted_text
    # The bucket is private: the object has no public address.
    assert anonymous_get(object_storage, document.file.name).status_code == 403


def test_two_uploads_with_the_same_name_keep_two_objects(object_storage, admin_client):
    first = files.pdf_with_text("Primera versión")
    second = files.pdf_with_text("Segunda versión")
    upload_document(admin_client, "acta.pdf", first, title="Acta 1")
    upload_document(admin_client, "acta.pdf", second, title="Acta 2")
    one = QuipuDocument.objects.get(title_es="Acta 1")
    two = QuipuDocument.objects.get(title_es="Acta 2")
    assert one.file.name != two.file.name
    assert object_storage.read(one.file.name) == first
    assert object_storage.read(two.file.name) == second


def test_a_download_is_counted_and_sent_from_the_bucket_as_an_attachment(
    object_storage, client, make_document, make_material
):
    data = files.pdf_with_text("Guía de atención")
    document = make_document("es", "pdf", name="guia-deposito.pdf", data=data)
    make_material(documents=[document])
    assert object_storage.keys() == {document.file.name}
    assert document.url.startswith("/documents/")

    response = client.get(document.url)

    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Length"] == str(len(data))
    assert QuipuDocument.objects.get(pk=document.pk).download_count == 1


def test_a_private_collection_document_is_refused_and_not_counted(
    object_storage, client, admin_client, make_document, make_material
):
    document = make_document("es", "pdf", name="reservado-deposito.pdf")
    collection = Collection.get_first_root_node().add_child(name="Reservado depósito")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document.collection = collection
    document.save()
    make_material(documents=[document])

    response = client.get(document.url)

    assert response.status_code in {302, 403, 404}
    assert b"%PDF" not in body(response)
    assert QuipuDocument.objects.get(pk=document.pk).download_count == 0
    # Signed in, the same address sends the file.
    assert body(admin_client.get(document.url)).startswith(b"%PDF")


def test_the_training_zip_holds_every_file_read_from_the_bucket(
    object_storage, client, make_document, make_material
):
    documents = [
        make_document("es", "pdf", "Guía del módulo", name="modulo-guia-es.pdf"),
        make_document("es", "docx", "Fichas del módulo", name="modulo-fichas-es.docx"),
    ]
    material = make_material(documents=documents)

    response = client.get(material.archive_url("es"))

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    assert archive.testzip() is None
    assert sorted(archive.namelist()) == sorted(d.filename for d in documents)
    for document in documents:
        assert archive.read(document.filename) == object_storage.read(document.file.name)
        assert QuipuDocument.objects.get(pk=document.pk).download_count == 1


def test_text_is_extracted_from_a_word_file_in_the_bucket(object_storage, admin_client):
    from core.tasks import extract_document_text

    content = files.docx_with_text("Lecciones aprendidas", "Grupo de trabajo CASE-Huamanga")
    document = QuipuDocument(title_es="Lecciones en el depósito", language="es")
    document.file.save("lecciones-deposito.docx", ContentFile(content), save=False)
    document.save()
    assert object_storage.keys() == {"documents/lecciones-deposito.docx"}
    QuipuDocument.objects.filter(pk=document.pk).update(extracted_text="")

    extract_document_text.enqueue(document.pk)

    document.refresh_from_db()
    assert "CASE-Huamanga" in document.extracted_text
    assert document.has_searchable_text


def test_renditions_are_made_from_the_bucket_and_served_by_quipu(
    object_storage, admin_client, client
):
    original = png()
    response = upload_image(admin_client, "taller-deposito.png", original)
    assert response.status_code == 302
    image = QuipuImage.objects.get(title_es="Taller en el depósito")
    assert image.file.name == "original_images/taller-deposito.png"
    assert object_storage.read(image.file.name) == original

    rendition = image.get_rendition("width-32|format-webp")

    assert rendition.file.name.startswith("images/")
    assert rendition.file.name in object_storage.keys()
    stored = object_storage.read(rendition.file.name)
    assert Image.open(io.BytesIO(stored)).size == (32, 24)
    # The page links to Quipu's address, never to the bucket; Quipu reads the object.
    assert rendition.url == f"/media/{rendition.file.name}"
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert body(response) == stored
    again = client.get(rendition.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    assert client.get(image.file.url).status_code == 200
    # The bucket itself answers nobody without credentials.
    assert anonymous_get(object_storage, rendition.file.name).status_code == 403
    assert anonymous_get(object_storage, image.file.name).status_code == 403


def test_a_private_collection_image_is_not_sent_to_the_public(
    object_storage, client, admin_client, make_image
):
    collection = Collection.get_first_root_node().add_child(name="Fotos reservadas depósito")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    image = make_image(collection=collection)
    rendition = image.get_rendition("width-20")
    assert {image.file.name, rendition.file.name} <= object_storage.keys()

    for address in (rendition.url, image.file.url):
        assert client.get(address).status_code == 404, address
        assert anonymous_get(object_storage, address.removeprefix("/media/")).status_code == 403
        signed_in = admin_client.get(address)
        assert signed_in.status_code == 200
        assert "private" in signed_in["Cache-Control"]


def test_the_image_address_never_reaches_a_document_or_a_missing_object(
    object_storage, client, make_document
):
    document = make_document("es", "pdf", name="secreto-deposito.pdf")
    for address in (
        f"/media/images/../{document.file.name}",
        f"/media/images/%2e%2e/{document.file.name}",
        f"/media/original_images/../{document.file.name}",
        "/media/images/no-such-file.webp",
        f"/media/{document.file.name}",
    ):
        response = client.get(address, HTTP_IF_MODIFIED_SINCE=http_date(0))
        assert response.status_code == 404, address
    assert QuipuDocument.objects.get(pk=document.pk).download_count == 0


def test_deleting_a_document_in_the_admin_removes_its_object(
    object_storage, admin_client, django_capture_on_commit_callbacks
):
    upload_document(admin_client, "para-borrar.pdf", files.pdf_with_text("Borrador"))
    document = QuipuDocument.objects.get(title_es="Protocolo en el depósito")
    assert object_storage.keys() == {document.file.name}

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtaildocs:delete", args=[document.pk]))

    assert response.status_code == 302
    assert not QuipuDocument.objects.filter(pk=document.pk).exists()
    assert object_storage.keys() == set()


def test_deleting_an_image_removes_its_original_and_its_renditions(
    object_storage, admin_client, django_capture_on_commit_callbacks
):
    upload_image(admin_client, "foto-para-borrar.png", png())
    image = QuipuImage.objects.get(title_es="Taller en el depósito")
    # Beside the sizes pages use, made when the image was saved (core.renditions).
    made_on_save = object_storage.keys("images/")
    image.get_rendition("width-20")
    image.get_rendition("fill-10x10")
    assert len(object_storage.keys("images/")) == len(made_on_save) + 2
    assert len(object_storage.keys("original_images/")) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("wagtailimages:delete", args=[image.pk]))

    assert response.status_code == 302
    assert object_storage.keys() == set()


def test_replacing_a_documents_file_in_the_admin_removes_the_old_object(
    object_storage, admin_client, django_capture_on_commit_callbacks
):
    upload_document(admin_client, "primera.pdf", files.pdf_with_text("Primera"))
    document = QuipuDocument.objects.get(title_es="Protocolo en el depósito")
    replacement = files.pdf_with_text("Segunda")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": document.title_es,
                "title_en": document.title_en,
                "language": "es",
                "collection": document.collection_id,
                "file": SimpleUploadedFile("segunda.pdf", replacement),
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert object_storage.keys() == {"documents/segunda.pdf"}
    assert document.sha256 == hashlib.sha256(replacement).hexdigest()


def test_storage_status_says_whether_the_bucket_answers(object_storage, s3_server):
    assert storage_status() == (True, "")
    ok, reason = storage_status(MediaStorage(bucket_name="quipu-no-such-bucket"))
    assert not ok
    assert "object storage not reachable" in reason
    assert "quipu-test-secret" not in reason and s3_server not in reason
    unreachable = MediaStorage(endpoint_url="http://127.0.0.1:9", bucket_name=object_storage.name)
    assert storage_status(unreachable, timeout=0.5)[0] is False


def test_without_a_bucket_media_stays_on_the_local_disk():
    from django.core.files.storage import FileSystemStorage

    assert not settings.MEDIA_IN_OBJECT_STORAGE
    assert isinstance(default_storage, FileSystemStorage)
    assert storage_status() == (True, "")
