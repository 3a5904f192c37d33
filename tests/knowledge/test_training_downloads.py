"""Training materials: files per language, counted downloads, one streamed ZIP per language."""

import io
import os
import zipfile

import pytest

from core.downloads import CHUNK_SIZE, WriteOnlyBuffer, entries_for, stream_archive
from core.models import QuipuDocument
from tests import builders

pytestmark = pytest.mark.django_db


def streamed(response):
    assert response.streaming, "the archive must be streamed, not built in memory"
    return list(response.streaming_content)


def archive_of(chunks):
    return zipfile.ZipFile(io.BytesIO(b"".join(chunks)))


def counts(documents):
    return {d.pk: QuipuDocument.objects.get(pk=d.pk).download_count for d in documents}


@pytest.fixture
def module(make_material, make_document):
    files = {
        "es": [
            make_document("es", "pdf", "Guía en español", name="guia-es.pdf"),
            make_document("es", "docx", "Fichas en español", name="fichas-es.docx"),
        ],
        "en": [make_document("en", "pdf", "Guide in English", name="guide-en.pdf")],
    }
    material = make_material(documents=[*files["es"], *files["en"]])
    return material, files


def test_each_language_zip_holds_exactly_that_languages_files(client, module):
    material, files = module
    for language in ("es", "en"):
        response = client.get(material.archive_url(language))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert response["Content-Disposition"] == (
            f'attachment; filename="{material.slug}-{language}.zip"'
        )
        archive = archive_of(streamed(response))
        assert archive.testzip() is None
        expected = {document.filename: document for document in files[language]}
        assert sorted(archive.namelist()) == sorted(expected)
        for name, document in expected.items():
            with document.file.open("rb") as original:
                assert archive.read(name) == original.read()


def test_the_zip_is_offered_in_the_page_language_under_its_translated_address(client, module):
    material, _files = module
    english = client.get(material.url_in("en")).content.decode()
    assert f'href="{material.url_in("en")}zip/en/"' in english
    assert "Download the whole module in English (ZIP)" in english
    response = client.get(f"{material.url_in('en')}zip/en/")
    assert response.status_code == 200


def test_a_zip_download_counts_once_for_every_file_it_contains(client, module):
    material, files = module
    before = counts(files["es"] + files["en"])
    streamed(client.get(material.archive_url("es")))
    after = counts(files["es"] + files["en"])
    for document in files["es"]:
        assert after[document.pk] == before[document.pk] + 1
    for document in files["en"]:
        assert after[document.pk] == before[document.pk]
    # And one file downloaded alone counts once too.
    single = files["en"][0]
    response = client.get(single.url)
    b"".join(response.streaming_content) if response.streaming else response.content
    assert counts([single])[single.pk] == before[single.pk] + 1


def test_an_abandoned_archive_reports_only_the_files_already_sent(make_document):
    documents = [
        make_document("es", "pdf", name="primero.pdf", data=b"%PDF-1.4\n" + os.urandom(200_000)),
        make_document("es", "pdf", name="segundo.pdf"),
    ]
    sent = []
    chunks = stream_archive(entries_for(documents), on_entry_sent=sent.append)
    next(chunks)
    chunks.close()
    assert sent == []
    sent.clear()
    list(stream_archive(entries_for(documents), on_entry_sent=sent.append))
    assert [entry.document for entry in sent] == documents


def test_the_archive_is_streamed_in_chunks_of_bounded_size(make_document):
    # Incompressible content larger than several chunks, so deflate cannot hide the buffering.
    big = make_document("es", "pdf", name="grande.pdf", data=b"%PDF-1.4\n" + os.urandom(600_000))
    small = make_document("es", "pdf", name="pequeno.pdf")
    chunks = list(stream_archive(entries_for([big, small])))
    assert len(chunks) > 5
    assert max(len(chunk) for chunk in chunks) <= CHUNK_SIZE + 1024
    names = zipfile.ZipFile(io.BytesIO(b"".join(chunks))).namelist()
    assert names == [big.filename, small.filename]


def test_write_only_buffer_hands_over_what_was_written_once():
    buffer = WriteOnlyBuffer()
    buffer.write(b"abc")
    buffer.write(memoryview(b"de"))
    assert buffer.tell() == 5
    assert buffer.take() == b"abcde"
    assert buffer.take() == b""
    assert buffer.tell() == 5


def test_files_with_the_same_name_get_distinct_names_in_the_archive(make_document):
    first = make_document("es", "pdf", name="programa.pdf")
    second = make_document("es", "pdf", name="programa.pdf")
    names = [entry.name for entry in entries_for([first, second])]
    assert len(set(names)) == 2


def test_a_language_without_files_or_unknown_gives_not_found(client, make_material, make_document):
    material = make_material(documents=[make_document("es")])
    assert client.get(material.archive_url("en")).status_code == 404
    assert client.get(material.url_in("es") + "zip/fr/").status_code == 404
    html = client.get(material.url_in("es")).content.decode()
    assert "zip/en/" not in html


def test_files_of_a_private_collection_stay_out_of_the_public_zip(
    client, admin_client, make_material, make_document
):
    public = make_document("es", name="publico-es.pdf")
    private = make_document("es", name="reservado-es.pdf")
    collection = builders.collection("Reservado capacitación", private=True)
    private.collection = collection
    private.save()
    material = make_material(documents=[public, private])
    names = archive_of(streamed(client.get(material.archive_url("es")))).namelist()
    assert names == [public.filename]
    names = archive_of(streamed(admin_client.get(material.archive_url("es")))).namelist()
    assert sorted(names) == sorted([public.filename, private.filename])


def test_the_page_lists_each_file_with_type_size_pages_and_downloads(client, module):
    material, files = module
    html = client.get(material.url_in("es")).content.decode()
    for document in files["es"] + files["en"]:
        assert f'href="{document.url}"' in html
    assert html.count('class="file__downloads"') == 3
    assert "PDF, " in html and "DOCX, " in html
