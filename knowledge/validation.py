"""Upload validation: refuse files whose content does not match what they claim to be."""

import os

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .extraction import UnreadableFile, check_readable

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


def validate_document_file(uploaded):
    """Model-level validator for Document.file: runs in every form that saves a document."""
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
    fileobj = uploaded.file if hasattr(uploaded, "file") else uploaded
    if getattr(fileobj, "closed", False):
        uploaded.open("rb")
        fileobj = uploaded.file
    try:
        check_readable(fileobj, extension)
    except UnreadableFile as error:
        raise ValidationError(MESSAGES[error.reason], code=error.reason) from error
