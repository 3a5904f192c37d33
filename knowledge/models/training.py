"""Training materials: courses, modules and guides, each one page with its dated editions.

A material is one page at one address that always shows its current edition; each edition
(a `TrainingEdition`, a dated version of core.versioning) holds its label, date, text and
files, is edited on its own admin screen with its own drafts, revisions and moderation, and
keeps a permanent address under the material's (`v/<slug>/`).
"""

from django import forms
from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from config.ratelimit import rate_limited
from core.downloads import zip_response
from core.listing import ListingFilterForm, Vocabulary
from core.models.classified import Classified, taxonomy_panel
from core.models.media import FileInLanguage
from core.models.taxonomy import TaxonomyTerm
from core.versioning.models import DatedVersion, VersionOf
from core.versioning.panels import VersionsPanel
from core.versioning.routes import VersionedPageMixin
from core.versioning.text import Section, html_paragraphs
from core.versioning.timeline import Timeline, VersionStatus
from core.versioning.words import VersionWords
from core.visibility import (
    documents_shown_to,
    public_versions,
    restricted_paths,
    visible_pages,
)

from ..widgets import VersionCheckboxes
from .common import KnowledgeIndexPage, KnowledgePageMixin, RelatedGroup
from .lessons import RICH_TEXT_FEATURES


