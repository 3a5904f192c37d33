"""The metadata table of a comparison between two versions of a protocol or instrument."""

import os
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.versioning.timeline import format_date


@dataclass
class MetadataRow:
    """One line of the metadata comparison table."""

    label: str
    old: str
    new: str
    changed: bool


def _instrument(version, kind):
    citation = getattr(version, f"{kind}_instrument")
    if citation and version.is_demo_reference:
        return f"{citation} ({gettext('demo data')})"
    return citation


def _file(document):
    if document is None:
        return "", None
    return os.path.basename(document.file.name), document.sha256 or document.pk


def file_rows():
    """(label, file of a version) for each kind of file in each language of the site."""
    from core.templatetags.quipu_tags import language_name

    rows = []
    for code, _name in settings.LANGUAGES:
        language = language_name(code)
        rows.append(
            (
                gettext("PDF in %(language)s") % {"language": language},
                lambda version, code=code: version.pdf_in(code),
            )
        )
        rows.append(
            (
                gettext("Word document in %(language)s") % {"language": language},
                lambda version, code=code: version.docx_in(code),
            )
        )
    return rows


def metadata_changes(old, new):
    """Rows comparing the two versions' label, instruments, dates and files."""
    simple = [
        (_("Label"), lambda v: v.label),
        (_("Approving instrument"), lambda v: _instrument(v, "approving")),
        (_("Type of instrument"), lambda v: v.get_approving_instrument_type_display()),
        (_("Date of approval"), lambda v: format_date(v.approval_date)),
        (_("Issued by"), lambda v: str(v.approving_body) if v.approving_body else ""),
        (_("Official publication"), lambda v: v.approving_instrument_url),
        (_("Enters into force on"), lambda v: format_date(v.effective_date)),
        (_("Last day in force"), lambda v: format_date(v.end_date)),
        (_("Repealed with effect from"), lambda v: format_date(v.repeal_date)),
        (_("Repealing instrument"), lambda v: _instrument(v, "repealing")),
    ]
    rows = []
    for label, value_of in simple:
        old_value, new_value = value_of(old) or "", value_of(new) or ""
        rows.append(MetadataRow(str(label), old_value, new_value, old_value != new_value))
    for label, file_of in file_rows():
        old_value, old_identity = _file(file_of(old))
        new_value, new_identity = _file(file_of(new))
        rows.append(MetadataRow(str(label), old_value, new_value, old_identity != new_identity))
    # A line empty in both versions says nothing.
    return [row for row in rows if row.old or row.new]
