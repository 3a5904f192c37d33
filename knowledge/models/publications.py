"""Publications: reports and studies such as the "Si se Ve" report on safe schools."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.listing import ListingFilterForm
from core.models.classified import Classified, taxonomy_panel
from core.models.media import FileInLanguage, attached_documents
from core.request_memo import per_request_method
from core.visibility import documents_shown_to, visible_pages

from .common import KnowledgeIndexPage, KnowledgePageMixin, RelatedGroup
from .lessons import RICH_TEXT_FEATURES


class PublicationIndexPage(KnowledgeIndexPage):
    """The publications section."""

    template = "knowledge/section_index.html"
    item_model_name = "PublicationPage"
    filter_form_class = ListingFilterForm
    subpage_types = ["knowledge.PublicationPage"]

    class Meta:
        verbose_name = _("publications index")


class PublicationPage(KnowledgePageMixin, Classified, Page):
    """A report or study: who wrote it, when, what it says, and its files."""

    publication_date = models.DateField(_("publication date"))
    authors = models.CharField(
        _("authors"),
        max_length=255,
        blank=True,
        help_text=_("People or teams, as credited; institutions are chosen below."),
    )
    intro = models.TextField(_("summary"))
    body = RichTextField(_("contents"), blank=True, features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "core.QuipuImage",
        verbose_name=_("cover or image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_date_field = "publication_date"

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("authors")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("files", label=_("Files")),
        FieldPanel("image"),
        taxonomy_panel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("authors"),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["knowledge.PublicationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    @per_request_method
    def documents(self):
        return attached_documents(self)

    def search_documents(self, language):
        """The files search indexes with this publication in `language`."""
        return [document for document in self.documents() if document.language == language]

    def files_by_language(self, request=None):
        """Files in a private collection are left out unless this visitor passed its restriction."""
        documents = documents_shown_to(self.documents(), request)
        # The reader's language first, as in every file list.
        reader = translation.get_language()
        languages = sorted(settings.LANGUAGES, key=lambda language: language[0] != reader)
        # No archive for a publication: its few files are downloaded one by one.
        return [
            (code, name, [d for d in documents if d.language == code], None)
            for code, name in languages
            if any(d.language == code for d in documents)
        ]

    def card_meta(self):
        return [
            part
            for part in (date_format(self.publication_date, "DATE_FORMAT"), self.authors)
            if part
        ]

    def related_groups(self):
        return [
            RelatedGroup(
                "events", _("Presented at"), visible_pages(self.events.order_by("-start_date"))
            ),
            RelatedGroup(
                "lessons", _("Lessons learned"), visible_pages(self.lessons_drawn_from_it())
            ),
        ]

    def lessons_drawn_from_it(self):
        """Lessons linked to this publication, and those whose source is one of its files."""
        from .lessons import LessonPage

        files = self.files.values("document")
        return (
            LessonPage.objects.filter(Q(publications=self) | Q(source_document__in=files))
            .distinct()
            .order_by("-date", "pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["file_groups"] = self.files_by_language(request)
        return context


class PublicationFile(FileInLanguage):
    """A file of a publication; its language, type and size come from the document."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