class Audience(TaxonomyTerm):
    """Who a training material is for: health operators, justice operators, CEM teams..."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class MaterialKind(models.TextChoices):
    COURSE = "course", _("Course")
    MODULE = "module", _("Module")
    GUIDE = "guide", _("Methodology guide")


class TrainingFilterForm(ListingFilterForm):
    """The shared filters plus the audience."""

    vocabularies = {
        **ListingFilterForm.vocabularies,
        "audience": Vocabulary("audiences", Audience, _("Audience"), _("All audiences")),
    }
    field_order = ["audience", "sector", "region", "topic", "year"]


class TrainingIndexPage(KnowledgeIndexPage):
    """The training materials section: every course, module and guide, at its current edition."""

    template = "knowledge/section_index.html"
    item_model_name = "TrainingMaterialPage"
    filter_form_class = TrainingFilterForm
    subpage_types = ["knowledge.TrainingMaterialPage"]

    class Meta:
        verbose_name = _("training materials index")

    def items(self):
        # A material with no published edition yet has nothing to show or download.
        return super().items().filter(edition_date__isnull=False)


# How an edition's place among the material's editions is said to visitors.
EDITION_STATUS_LABELS = {
    VersionStatus.IN_FORCE: _("Current edition"),
    VersionStatus.SUPERSEDED: _("Earlier edition"),
    VersionStatus.NOT_YET_IN_FORCE: _("Upcoming edition"),
    VersionStatus.DRAFT: _("Draft"),
}


class TrainingMaterialPage(VersionedPageMixin, KnowledgePageMixin, Classified, Page):
    """A course, module or guide: one address that always shows its current edition."""

    material_kind = models.CharField(
        _("kind of material"), max_length=20, choices=MaterialKind.choices, default="module"
    )
    course = models.CharField(
        _("course"),
        max_length=255,
        blank=True,
        help_text=_("The course or programme this module belongs to, if any."),
    )
    intro = models.TextField(_("summary"), blank=True)
    methodology = models.CharField(
        _("methodology"), max_length=255, blank=True, help_text=_("For example: case simulation.")
    )
    duration_hours = models.PositiveSmallIntegerField(_("duration in hours"), null=True, blank=True)
    # The current edition's label and date, kept on the page so listings sort, filter by year
    # and show the label without reading the editions; set from the editions whenever one is
    # published, unpublished or deleted and by the daily `versions_changed_status` command.
    edition = models.CharField(_("current edition"), max_length=60, blank=True, editable=False)
    edition_date = models.DateField(_("date of the current edition"), null=True, editable=False)
    image = models.ForeignKey(
        "core.QuipuImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="materials", verbose_name=_("audiences")
    )

    protocol_versions = ParentalManyToManyField(
        "protocols_library.ProtocolVersion",
        blank=True,
        related_name="training_materials",
        verbose_name=_("protocol and instrument versions taught"),
    )

    search_date_field = "edition_date"

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("material_kind"), FieldPanel("course")]),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("methodology"), FieldPanel("duration_hours")]),
                FieldPanel("protocol_versions", widget=VersionCheckboxes),
            ],
            heading=_("Teaching"),
        ),
        # Each edition is edited on its own screen; the material lists them in a few lines.
        VersionsPanel(heading=_("Editions")),
        FieldPanel("image"),
        taxonomy_panel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("course"),
        index.SearchField("methodology"),
        index.FilterField("edition_date"),
    ]

    parent_page_types = ["knowledge.TrainingIndexPage"]
    subpage_types = []

    version_template = "knowledge/training_material_page.html"
    history_template = "knowledge/training_material_history.html"
    compare_template = "knowledge/training_material_compare.html"
    print_template = "knowledge/training_edition_print.html"
    version_words = VersionWords(
        start_new_version=_("Start a new edition"),
        nav_label=_("This material"),
        current_link=_("Current edition"),
        history_link=_("All editions"),
        compare_link=_("Compare editions"),
        compare_with_previous=_("Compare with the previous edition"),
        nothing_to_compare=_(
            "This material has only one published edition, so there is nothing to compare yet."
        ),
        compare_from=_("From edition"),
        compare_to=_("To edition"),
        same_version_twice=_(
            "You chose the same edition twice. Choose two different editions to see what changed."
        ),
        compared_in_default_language=_(
            "These editions are compared in Spanish, the language both are available in."
        ),
        permanent_link=_("Permanent link to this edition:"),
        back_to_version=_("Back to the edition on the site"),
    )
    route_words = {
        **VersionedPageMixin.route_words,
        "history": pgettext_lazy("word in a web address", "editions"),
    }

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    def save(self, *args, **kwargs):
        if self.pk:
            self.copy_current_edition(self._saved_current())
        super().save(*args, **kwargs)

    # Editions --------------------------------------------------------------------------

    @classmethod
    def with_current_editions(cls, queryset):
        """The queryset with its published editions and their files read in two queries."""
        files = TrainingFile.objects.select_related("document")
        editions = TrainingEdition.objects.published().prefetch_related(
            models.Prefetch("files", queryset=files)
        )
        return queryset.prefetch_related(models.Prefetch("versions", queryset=editions))

    def current_edition(self):
        """The edition the material's address shows today: the newest one already issued."""
        return self.timeline().governing

    def earlier_editions(self):
        """Published editions the current one replaced, newest first."""
        timeline = self.timeline()
        current = timeline.governing
        return [
            edition
            for edition in reversed(timeline.published)
            if current is not None and edition.effective_date < current.effective_date
        ]

    def _saved_current(self):
        return Timeline(TrainingEdition.objects.filter(page_id=self.pk).published()).governing

    def copy_current_edition(self, current):
        """Sets the page's copy of its current edition's label and date (see `edition`)."""
        self.edition_date = current.effective_date if current is not None else None
        for code, _name in settings.LANGUAGES:
            label = getattr(current, f"label_{code}", None) if current is not None else None
            setattr(self, f"edition_{code}", label or "")

    def refresh_current_edition(self):
        """Writes the current edition's label and date onto the page row, without a revision."""
        self.copy_current_edition(self._saved_current())
        names = ["edition_date", *(f"edition_{code}" for code, _name in settings.LANGUAGES)]
        type(self).objects.filter(pk=self.pk).update(
            **{name: getattr(self, name) for name in names}
        )

    def versions_changed(self):
        self.refresh_current_edition()

    def next_version_label(self, versions):
        taken = {version.slug for version in versions}
        number = len(versions) + 1
        while slugify(gettext("Edition %(number)s") % {"number": number}) in taken:
            number += 1
        return gettext("Edition %(number)s") % {"number": number}

    def status_label(self, status):
        return EDITION_STATUS_LABELS.get(status, "")

    # What the page shows of the edition -------------------------------------------------

    @property
    def search_weight(self):
        return 1.0

    def search_labels(self):
        """What a visitor reads beside the text: kind of material, edition and audiences."""
        return [
            self.get_material_kind_display(),
            self.edition,
            *(str(audience) for audience in self.audiences.all()),
        ]

    card_vocabularies = ("audiences",)

    def card_meta(self):
        audiences = ", ".join(str(audience) for audience in self.audiences.all())
        return [
            part for part in (self.get_material_kind_display(), self.edition, audiences) if part
        ]

    @property
    def description(self):
        """The current edition's description (for the API, feeds and structured data)."""
        edition = self.current_edition()
        return edition.description if edition is not None else ""

    @property
    def objectives(self):
        edition = self.current_edition()
        return edition.objectives if edition is not None else ""

    @property
    def body(self):
        return "\n".join(part for part in (self.description, self.objectives) if part)

    def objective_list(self):
        edition = self.current_edition()
        return edition.objective_list() if edition is not None else []

    # Files: the current edition's ------------------------------------------------------

    def documents(self):
        edition = self.current_edition()
        return edition.documents() if edition is not None else []

    def documents_in(self, language):
        return [document for document in self.documents() if document.language == language]

    def public_documents_in(self, language, request):
        """The files in `language` this visitor may download (collection privacy applies)."""
        return documents_shown_to(self.documents_in(language), request)

    def search_documents(self, language):
        """The files search indexes with this material in `language`."""
        return self.documents_in(language)

    def files_by_language(self, request=None, edition=None):
        """[(code, name, [documents])] for each site language that has files, the reader's first.

        Files in a private collection are left out unless this visitor passed its restriction.
        """
        edition = edition or self.current_edition()
        documents = documents_shown_to(edition.documents() if edition else [], request)
        groups = []
        reader = translation.get_language()
        languages = sorted(settings.LANGUAGES, key=lambda language: language[0] != reader)
        for code, name in languages:
            in_language = [document for document in documents if document.language == code]
            if in_language:
                groups.append((code, name, in_language))
        return groups

    def archive_name(self, language):
        return f"{self.slug}-{language}.zip"

    def archive_url(self, language, request=None):
        """The address of the ZIP of `language` files, under this page in the active language."""
        subpath = self.reverse_subpage("archive", kwargs={"language": language})
        return self.get_url(request) + subpath

    @path("zip/<str:language>/", name="archive")
    @rate_limited("download")
    def archive(self, request, language):
        """Every file of the current edition in one language, as one ZIP built while it is sent."""
        if language not in dict(settings.LANGUAGES):
            raise Http404
        documents = self.public_documents_in(language, request)
        if not documents:
            raise Http404
        return zip_response(request, documents, self.archive_name(language), page=self)

    # Related items ---------------------------------------------------------------------

    def related_groups(self):
        restricted = restricted_paths()
        return [
            RelatedGroup(
                "events",
                _("Used at"),
                visible_pages(self.events.order_by("-start_date"), restricted),
            ),
            RelatedGroup(
                "lessons",
                _("Lessons learned"),
                visible_pages(self.lessons.order_by("-date"), restricted),
            ),
            RelatedGroup("versions", _("Protocols and instruments taught"), self.public_versions()),
        ]

    def public_versions(self):
        return public_versions(self.protocol_versions.select_related("page"))

    def version_context(self, request, timeline, version):
        context = super().version_context(request, timeline, version)
        current = timeline.governing
        context["edition"] = version
        context["current_edition"] = current
        context["current_url"] = self.route_url("current", request=request)
        context["earlier_editions"] = [
            (edition, self.version_url(edition, request=request))
            for edition in reversed(timeline.published)
            if current is not None
            and edition is not version
            and edition.effective_date < current.effective_date
        ]
        if version is not None:
            context["status_label"] = self.status_label(timeline.status_of(version))
        groups = self.files_by_language(request, edition=version) if version else []
        if version is not None and version is current:
            context["file_groups"] = [
                (code, name, documents, self.archive_url(code, request))
                for code, name, documents in groups
            ]
        else:
            context["file_groups"] = [
                (code, name, documents, "") for code, name, documents in groups
            ]
        return context


