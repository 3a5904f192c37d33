"""Quipu's document and image models: bilingual metadata, integrity and extracted text."""

import hashlib

from django.db import models, transaction
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Orderable
from wagtail.search import index

from .. import languages
from ..validation import validate_document_file


def source_language():
    """A new document's language until the editor chooses one: the source language."""
    return languages.source()


class TextStatus(models.TextChoices):
    """Where a document's text for search stands."""

    PENDING = "pending", _("Text extraction pending")
    EXTRACTED = "extracted", _("Text extracted")
    NOT_EXTRACTED = "not_extracted", _("Text not extracted")


class TextNotExtractedReason(models.TextChoices):
    """Why a stored document's text was not extracted; the codes are the reader's."""

    TOO_MANY_PARTS = "too_many_parts", _("It is made of far more parts than a Word document has.")
    PART_TOO_LARGE = "part_too_large", _("One of its parts is too large when unpacked.")
    COMPRESSION_RATIO = (
        "compression_ratio",
        _(
            "It expands to far more than a document of its size does when unpacked (a possible "
            "“zip bomb”)."
        ),
    )
    XML_TOO_LARGE = "xml_too_large", _("Its text part is larger than the limit for reading text.")
    TOO_MANY_PARAGRAPHS = (
        "too_many_paragraphs",
        _("It has more paragraphs than the limit for reading text."),
    )
    TEXT_TOO_LONG = "text_too_long", _("Its text is longer than the limit for reading text.")
    MEMORY = "memory", _("Reading it needed more memory than allowed.")
    TIME = "time", _("Reading it took longer than allowed.")
    DAMAGED = "damaged", _("Its content is damaged, so its text could not be read.")
    FAILED = "failed", _("The text reader stopped unexpectedly.")
    MISSING = "missing", _("The stored file could not be opened.")


class QuipuDocument(AbstractDocument):
    """A downloadable file in one language, with its text extracted for search."""

    # Overrides the inherited field only to add content validation; same column as Wagtail's.
    file = models.FileField(
        upload_to="documents", verbose_name=_("file"), validators=[validate_document_file]
    )
    language = models.CharField(
        _("language of the file"),
        max_length=2,
        choices=languages.language_choices,
        default=source_language,
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    has_searchable_text = models.BooleanField(
        _("has searchable text"),
        default=False,
        editable=False,
        help_text=_("False for scanned PDFs without a text layer."),
    )
    text_status = models.CharField(
        _("text for search"),
        max_length=16,
        choices=TextStatus.choices,
        default=TextStatus.PENDING,
        editable=False,
    )
    text_not_extracted_reason = models.CharField(
        _("why the text was not extracted"),
        max_length=32,
        choices=TextNotExtractedReason.choices,
        blank=True,
        editable=False,
    )
    download_count = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)

    # `title` holds the source language's title (core/forms.py); the others follow it.
    admin_form_fields = (
        "title",
        *languages.localized_all("title", languages=languages.translations()),
        "file",
        "language",
        "collection",
        "tags",
    )

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("extracted_text"),
        index.FilterField("language"),
    ]

    class Meta(AbstractDocument.Meta):
        db_table = "knowledge_quipudocument"  # kept from before the move to core
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        # Wagtail's own Document declares this; a custom model must too, for chooser rights.
        permissions = [("choose_quipudocument", "Can choose document")]

    def clean(self):
        # Without a file the form has already said what is wrong with the upload (an empty
        # file, say); Wagtail's extension check would add "extension “” not allowed".
        if self.file:
            super().clean()

    def _set_document_file_metadata(self):
        super()._set_document_file_metadata()
        self.file.open()
        digest = hashlib.sha256()
        for chunk in self.file.chunks():
            digest.update(chunk)
        self.file.seek(0)
        self.sha256 = digest.hexdigest()
        self._file_changed = True

    def save(self, *args, **kwargs):
        if self.file and not self.sha256:
            self._set_document_file_metadata()
        if getattr(self, "_file_changed", False):
            # The text of the previous file, if any, does not describe the new one.
            self.extracted_text = ""
            self.page_count = None
            self.has_searchable_text = False
            self.text_status = TextStatus.PENDING
            self.text_not_extracted_reason = ""
        super().save(*args, **kwargs)
        if getattr(self, "_file_changed", False):
            self._file_changed = False
            from ..tasks import extract_document_text

            # After commit, so the task sees the saved file even on a separate worker.
            transaction.on_commit(lambda: extract_document_text.enqueue(self.pk))

    @property
    def text_status_explanation(self):
        """A sentence for editors: whether search finds the file's words, and if not, why."""
        if self.text_status == TextStatus.EXTRACTED:
            if self.has_searchable_text:
                return _("Search finds the words in this file.")
            return _(
                "This file has no text layer (a scan, or only pictures): search finds it by its "
                "title only."
            )
        if self.text_status == TextStatus.PENDING:
            return _("The text of this file is being read for search.")
        reason = self.get_text_not_extracted_reason_display() or TextNotExtractedReason.FAILED.label
        return format_lazy(
            "{} {}",
            reason,
            _(
                "The file is stored and can be downloaded, but search finds it by its title "
                "only. To make its words searchable, save it again from the program that made "
                "it (or split it) and replace the file."
            ),
        )

    @property
    def extension(self):
        return self.file_extension.upper()


def documents_in(documents, language):
    """The documents of `documents` written in `language`, in their order."""
    return [document for document in documents if document.language == language]


def reader_language_first(items, language=None):
    """Files (or anything with a `language`) in the reader's language first, the others in
    their order."""
    reader = language or translation.get_language()
    return sorted(items or [], key=lambda item: _language_of(item) != reader)


def _language_of(item):
    return item.get("language") if isinstance(item, dict) else getattr(item, "language", None)


class FileInLanguage(Orderable):
    """One file of a page or version, in the order editors gave.

    The language is the document's own (`QuipuDocument.language`), so a file is never in
    one language for one page and in another for the next, and a new language needs no new
    column. Owners reach their rows as `files` and read the documents with `documents()`.
    """

    document = models.ForeignKey(
        "core.QuipuDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @property
    def language(self):
        return self.document.language


def attached_documents(owner):
    """The documents of `owner`'s file rows (`owner.files`), read through a prefetch if any.

    Works on saved objects and on objects restored from a revision (previews, approvals),
    whose rows are in memory.
    """
    if "files" in getattr(owner, "_prefetched_objects_cache", {}):
        return [item.document for item in owner.files.all()]
    return [item.document for item in owner.files.select_related("document")]


class QuipuImage(AbstractImage):
    """A photo or illustration with alt text and caption in both languages and a credit."""

    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Who made the photo or illustration, as it must be credited."),
    )

    admin_form_fields = (
        "title",
        *languages.localized_all("title", languages=languages.translations()),
        "file",
        *languages.localized_all("description", "caption", "credit"),
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    search_fields = [*AbstractImage.search_fields, index.SearchField("caption")]

    class Meta(AbstractImage.Meta):
        db_table = "knowledge_quipuimage"  # kept from before the move to core
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_quipuimage", "Can choose image")]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.file:
            from ..renditions import schedule_renditions

            # Made now, so no visitor's request ever waits for a photo to be resized.
            schedule_renditions(self)

    @property
    def alt_text(self):
        """Alt text in the active language; the description field is Wagtail's alt text."""
        return self.description or self.title


class QuipuRendition(AbstractRendition):
    """A resized copy of an Image."""

    image = models.ForeignKey(QuipuImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        db_table = "knowledge_quipurendition"  # kept from before the move to core
        unique_together = (("image", "filter_spec", "focal_point_key"),)
