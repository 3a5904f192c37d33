"""A version of a protocol or instrument: its text, files, instruments and dates.

A dated version (core.versioning): its status follows from its dates and those of the other
published versions of the same work, on the day asked about.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField

from core.models.media import FileInLanguage, attached_documents, documents_in
from core.versioning.models import DatedVersion, VersionOf, VersionQuerySet
from core.versioning.status import describe_status
from core.versioning.text import sections_of
from core.versioning.timeline import Timeline, VersionStatus, format_date

from ..blocks import SectionsBlock


class InstrumentType(models.TextChoices):
    """Kinds of legal-administrative instrument that approve or repeal a version in Peru."""

    SUPREME_DECREE = "decreto_supremo", _("Supreme Decree")
    MINISTERIAL_RESOLUTION = "resolucion_ministerial", _("Ministerial Resolution")
    VICE_MINISTERIAL_RESOLUTION = "resolucion_viceministerial", _("Vice-Ministerial Resolution")
    DIRECTORAL_RESOLUTION = "resolucion_directoral", _("Directoral Resolution")
    REGIONAL_ORDINANCE = "ordenanza_regional", _("Regional Ordinance")
    REGIONAL_EXECUTIVE_RESOLUTION = (
        "resolucion_ejecutiva_regional",
        _("Regional Executive Resolution"),
    )
    REGIONAL_DECREE = "decreto_regional", _("Regional Decree")
    OTHER = "otro", _("Other instrument")


# Peruvian instruments are cited by these abbreviations in every language: they are part of
# the identifier officials search for, like "R.M. N.° 000-2019-MIMP".
INSTRUMENT_ABBREVIATIONS = {
    InstrumentType.SUPREME_DECREE: "D.S.",
    InstrumentType.MINISTERIAL_RESOLUTION: "R.M.",
    InstrumentType.VICE_MINISTERIAL_RESOLUTION: "R.VM.",
    InstrumentType.DIRECTORAL_RESOLUTION: "R.D.",
    InstrumentType.REGIONAL_ORDINANCE: "O.R.",
    InstrumentType.REGIONAL_EXECUTIVE_RESOLUTION: "R.E.R.",
    InstrumentType.REGIONAL_DECREE: "D.R.",
    InstrumentType.OTHER: "",
}


def cite_instrument(instrument_type, number):
    """The identifier of an instrument as officials write it: "R.M. N.° 000-2019-MIMP"."""
    if not number:
        return ""
    abbreviation = INSTRUMENT_ABBREVIATIONS.get(instrument_type, "")
    return f"{abbreviation} N.° {number}".strip()


class ProtocolVersionQuerySet(VersionQuerySet):
    def with_files(self):
        """Versions with their files and the files' documents, read in two more queries."""
        files = ProtocolVersionFile.objects.select_related("document")
        return self.prefetch_related(models.Prefetch("files", queryset=files))


