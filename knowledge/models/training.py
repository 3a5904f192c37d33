"""Training materials: courses, modules and guides, their editions and their files per language."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from config.ratelimit import rate_limited
from core.downloads import zip_response
from core.listing import ListingFilterForm, TermChoiceField
from core.models.media import FileInLanguage, attached_documents
from core.models.taxonomy import TaxonomyTerm
from core.request_memo import per_request_method
from core.visibility import (
    documents_shown_to,
    is_public_page,
    public_pages,
    public_versions,
    restricted_paths,
    visible_pages,
)

from ..widgets import VersionCheckboxes
from .common import KnowledgeIndexPage, KnowledgePageMixin, RelatedGroup, taxonomy_panel
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

    audience = TermChoiceField(Audience, _("Audience"), _("All audiences"))
    field_order = ["audience", "sector", "region", "topic", "year"]
    term_filters = {**ListingFilterForm.term_filters, "audience": "audiences"}


class TrainingIndexPage(KnowledgeIndexPage):
    """The training materials section: the current edition of every course, module and guide."""

    template = "knowledge/section_index.html"
    item_model_name = "TrainingMaterialPage"
    filter_form_class = TrainingFilterForm
    subpage_types = ["knowledge.TrainingMaterialPage"]

    class Meta:
        verbose_name = _("training materials index")

    def items(self):
        # Earlier editions stay published at their own address but are listed on the newer one.
        newer = public_pages(TrainingMaterialPage.objects.all())
        return super().items().exclude(later_editions__in=newer)


class TrainingMaterialPage(RoutablePageMixin, KnowledgePageMixin, Page):
    """A course, module or guide in one edition, with its files in each language."""

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
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    methodology = models.CharField(
        _("methodology"), max_length=255, blank=True, help_text=_("For example: case simulation.")
    )
    objectives = models.TextField(
        _("learning objectives"), blank=True, help_text=_("One objective per line.")
    )
    duration_hours = models.PositiveSmallIntegerField(_("duration in hours"), null=True, blank=True)
    edition = models.CharField(
        _("edition"), max_length=60, help_text=_('As it is printed, e.g. "2nd edition".')
    )
    edition_date = models.DateField(_("edition date"))
    previous_edition = models.ForeignKey(
        "self",
        verbose_name=_("previous edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="later_editions",
        help_text=_(
            "The edition this one replaces. It stays published and is listed here as an "
            "earlier edition."
        ),
    )
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
    sectors = ParentalManyToManyField(
        "core.Sector", blank=True, related_name="materials", verbose_name=_("sectors")
    )
    regions = ParentalManyToManyField(
        "core.Region", blank=True, related_name="materials", verbose_name=_("regions")
    )
    topics = ParentalManyToManyField(
        "core.Topic", blank=True, related_name="materials", verbose_name=_("topics")
    )
    institutions = ParentalManyToManyField(
        "core.Institution",
        blank=True,
        related_name="materials",
        verbose_name=_("institutions"),
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
                FieldPanel("objectives"),
                FieldPanel("protocol_versions", widget=VersionCheckboxes),
            ],
            heading=_("Teaching"),
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("edition"), FieldPanel("edition_date")]),
                FieldPanel("previous_edition"),
            ],
            heading=_("Edition"),
        ),
        InlinePanel(
            "files",
            label=_("Files"),
            help_text=_(
                "Every file of this edition, in every language; each file's language is set "
                "on the document."
            ),
        ),
        FieldPanel("image"),
        taxonomy_panel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("course"),
        index.SearchField("methodology"),
        index.SearchField("objectives"),
        index.FilterField("edition_date"),
    ]

    parent_page_types = ["knowledge.TrainingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training material")
        verbose_name_plural = _("training materials")

    @property
    def body(self):
        return "\n".join(part for part in (self.description, self.objectives) if part)

    @property
    def search_weight(self):
        """An edition a newer one replaced weighs less in search than the current one."""
        return 0.5 if self.newer_edition() is not None else 1.0

    def search_dependents(self):
        """Earlier editions: publishing this one changes their weight in search."""
        return self.earlier_editions()

    def search_labels(self):
        """What a visitor reads beside the text: kind of material, edition and audiences."""
        return [
            self.get_material_kind_display(),
            self.edition,
            *(str(audience) for audience in self.audiences.all()),
        ]

    card_vocabularies = ("audiences",)

    def clean(self):
        super().clean()
        edition, seen = self.previous_edition, set()
        while edition is not None:
            if (self.pk and edition.pk == self.pk) or edition.pk in seen:
                raise ValidationError(
                    {"previous_edition": _("An edition cannot come after itself.")}
                )
            seen.add(edition.pk)
            edition = edition.previous_edition

    def card_meta(self):
        audiences = ", ".join(str(audience) for audience in self.audiences.all())
        return [
            part for part in (self.get_material_kind_display(), self.edition, audiences) if part
        ]

    def objective_list(self):
        return [line.strip(" -•\t") for line in self.objectives.splitlines() if line.strip()]

    # Editions --------------------------------------------------------------------------

    def earlier_editions(self):
        """Published editions this one replaced, newest first."""
        editions, seen = [], {self.pk}
        restricted = restricted_paths()
        edition = self.previous_edition
        while edition is not None and edition.pk not in seen:
            seen.add(edition.pk)
            if is_public_page(edition, restricted):
                editions.append(edition)
            edition = edition.previous_edition
        return editions

    @per_request_method
    def newer_edition(self):
        """The published edition that replaced this one, if any."""
        return public_pages(self.later_editions.all()).order_by("-edition_date").first()

    def current_edition(self):
        """The newest published edition in this one's line; itself when it is the newest."""
        edition, seen = self, set()
        while (newer := edition.newer_edition()) is not None and newer.pk not in seen:
            seen.add(edition.pk)
            edition = newer
        return edition

    # Files -----------------------------------------------------------------------------

    @per_request_method
    def documents(self):
        return attached_documents(self)

    def documents_in(self, language):
        return [document for document in self.documents() if document.language == language]

    def public_documents_in(self, language, request):
        """The files in `language` this visitor may download (collection privacy applies)."""
        return documents_shown_to(self.documents_in(language), request)

    def search_documents(self, language):
        """The files search indexes with this material in `language`."""
        return self.documents_in(language)

    def files_by_language(self, request=None):
        """[(code, name, [documents])] for each site language that has files, the reader's first.

        Files in a private collection are left out unless this visitor passed its restriction.
        """
        documents = documents_shown_to(self.documents(), request)
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
        """Every file of this edition in one language, as one ZIP built while it is sent."""
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["newer_edition"] = self.newer_edition()
        context["earlier_editions"] = self.earlier_editions()
        groups = self.files_by_language(request)
        context["file_groups"] = [
            (code, name, documents, self.archive_url(code, request))
            for code, name, documents in groups
        ]
        return context


class TrainingFile(FileInLanguage):
    """A file of a training material; its language, type, size and pages come from the document."""

    page = ParentalKey(TrainingMaterialPage, on_delete=models.CASCADE, related_name="files")
