"""A version of a protocol or instrument: its text, files, instruments and dates.

A version's status is never stored. It follows from the version's own dates and those of the
other published versions of the same work, on the day asked about (today by default), so the
work switches to a new version the day it enters into force without anyone touching it.
"""

import copy
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from core.models.media import FileInLanguage, attached_documents, documents_in

from ..blocks import SectionsBlock


class VersionStatus(models.TextChoices):
    """Where a version stands on a given day."""

    DRAFT = "draft", _("Draft")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Approved, not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("No longer in force")


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


def format_date(value):
    return date_format(value, "DATE_FORMAT") if value else ""


class ProtocolVersionQuerySet(models.QuerySet):
    def with_files(self):
        """Versions with their files and the files' documents, read in two more queries."""
        files = ProtocolVersionFile.objects.select_related("document")
        return self.prefetch_related(models.Prefetch("files", queryset=files))

    def published(self):
        """Approved versions: published through Wagtail (live) and dated."""
        return self.filter(live=True, effective_date__isnull=False)

    def changing_status_on(self, date):
        """Published versions whose status on `date` differs from the day before."""
        return self.published().filter(
            Q(effective_date=date)
            | Q(end_date=date - datetime.timedelta(days=1))
            | Q(repeal_date=date)
        )


class WorkVersionsRel(models.ManyToOneRel):
    """The work's side of its versions' link, read by Wagtail's reference index.

    Versions used to be inline parts of their work's page, so the index recorded their files
    under the page (document usage, and which files the public may download, read it there).
    Each version is its own object now; this keeps recording its files under its work.
    """

    def value_from_object(self, work):
        return work

    def extract_references(self, work):
        if work.pk is None:
            return
        from wagtail.documents import get_document_model

        document_model = get_document_model()
        rows = ProtocolVersionFile.objects.filter(version__page_id=work.pk).values_list(
            "version_id", "pk", "document_id"
        )
        for version_id, row_id, document_id in rows:
            yield document_model, str(document_id), "item.files.document", f"{version_id}.{row_id}"


class WorkForeignKey(models.ForeignKey):
    """A version's link to its work (see `WorkVersionsRel`)."""

    rel_class = WorkVersionsRel