class ProtocolVersion(DatedVersion):
    """One version of a protocol or instrument, as approved by one instrument.

    Each version is edited on its own admin screen, with its own drafts, revisions, history,
    lock and moderation (the workflow of its work's page). What the public sees is the
    published (live) row; a version that was never published is a draft.
    """

    page = VersionOf(
        "protocols_library.ProtocolWorkPage",
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("work"),
    )
    sections = StreamField(SectionsBlock(), blank=True, verbose_name=_("text"))
    approving_instrument_type = models.CharField(
        _("type of instrument"), max_length=40, choices=InstrumentType.choices, blank=True
    )
    approving_instrument_number = models.CharField(
        _("number"),
        max_length=80,
        blank=True,
        help_text=_("As written in the official text, without its type: 000-2019-MIMP."),
    )
    approval_date = models.DateField(_("date of approval"), null=True, blank=True)
    approving_body = models.ForeignKey(
        "core.Institution",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approving_instrument_url = models.URLField(
        _("official publication"),
        blank=True,
        help_text=_("Link to the instrument in El Peruano or the issuing body's portal."),
    )
    is_demo_reference = models.BooleanField(
        _("invented reference (demo data)"),
        default=False,
        help_text=_(
            "Tick when the instrument numbers are invented for demonstration; the site then "
            "marks them as demo data wherever they appear."
        ),
    )

    end_date = models.DateField(
        _("last day in force"),
        null=True,
        blank=True,
        help_text=_(
            "Only for versions with a fixed term. A version is otherwise in force until the "
            "next one enters into force or it is repealed."
        ),
    )
    repeal_date = models.DateField(
        _("repealed with effect from"),
        null=True,
        blank=True,
        help_text=_(
            "The first day on which the version no longer applies because it was repealed."
        ),
    )
    repealing_instrument_type = models.CharField(
        _("type of repealing instrument"),
        max_length=40,
        choices=InstrumentType.choices,
        blank=True,
    )
    repealing_instrument_number = models.CharField(
        _("number of repealing instrument"), max_length=80, blank=True
    )
    repealing_instrument_date = models.DateField(
        _("date of repealing instrument"), null=True, blank=True
    )
    repealing_instrument_url = models.URLField(_("official publication of the repeal"), blank=True)

    no_file_reason = models.TextField(
        _("why there is no file"),
        blank=True,
        help_text=_(
            "Only when a language of the text has no PDF on purpose, e.g. the official text "
            "was published only in Spanish. A version is otherwise approved with its files."
        ),
    )
    review_by = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        help_text=_("When the responsible team should check whether this version needs revising."),
    )

    objects = ProtocolVersionQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("slug")]),
        FieldPanel("change_summary"),
        FieldPanel("sections"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("approving_instrument_type"),
                        FieldPanel("approving_instrument_number"),
                    ]
                ),
                FieldRowPanel([FieldPanel("approval_date"), FieldPanel("approving_body")]),
                FieldPanel("approving_instrument_url"),
                FieldPanel("is_demo_reference"),
            ],
            heading=_("Approving instrument"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("effective_date"), FieldPanel("end_date"), FieldPanel("review_by")]
                ),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                InlinePanel(
                    "files",
                    label=_("File"),
                    help_text=_(
                        "The PDF of the text in each of its languages, and its Word document if "
                        "there is one. Each file's language is the document's own."
                    ),
                ),
                FieldPanel("no_file_reason"),
            ],
            heading=_("Files"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeal_date"),
                FieldRowPanel(
                    [
                        FieldPanel("repealing_instrument_type"),
                        FieldPanel("repealing_instrument_number"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("repealing_instrument_date"),
                        FieldPanel("repealing_instrument_url"),
                    ]
                ),
            ],
            heading=_("Repeal"),
            classname="collapsed",
        ),
    ]

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["page", "effective_date", "pk"]
        indexes = [models.Index(fields=["page", "live", "effective_date"])]

    # Identity and citation -------------------------------------------------------------

    @property
    def approving_instrument(self):
        """The identifier of the approving instrument, e.g. "R.M. N.° 000-2019-MIMP"."""
        return cite_instrument(self.approving_instrument_type, self.approving_instrument_number)

    @property
    def repealing_instrument(self):
        return cite_instrument(self.repealing_instrument_type, self.repealing_instrument_number)

    def text_in(self, language):
        """The version's sections written in `language`, without falling back to Spanish."""
        return getattr(self, f"sections_{language}", None) or []

    def has_text_in(self, language):
        return len(self.text_in(language)) > 0

    def documents(self):
        """Every file of this version, in the editors' order."""
        return attached_documents(self)

    def _file_in(self, language, extension, documents=None):
        documents = self.documents() if documents is None else documents
        return next(
            (
                document
                for document in documents_in(documents, language)
                if document.file_extension.lower() == extension
            ),
            None,
        )

    def pdf_in(self, language, documents=None):
        """The version's PDF in `language`, or None."""
        return self._file_in(language, "pdf", documents)

    def docx_in(self, language):
        """The version's Word document in `language`, or None."""
        return self._file_in(language, "docx")

    def sections_in(self, language):
        """The sections of the text in `language`, as the comparison reads them."""
        return sections_of(self.text_in(language))

    def main_file_in(self, language):
        """The file the stable download address gives in `language`: the PDF."""
        return self.pdf_in(language)

    @classmethod
    def page_document_references(cls, page_id):
        """The files of every version of a work, recorded under the work (one query)."""
        from wagtail.documents import get_document_model

        document_model = get_document_model()
        rows = ProtocolVersionFile.objects.filter(version__page_id=page_id).values_list(
            "version_id", "pk", "document_id"
        )
        for version_id, row_id, document_id in rows:
            yield document_model, str(document_id), "item.files.document", f"{version_id}.{row_id}"

    # Dates ---------------------------------------------------------------------------

    @property
    def declared_last_day(self):
        """The last day this version may be in force by its own dates (end or repeal)."""
        days = [self.end_date] if self.end_date else []
        if self.repeal_date:
            days.append(self.repeal_date - datetime.timedelta(days=1))
        return min(days) if days else None

    def is_repealed_by(self, date):
        return bool(self.repeal_date and self.repeal_date <= date)

    def has_expired_by(self, date):
        return bool(self.end_date and self.end_date < date)

    def status_chip(self, date=None):
        """What the status chip says about this version: words, colour code and date."""
        return describe_status(Timeline(self.siblings(), on=date), self)

    # Validation ----------------------------------------------------------------------

    def own_errors(self):
        """Problems visible in this version alone, as {field: [message, ...]}."""
        errors = super().own_errors()

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.effective_date and self.approval_date and self.effective_date < self.approval_date:
            add(
                "effective_date",
                gettext(
                    "A version cannot enter into force (%(effective)s) before the instrument "
                    "that approves it was issued (%(approved)s)."
                )
                % {
                    "effective": format_date(self.effective_date),
                    "approved": format_date(self.approval_date),
                },
            )
        if self.end_date and self.effective_date and self.end_date < self.effective_date:
            add(
                "end_date",
                gettext(
                    "The last day in force cannot come before the day the version enters into force."
                ),
            )
        has_repealing_instrument = bool(
            self.repealing_instrument_type and self.repealing_instrument_number
        )
        if self.repeal_date and not has_repealing_instrument:
            add(
                "repealing_instrument_number",
                gettext("A repeal needs the instrument that repeals it: give its type and number."),
            )
        if not self.repeal_date and (
            self.repealing_instrument_type or self.repealing_instrument_number
        ):
            add("repeal_date", gettext("Give the date from which the repeal takes effect."))
        if self.repeal_date and self.effective_date and self.repeal_date <= self.effective_date:
            add(
                "repeal_date",
                gettext("A version can only be repealed after it has entered into force."),
            )
        return errors

    def approval_errors(self, documents=None):
        """What keeps this version from being approved (published), as {field: [message]}.

        A draft may be saved incomplete; approving it needs its dates and approving instrument,
        a PDF in every language its text is written in (or a recorded reason why there is
        none, so the permanent download address always has a file to give), and no overlap
        with the work's other approved versions. `documents` are the version's files as an
        edit form is about to save them (its own rows otherwise).
        """
        errors = super().approval_errors(documents)

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if not (self.approving_instrument_type and self.approving_instrument_number):
            add(
                "approving_instrument_number",
                gettext("Give the type and number of the instrument that approves this version."),
            )
        if not self.approval_date:
            add("approval_date", gettext("Give the date the approving instrument was issued."))
        if not self.no_file_reason.strip():
            from core.templatetags.quipu_tags import language_name

            for code, _language in settings.LANGUAGES:
                if self.has_text_in(code) and not self.pdf_in(code, documents):
                    add(
                        "files",
                        gettext(
                            "The text of this version is written in %(language)s, so its PDF "
                            "in %(language)s is needed. Add the file, or explain under “why "
                            "there is no file” why there is none."
                        )
                        % {"language": language_name(code)},
                    )
        return errors

    # Editing -------------------------------------------------------------------------

    # Copied into a new draft: the text, and who usually approves the work's versions. The
    # instrument's number and dates, the files and the repeal belong to each version.
    COPIED_INTO_DRAFT = ("approving_instrument_type", "approving_body_id", "is_demo_reference")
    COPIED_TEXT_FIELDS = ("sections",)

    # Admin ---------------------------------------------------------------------------

    @property
    def needs_review(self):
        """Only versions that apply or will apply are reviewed, never superseded ones."""
        return self.status in (VersionStatus.IN_FORCE, VersionStatus.NOT_YET_IN_FORCE)


class ProtocolVersionFile(FileInLanguage):
    """A PDF or Word file of a version; its language is the document's."""

    version = ParentalKey(ProtocolVersion, on_delete=models.CASCADE, related_name="files")