class TrainingEdition(DatedVersion):
    """One edition of a training material: its label, date, text and files in each language."""

    page = VersionOf(
        TrainingMaterialPage,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("training material"),
    )
    label = models.CharField(
        _("edition"), max_length=60, help_text=_('As it is printed, e.g. "2nd edition".')
    )
    effective_date = models.DateField(
        _("edition date"),
        null=True,
        blank=True,
        help_text=_(
            "The day this edition was issued; from then on the material's address shows it. "
            "Required before publishing."
        ),
    )
    change_summary = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("In a few sentences, what this edition changes from the previous one."),
    )
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("slug")]),
        FieldPanel("effective_date"),
        FieldPanel("change_summary"),
        FieldPanel("objectives"),
        FieldPanel("description"),
        InlinePanel(
            "files",
            label=_("Files"),
            help_text=_(
                "Every file of this edition, in every language; each file's language is set "
                "on the document."
            ),
        ),
    ]

    COPIED_TEXT_FIELDS = ("description", "objectives")

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["page", "effective_date", "pk"]
        indexes = [models.Index(fields=["page", "live", "effective_date"])]

    def copy_as_draft(self, label):
        draft = super().copy_as_draft(label)
        draft.files = [TrainingFile(document_id=item.document_id) for item in self.files.all()]
        return draft

    def objective_list(self):
        return [line.strip(" -•\t") for line in self.objectives.splitlines() if line.strip()]

    def text_in(self, language):
        description = getattr(self, f"description_{language}", None) or ""
        objectives = getattr(self, f"objectives_{language}", None) or ""
        return description, objectives

    def has_text_in(self, language):
        return any(self.text_in(language))

    def sections_in(self, language):
        """The objectives and the description, as two sections the comparison pairs."""
        description, objectives = self.text_in(language)
        with translation.override(language):
            return [
                Section(
                    key="objectives",
                    heading=str(_("Learning objectives")),
                    paragraphs=[line.strip() for line in objectives.splitlines() if line.strip()],
                ),
                Section(
                    key="description",
                    heading=str(_("Description")),
                    paragraphs=html_paragraphs(description),
                ),
            ]

    def documents(self):
        """The edition's documents, in order; read once per edition object."""
        if "_documents" not in self.__dict__:
            if "files" in getattr(self, "_prefetched_objects_cache", {}):
                items = self.files.all()
            else:
                items = self.files.select_related("document")
            self.__dict__["_documents"] = [item.document for item in items]
        return list(self.__dict__["_documents"])

    def main_file_in(self, language):
        """The file the stable download address gives in `language`: the first PDF."""
        in_language = [d for d in self.documents() if d.language == language]
        pdfs = [d for d in in_language if d.file.name.lower().endswith(".pdf")]
        return (pdfs or in_language or [None])[0]

    @classmethod
    def page_document_references(cls, page_id):
        """The files of a material's published editions, recorded under its page: the public
        may download them (core.visibility); a draft edition's files stay private."""
        from wagtail.documents import get_document_model

        document_model = get_document_model()
        rows = TrainingFile.objects.filter(
            edition__page_id=page_id, edition__live=True, edition__effective_date__isnull=False
        ).values_list("edition_id", "pk", "document_id")
        for edition_id, row_id, document_id in rows:
            yield document_model, str(document_id), "item.files.document", f"{edition_id}.{row_id}"


class TrainingFile(FileInLanguage):
    """A file of a training edition; its language, type, size and pages come from the document."""

    edition = ParentalKey(TrainingEdition, on_delete=models.CASCADE, related_name="files")