class ProtocolVersion(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """One version of a protocol or instrument, as approved by one instrument.

    Each version is edited on its own admin screen, with its own drafts, revisions, history,
    lock and moderation (the workflow of its work's page). What the public sees is the
    published (live) row; a version that was never published is a draft.
    """

    page = WorkForeignKey(
        "protocols_library.ProtocolWorkPage",
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("work"),
    )
    label = models.CharField(
        _("label"),
        max_length=40,
        help_text=_('How officials name this version, e.g. "2019" or "v2".'),
    )
    slug = models.SlugField(
        _("address"),
        max_length=60,
        blank=True,
        help_text=_(
            "Part of this version's permanent web address; filled in from the label. "
            "Do not change it once the version is published."
        ),
    )
    # Published through Wagtail (approved and public). A new version is a draft: drafts are
    # never shown to the public, even by their address.
    live = models.BooleanField(_("approved and public"), default=False, editable=False)
    sections = StreamField(SectionsBlock(), blank=True, verbose_name=_("text"))
    change_summary = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("In a few sentences, what this version changes from the previous one."),
    )

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

    effective_date = models.DateField(
        _("enters into force on"),
        null=True,
        blank=True,
        help_text=_(
            "From this day on the work shows this version, with no further action. "
            "Required before publishing."
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

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.label)[:60]
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        """Approved and public: the same fact as Wagtail's `live`, under its library name."""
        return self.live

    @is_published.setter
    def is_published(self, value):
        self.live = bool(value)

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

    def status_on(self, date=None):
        """This version's status on `date` (today by default) among its work's versions."""
        siblings = list(self.page.versions.all()) if self.page_id or self._page_cached() else []
        if not any(_same_version(self, other) for other in siblings):
            siblings.append(self)
        return Timeline(siblings, on=date).status_of(self)

    @property
    def status(self):
        return self.status_on()

    def status_chip(self, date=None):
        """What the status chip says about this version: words, colour code and date."""
        from ..status import describe_status

        siblings = list(self.page.versions.all())
        if not any(_same_version(self, other) for other in siblings):
            siblings.append(self)
        return describe_status(Timeline(siblings, on=date), self)

    def _page_cached(self):
        return type(self)._meta.get_field("page").is_cached(self)

    # Validation ----------------------------------------------------------------------

    def clean(self):
        if not self.slug:
            self.slug = slugify(self.label)[:60]
        errors = self.own_errors()
        siblings = self.siblings_to_check()
        if siblings is not None:
            for version, field, message in chronology_errors([*siblings, self]):
                if version is self:
                    errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def own_errors(self):
        """Problems visible in this version alone, as {field: [message, ...]}."""
        errors = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.label and not slugify(self.label):
            add("label", gettext("The label needs at least one letter or digit."))
        if self.is_published and not self.effective_date:
            add(
                "effective_date",
                gettext("A published version needs the date it enters into force."),
            )
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

    def siblings_to_check(self):
        """The work's other versions, as saved, to validate this one against."""
        if self.page_id is None:
            return []
        return list(ProtocolVersion.objects.filter(page_id=self.page_id).exclude(pk=self.pk))

    def approval_errors(self, documents=None):
        """What keeps this version from being approved (published), as {field: [message]}.

        A draft may be saved incomplete; approving it needs its dates and approving instrument,
        a PDF in every language its text is written in (or a recorded reason why there is
        none, so the permanent download address always has a file to give), and no overlap
        with the work's other approved versions. `documents` are the version's files as an
        edit form is about to save them (its own rows otherwise).
        """
        errors = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if not self.effective_date:
            add(
                "effective_date",
                gettext("A published version needs the date it enters into force."),
            )
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
        was_live = self.live
        self.live = True
        try:
            for version, field, message in chronology_errors([*self.siblings_to_check(), self]):
                if version is self:
                    add(field, message)
        finally:
            self.live = was_live
        return errors

    def publish(self, revision, *args, **kwargs):
        """Refuses to publish a revision that could not be approved (see `approval_errors`).

        The admin checks the same rules before a draft is published or submitted; this keeps
        any other path (a scheduled or approved revision, the shell) from bypassing them.
        """
        errors = revision.as_object().approval_errors()
        if errors:
            raise ValidationError(errors)
        return super().publish(revision, *args, **kwargs)

    # Editing -------------------------------------------------------------------------

    # Copied into a new draft: the text, and who usually approves the work's versions. The
    # instrument's number and dates, the files and the repeal belong to each version.
    COPIED_INTO_DRAFT = ("approving_instrument_type", "approving_body_id", "is_demo_reference")

    def copy_as_draft(self, label):
        """A new, unpublished version with this version's text, to be revised."""
        draft = ProtocolVersion(
            page_id=self.page_id, label=label, slug=slugify(label)[:60], live=False
        )
        for name in self.COPIED_INTO_DRAFT:
            setattr(draft, name, getattr(self, name))
        for field in ProtocolVersion._meta.get_fields():
            if field.name.startswith("sections_"):
                value = getattr(self, field.name)
                raw = list(value.raw_data) if value is not None else []
                # Block ids are kept: they let the comparison pair each section with its origin.
                setattr(draft, field.name, copy.deepcopy(raw))
        return draft

    # Admin ---------------------------------------------------------------------------

    def get_workflow(self):
        """Versions are moderated by their work's workflow, as the work's page is."""
        if not self.page_id:
            return None
        return self.page.get_workflow()

    @property
    def needs_review(self):
        """Only versions that apply or will apply are reviewed, never superseded ones."""
        return self.status in (VersionStatus.IN_FORCE, VersionStatus.NOT_YET_IN_FORCE)

    @property
    def admin_edit_url(self):
        from django.contrib.admin.utils import quote
        from django.urls import reverse

        return reverse(self.snippet_viewset.get_url_name("edit"), args=[quote(self.pk)])

    def get_preview_template(self, request, mode_name):
        return "protocols_library/protocol_work_page.html"

    def serve_preview(self, request, mode_name):
        """This version, as edited, shown at its place among the work's versions."""
        work = self.page.specific
        others = [v for v in work.timeline().versions if not _same_version(v, self)]
        timeline = Timeline([*others, self])
        request.is_preview = True
        return work.render_version(request, timeline, self, is_work_address=False)


class ProtocolVersionFile(FileInLanguage):
    """A PDF or Word file of a version; its language is the document's."""

    version = ParentalKey(ProtocolVersion, on_delete=models.CASCADE, related_name="files")


def _same_version(a, b):
    return a is b or (a.pk is not None and a.pk == b.pk)


def _chronological(version):
    no_date = version.effective_date is None
    return (
        no_date,
        version.effective_date or datetime.date.max,
        version.pk if version.pk is not None else float("inf"),
    )


def chronology_errors(versions):
    """Problems that show only when a work's versions are seen together.

    Returns (version, field, message) for duplicate labels and for published versions whose
    periods in force would overlap; each problem is reported on the later version.
    """
    problems = []
    seen = {}
    for version in versions:
        key = version.slug or slugify(version.label)
        if not key:
            continue
        if key in seen:
            problems.append(
                (
                    version,
                    "label",
                    gettext("Another version of this work already uses the label “%(label)s”.")
                    % {"label": seen[key].label},
                )
            )
        else:
            seen[key] = version

    dated = sorted((v for v in versions if v.is_published and v.effective_date), key=_chronological)
    for index, later in enumerate(dated):
        for earlier in dated[:index]:
            if earlier.effective_date == later.effective_date:
                message = gettext(
                    "Version “%(other)s” also enters into force on %(date)s. Only one version "
                    "can be in force on any day."
                ) % {"other": earlier.label, "date": format_date(later.effective_date)}
            elif earlier.declared_last_day and earlier.declared_last_day >= later.effective_date:
                message = gettext(
                    "This version would be in force at the same time as version “%(other)s”, "
                    "which stays in force until %(end)s. Change the dates so that only one "
                    "version is in force on any day."
                ) % {"other": earlier.label, "end": format_date(earlier.declared_last_day)}
            else:
                continue
            problems.append((later, "effective_date", message))
    return problems


class Timeline:
    """The versions of one work placed on the calendar as of one day.

    Given every version of a work (drafts included, they are simply never in force), answers
    which one is in force, what each one's status is, and which version follows which.
    """

    def __init__(self, versions, on=None):
        self.on = on or timezone.localdate()
        self.versions = sorted(versions, key=_chronological)
        self.published = [v for v in self.versions if v.is_published and v.effective_date]

    @cached_property
    def started(self):
        return [v for v in self.published if v.effective_date <= self.on]

    @cached_property
    def in_force(self):
        """The version in force on the day, or None (nothing yet, repealed or expired)."""
        if not self.started:
            return None
        latest = self.started[-1]
        if latest.is_repealed_by(self.on) or latest.has_expired_by(self.on):
            return None
        return latest

    @cached_property
    def upcoming(self):
        """The next approved version that is not yet in force."""
        return next((v for v in self.published if v.effective_date > self.on), None)

    @cached_property
    def governing(self):
        """The version a work's address shows: in force, else the last one, else the next one."""
        if self.in_force:
            return self.in_force
        if self.started:
            return self.started[-1]
        return self.upcoming

    @cached_property
    def repealed_version(self):
        """The version whose repeal left the work without a version in force, if any."""
        if self.in_force is None and self.started and self.started[-1].is_repealed_by(self.on):
            return self.started[-1]
        return None

    def status_of(self, version):
        if not version.is_published or not version.effective_date:
            return VersionStatus.DRAFT
        if self.on < version.effective_date:
            return VersionStatus.NOT_YET_IN_FORCE
        if version.is_repealed_by(self.on):
            return VersionStatus.REPEALED
        successor = self.successor_of(version)
        if successor is not None and successor.effective_date <= self.on:
            return VersionStatus.SUPERSEDED
        if version.has_expired_by(self.on):
            return VersionStatus.EXPIRED
        return VersionStatus.IN_FORCE

    def _position(self, version):
        for index, other in enumerate(self.published):
            if _same_version(version, other):
                return index
        return None

    def successor_of(self, version):
        position = self._position(version)
        if position is None or position + 1 >= len(self.published):
            return None
        return self.published[position + 1]

    def predecessor_of(self, version):
        position = self._position(version)
        if not position:
            return None
        return self.published[position - 1]

    def find(self, slug, include_drafts=False):
        """The version with this address; drafts only when asked (previews)."""
        candidates = self.versions if include_drafts else self.published
        return next((v for v in candidates if v.slug == slug), None)

    def entries(self):
        """(version, status) pairs, newest first, for the history page."""
        return [(v, self.status_of(v)) for v in reversed(self.versions)]
