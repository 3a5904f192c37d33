"""Background work on documents: text extraction runs after the upload has been saved.

The task itself never parses the file: it copies it to a temporary file and hands it to the
limited reader process (`core.extraction.run_reader`), so even with the immediate task
backend, where the task runs at the end of the upload request, the request's process only
waits, for at most the configured timeout, and its memory does not grow with the file.
"""

import logging

from django_tasks import task

logger = logging.getLogger("quipu.documents")

# Reasons the reader gives for a file that passed the upload check but could not be read.
UNREADABLE_AS = {"not_pdf": "damaged", "not_docx": "damaged", "encrypted": "damaged"}


@task()
def extract_document_text(document_id):
    """Stores a document's text, page count and whether it has a text layer, or why not."""
    from .extraction import ExtractionLimits, file_on_disk, run_reader
    from .models import QuipuDocument as Document
    from .models.media import TextStatus

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    extension = document.file_extension.lower()
    # A later upload replaces the file and queues its own extraction: this one must not
    # overwrite that result with the text of the file it read.
    same_file = Document.objects.filter(pk=document_id, sha256=document.sha256)
    try:
        with document.open_file() as handle, file_on_disk(handle, f".{extension}") as path:
            report = run_reader("extract", path, extension, ExtractionLimits.from_settings())
    except OSError:
        logger.warning("Could not open document %s for text extraction", document_id, exc_info=True)
        same_file.update(
            extracted_text="",
            has_searchable_text=False,
            text_status=TextStatus.NOT_EXTRACTED,
            text_not_extracted_reason="missing",
        )
        return
    figures = (report.seconds, report.peak_memory_kb)
    if report.ok:
        logger.info(
            "Extracted the text of document %s in %.2f s; reader peak memory %s kB",
            document_id,
            *figures,
        )
        same_file.update(
            extracted_text=report.text,
            page_count=report.page_count,
            has_searchable_text=report.extracted.has_searchable_text,
            text_status=TextStatus.EXTRACTED,
            text_not_extracted_reason="",
        )
        return
    reason = report.reason if report.status == "limit" else "failed"
    if report.status == "unreadable":
        reason = UNREADABLE_AS.get(report.reason, "damaged")
    logger.warning(
        "Text of document %s not extracted (%s) after %.2f s; reader peak memory %s kB %s",
        document_id,
        reason,
        *figures,
        report.detail,
    )
    same_file.update(
        extracted_text="",
        page_count=report.page_count,
        has_searchable_text=False,
        text_status=TextStatus.NOT_EXTRACTED,
        text_not_extracted_reason=reason,
    )


@task()
def make_image_renditions(image_id):
    """Makes the renditions public pages show of one image (see core.renditions)."""
    from .models import QuipuImage
    from .renditions import make_renditions

    image = QuipuImage.objects.filter(pk=image_id).first()
    if image is None:
        return
    try:
        make_renditions(image)
    except (OSError, ValueError):
        logger.warning("Could not make the renditions of image %s", image_id, exc_info=True)
