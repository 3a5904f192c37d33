"""Background work on documents: text extraction runs after the upload has been saved."""

import logging

from django_tasks import task

logger = logging.getLogger("quipu.documents")


@task()
def extract_document_text(document_id):
    """Stores a document's text, page count and whether it has a text layer at all."""
    from .extraction import UnreadableFile, extract_text
    from .models import QuipuDocument as Document

    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return
    try:
        with document.open_file() as handle:
            extracted = extract_text(handle, document.file_extension.lower())
    except (UnreadableFile, OSError):
        logger.warning("Could not read document %s for text extraction", document_id, exc_info=True)
        return
    Document.objects.filter(pk=document_id).update(
        extracted_text=extracted.text,
        page_count=extracted.page_count,
        has_searchable_text=extracted.has_searchable_text,
    )
