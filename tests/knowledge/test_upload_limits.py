"""Hostile documents uploaded through the Wagtail admin cannot hurt the server.

Every file here is real and built in the test: a DOCX "paragraph bomb", zip bombs, a DOCX
whose text part is huge, one that needs more memory than the reader may use. The upload
request's own memory is measured (peak resident memory, reset just before the upload); the
reader's limits are read back from the child process that applied them. No test asserts how
long anything took: bench/upload_bomb.py measures that under gunicorn.
"""

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile as uploaded
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from core.extraction import ExtractionLimits, run_reader
from core.models import QuipuDocument
from tests import files
from tests.knowledge.test_uploads import files_in, rendered_errors, upload_document

pytestmark = pytest.mark.django_db

WORD_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
WORD_TAIL = b"</w:body></w:document>"
MB = 1024 * 1024


def docx_with_body(body, extra_parts=()):
    """A Word document made by python-docx whose body XML is `body` (bytes or an iterable of
    chunks, written as a stream so the test itself never holds a bomb's expanded size)."""
    source = zipfile.ZipFile(io.BytesIO(files.docx_with_text("plantilla")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != "word/document.xml":
                archive.writestr(member.filename, source.read(member))
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(WORD_HEAD)
            for chunk in [body] if isinstance(body, bytes) else body:
                part.write(chunk)
            part.write(WORD_TAIL)
        for name, size in extra_parts:
            with archive.open(name, "w", force_zip64=True) as part:
                for _ in range(size // MB):
                    part.write(bytes(MB))
    return buffer.getvalue()


def paragraph_bomb():
    """About 90 KB that expand to 17 MB of XML: half a million one-letter paragraphs."""
    return docx_with_body(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 500_000)


def numbered_paragraphs(count):
    """Paragraphs that differ from each other, so they compress as ordinary text does."""
    return b"".join(
        b"<w:p><w:r><w:t>Parrafo %d de la prueba</w:t></w:r></w:p>" % n for n in range(count)
    )


def random_text_paragraphs(megabytes):
    """Text that does not compress (random words), a paragraph per ~8 KB, streamed."""
    block = b" ".join(os.urandom(6).hex().encode() for _ in range(24_000))  # > deflate's window
    paragraph = b"".join(
        b"<w:p><w:r><w:t>" + block[start : start + 8000] + b"</w:t></w:r></w:p>"
        for start in range(0, len(block), 8000)
    )
    for _ in range(max(1, megabytes * MB // len(paragraph))):
        yield paragraph


def zip_bomb_named_docx():
    """A zip bomb that is not a Word document: one part of 200 MB of zeros, ~200 KB stored."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("bomb.txt", "w", force_zip64=True) as part,
    ):
        for _ in range(200):
            part.write(bytes(MB))
    return buffer.getvalue()


def upload(client, name, content, title, capture):
    """Uploads through the admin's add view; the task queued on commit runs as it would
    with the immediate backend, at the end of the request."""
    with capture(execute=True):
        response = upload_document(client, name, content, title=title)
    return response


class PeakMemory:
    """This process's peak resident memory, reset on entry (Linux: /proc/self/clear_refs)."""

    def __enter__(self):
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        self.start_kb = self.read("VmHWM")
        return self

    def __exit__(self, *exc):
        self.growth_mb = (self.read("VmHWM") - self.start_kb) / 1024

    @staticmethod
    def read(field):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
        raise LookupError(field)


def text_panel(client, document, language):
    profile = UserProfile.get_for_user(document.uploaded_by_user)
    profile.preferred_language = language
    profile.save()
    response = client.get(reverse("wagtaildocs:edit", args=[document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="quipu-document-text"')
    return html[start : html.index("</dl>", start)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (paragraph_bomb, "compression_ratio"),
        (lambda: docx_with_body(b" " * MB for _ in range(200)), "compression_ratio"),
        (lambda: docx_with_body(b"", [("word/media/relleno.bin", 200 * MB)]), "compression_ratio"),
    ],
    ids=["paragraph-bomb", "zip-bomb-text-part", "zip-bomb-hidden-part"],
)
def test_bomb_is_stored_marked_and_never_expanded_in_the_request(
    admin_client, django_capture_on_commit_callbacks, content, reason
):
    data = content()
    with PeakMemory() as memory:
        response = upload(
            admin_client, "bomba.docx", data, "Bomba", django_capture_on_commit_callbacks
        )
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Bomba")
    assert document.text_status == "not_extracted"
    assert document.text_not_extracted_reason == reason
    assert document.extracted_text == ""
    assert not document.has_searchable_text
    # Before, the request itself expanded and parsed the text part: the paragraph bomb grew it
    # by about 600 MB (and took 50 s), the 200 MB text part by about 400 MB.
    assert memory.growth_mb < 40, f"the upload request grew by {memory.growth_mb:.0f} MB"


def test_zip_bomb_that_is_not_a_word_document_is_refused_without_being_expanded(
    admin_client, django_capture_on_commit_callbacks
):
    before_files = files_in("documents")
    with PeakMemory() as memory:
        response = upload(
            admin_client,
            "bomba.docx",
            zip_bomb_named_docx(),
            "Bomba",
            django_capture_on_commit_callbacks,
        )
    assert response.status_code == 200
    assert any("no es un documento de Word" in message for message in rendered_errors(response))
    assert not QuipuDocument.objects.filter(title_es="Bomba").exists()
    assert files_in("documents") == before_files
    assert memory.growth_mb < 40, f"the upload request grew by {memory.growth_mb:.0f} MB"


@pytest.mark.parametrize(
    ("limits", "body", "reason"),
    [
        ({"max_paragraphs": 2000}, lambda: numbered_paragraphs(5000), "too_many_paragraphs"),
        ({"max_xml_mb": 1}, lambda: random_text_paragraphs(2), "xml_too_large"),
        ({"max_text_chars": 50_000}, lambda: numbered_paragraphs(5000), "text_too_long"),
        (
            {"memory_mb": 64, "max_xml_mb": 100, "max_text_chars": 10**9},
            lambda: random_text_paragraphs(24),
            "memory",
        ),
    ],
    ids=["paragraph-count", "huge-xml", "text-length", "reader-memory"],
)
def test_document_over_a_limit_is_stored_downloadable_and_marked_with_the_reason(
    admin_client, client, django_capture_on_commit_callbacks, make_material, limits, body, reason
):
    data = docx_with_body(body())
    with override_settings(DOCUMENT_EXTRACTION_LIMITS=limits):
        response = upload(
            admin_client, "anexo.docx", data, "Anexo", django_capture_on_commit_callbacks
        )
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Anexo")
    assert (document.text_status, document.text_not_extracted_reason) == ("not_extracted", reason)
    assert document.extracted_text == ""
    # Downloadable as any file: by editors at once, by the public once a published page offers it.
    downloads = [admin_client.get(document.url)]
    make_material(documents=[document])
    downloads.append(client.get(document.url))
    for download in downloads:
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == data


def test_editor_reads_why_the_text_was_not_extracted_in_their_language(
    admin_client, django_capture_on_commit_callbacks
):
    upload(
        admin_client, "bomba.docx", paragraph_bomb(), "Bomba", django_capture_on_commit_callbacks
    )
    document = QuipuDocument.objects.get(title_es="Bomba")
    spanish = text_panel(admin_client, document, "es")
    assert "Texto no extraído" in spanish
    assert "bomba zip" in spanish
    assert "se puede descargar" in spanish
    english = text_panel(admin_client, document, "en")
    assert "Text not extracted" in english
    assert "zip bomb" in english
    assert "can be downloaded" in english


@pytest.mark.parametrize(
    ("name", "content", "expected_text", "pages"),
    [
        (
            "protocolo.pdf",
            files.pdf_with_text("Protocolo de actuacion conjunta", "Atencion a sobrevivientes"),
            ["Protocolo de actuacion conjunta", "Atencion a sobrevivientes"],
            2,
        ),
        (
            "lecciones.docx",
            files.docx_with_text("Lecciones aprendidas", "Grupo de trabajo CASE-Huamanga"),
            ["Lecciones aprendidas\nGrupo de trabajo CASE-Huamanga"],
            1,  # as python-docx's template last laid it out (docProps/app.xml)
        ),
    ],
    ids=["pdf", "docx"],
)
def test_normal_documents_are_still_extracted(
    admin_client, django_capture_on_commit_callbacks, name, content, expected_text, pages
):
    response = upload(admin_client, name, content, "Normal", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    document = QuipuDocument.objects.get(title_es="Normal")
    assert (document.text_status, document.text_not_extracted_reason) == ("extracted", "")
    assert document.has_searchable_text
    for text in expected_text:
        assert text in document.extracted_text
    assert document.page_count == pages
    with translation.override("en"):
        assert "Search finds the words" in str(document.text_status_explanation)


def test_docx_tables_are_read_row_by_row_in_document_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Antes de la tabla")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Región"
    table.cell(0, 1).text = "Casos"
    table.cell(1, 0).text = "Ayacucho"
    table.cell(1, 1).paragraphs[0].text = "12"
    table.cell(1, 1).add_paragraph("(2019)")
    document.add_paragraph("Después de la tabla")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "tabla.docx"
    path.write_bytes(buffer.getvalue())
    report = run_reader("extract", path, "docx", ExtractionLimits())
    assert report.ok
    assert report.text == (
        "Antes de la tabla\nRegión | Casos\nAyacucho | 12\n(2019)\nDespués de la tabla"
    )


def test_replacing_a_bomb_with_a_good_file_extracts_the_new_text(
    admin_client, django_capture_on_commit_callbacks
):
    upload(
        admin_client, "bomba.docx", paragraph_bomb(), "Bomba", django_capture_on_commit_callbacks
    )
    document = QuipuDocument.objects.get(title_es="Bomba")
    replacement = files.docx_with_text("Protocolo revisado")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {
                "title": "Bomba",
                "title_en": "Bomb",
                "language": "es",
                "collection": document.collection_id,
                "file": uploaded("revisado.docx", replacement),
            },
        )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.text_status, document.text_not_extracted_reason) == ("extracted", "")
    assert document.extracted_text == "Protocolo revisado"


# The reader process itself: the limits it runs under, read back from inside it.


def test_reader_runs_under_the_configured_memory_and_cpu_limits(tmp_path):
    path = tmp_path / "lecciones.docx"
    path.write_bytes(files.docx_with_text("Lecciones aprendidas"))
    with override_settings(DOCUMENT_EXTRACTION_LIMITS={"memory_mb": 300, "cpu_seconds": 7}):
        limits = ExtractionLimits.from_settings()
    report = run_reader("extract", path, "docx", limits)
    assert report.ok
    assert report.limits == {"memory_bytes": 300 * MB, "cpu_seconds": 7}
    assert 0 < report.peak_memory_kb < 300 * 1024


def test_reader_stopped_by_its_cpu_limit_reports_time(tmp_path):
    """Two million paragraphs (unlimited) take the reader seconds of CPU; it may use one."""
    path = tmp_path / "bomba.docx"
    path.write_bytes(docx_with_body(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 2_000_000))
    limits = ExtractionLimits(
        cpu_seconds=1,
        timeout_seconds=600,
        max_compression_ratio=10**6,
        max_xml_mb=10**4,
        max_paragraphs=10**8,
    )
    report = run_reader("extract", path, "docx", limits)
    assert (report.status, report.reason, report.detail) == ("limit", "time", "CPU time limit")


@pytest.mark.parametrize("operation", ["check", "extract"])
def test_reader_that_never_finishes_is_killed_at_the_timeout(tmp_path, operation):
    """A named pipe nobody writes to: the reader blocks opening it until it is killed."""
    path = tmp_path / "bloqueado.docx"
    os.mkfifo(path)
    limits = ExtractionLimits(check_timeout_seconds=1, timeout_seconds=1)
    report = run_reader(operation, path, "docx", limits)
    assert (report.status, report.reason, report.detail) == ("limit", "time", "wall-clock timeout")


def test_unknown_limit_setting_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with (
        override_settings(DOCUMENT_EXTRACTION_LIMITS={"memory": 300}),
        pytest.raises(ImproperlyConfigured),
    ):
        ExtractionLimits.from_settings()


# An empty upload.


@pytest.mark.parametrize("language", ["es", "en"])
def test_empty_upload_says_the_file_is_empty_and_nothing_else(admin_client, admin_user, language):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    expected = {
        "es": "El archivo está vacío. Vuelva a elegirlo; es posible que no se haya terminado "
        "de guardar.",
        "en": "The file is empty. Choose the file again; it may not have finished saving.",
    }[language]
    response = upload_document(admin_client, "vacio.pdf", b"")
    assert response.status_code == 200
    # As rendered: the messages are read in the language of the admin that showed them. Only
    # this one: not Django's "the submitted file is empty" with Wagtail's "extension “” not
    # allowed" after it.
    html = response.content.decode()
    field = html[html.index('data-contentpath="file"') :]
    shown = re.search(r'<p class="error-message">(.*?)</p>', field, re.S).group(1)
    assert " ".join(shown.split()) == expected
    assert not QuipuDocument.objects.filter(title_es="Protocolo de prueba").exists()


def test_empty_file_in_the_multiple_uploader_gets_the_same_message(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": uploaded("vacio.docx", b"")},
    )
    answer = response.json()
    assert answer["success"] is False
    assert answer["error_message"].startswith("El archivo está vacío. Vuelva a elegirlo")


def test_documents_not_extracted_are_read_again_after_a_limit_is_raised(
    admin_client, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    data = docx_with_body(numbered_paragraphs(5000))
    with override_settings(DOCUMENT_EXTRACTION_LIMITS={"max_paragraphs": 2000}):
        upload(admin_client, "anexo.docx", data, "Anexo", django_capture_on_commit_callbacks)
    document = QuipuDocument.objects.get(title_es="Anexo")
    assert document.text_status == "not_extracted"

    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("extract_document_text", "--not-extracted", stdout=output)
    document.refresh_from_db()
    assert (document.text_status, document.text_not_extracted_reason) == ("extracted", "")
    assert "Parrafo 4999 de la prueba" in document.extracted_text
    assert f"document {document.pk}" in output.getvalue()


def test_paragraphs_hidden_behind_an_unusual_prefix_are_still_counted(tmp_path):
    """The quick count of paragraph tags reads ASCII prefixes; the parser counts every
    paragraph whatever its prefix, so a file written to slip past the first is stopped by it."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph = f'<ñ:p xmlns:ñ="{word}"><ñ:r><ñ:t>a</ñ:t></ñ:r></ñ:p>'.encode()
    path = tmp_path / "prefijo.docx"
    path.write_bytes(docx_with_body(paragraph * 3000))
    limits = ExtractionLimits(max_paragraphs=1000)
    report = run_reader("extract", path, "docx", limits)
    assert (report.status, report.reason) == ("limit", "too_many_paragraphs")
    under = run_reader("extract", path, "docx", ExtractionLimits(max_paragraphs=5000))
    assert under.ok and under.text == "\n".join(["a"] * 3000)
