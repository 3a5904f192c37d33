"""Upload validation: refuse files whose content does not match what they claim to be.

The request process reads only the size and the first bytes; anything that parses the file
(the PDF's page tree, the DOCX's ZIP directory) runs in the limited reader process of
`core.extraction`. A file the reader cannot judge within its limits is accepted: it is
stored, and text extraction marks it "text not extracted" with the reason.
"""

import logging
import os

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .extraction import ExtractionLimits, file_on_disk, has_expected_signature, run_reader

logger = logging.getLogger("quipu.documents")

MAX_DOCUMENT_SIZE = 50 * 1024 * 1024

MESSAGES = {
    "empty": _("The file is empty. Choose the file again; it may not have finished saving."),
    "too_large": _("The file is %(size)s; the limit is %(limit)s. Compress it or split it."),
    "not_pdf": _(
        "This file is named .pdf but its content is not a PDF. Export it again as PDF from the "
        "program that made it."
    ),
    "not_docx": _(
        "This file is named .docx but its content is not a Word document. Save it again as "
        "Word (.docx)."
    ),
    "encrypted": _(
        "This PDF is protected with a password, so nobody could open or search it. Upload a "
        "copy without password protection."
    ),
    "corrupt": _(
        "This file is damaged and cannot be opened. Export or download it again and upload the "
        "new copy."
    ),
}
NOT_SIGNED = {"pdf": "not_pdf", "docx": "not_docx"}


def validate_document_file(uploaded):
    """Model-level validator for Document.file: runs in every form that saves a document."""
    if getattr(uploaded, "_committed", False):
        # Already stored (a form edits the title): it was checked when it was uploaded.
        return
    size = getattr(uploaded, "size", None)
    if size == 0:
        raise ValidationError(MESSAGES["empty"], code="empty")
    if size and size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            MESSAGES["too_large"],
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(MAX_DOCUMENT_SIZE)},
        )
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    if extension not in NOT_SIGNED:
        return
    fileobj = uploaded.file if hasattr(uploaded, "file") else uploaded
    if getattr(fileobj, "closed", False):
        uploaded.open("rb")
        fileobj = uploaded.file
    if not has_expected_signature(fileobj, extension):
        reason = NOT_SIGNED[extension]
        raise ValidationError(MESSAGES[reason], code=reason)
    with file_on_disk(fileobj, suffix=f".{extension}") as path:
        report = run_reader("check", path, extension, ExtractionLimits.from_settings())
    if report.status == "unreadable":
        raise ValidationError(MESSAGES[report.reason], code=report.reason)
    if not report.ok:
        logger.warning(
            "Upload %s accepted unchecked: the reader stopped (%s) %s",
            uploaded.name,
            report.reason,
            report.detail,
        )
