"""Quipu's document and image models: bilingual metadata, integrity and extracted text."""

import hashlib

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.search import index

from ..validation import validate_document_file

LANGUAGE_CHOICES = [("es", _("Spanish")), ("en", _("English"))]


class QuipuDocument(AbstractDocument):
    """A downloadable file in one language, with its text extracted for search."""

    # Overrides the inherited field only to add content validation; same column as Wagtail's.
    file = models.FileField(
        upload_to="documents", verbose_name=_("file"), validators=[validate_document_file]
    )
    language = models.CharField(
        _("language of the file"), max_length=2, choices=LANGUAGE_CHOICES, default="es"
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
    download_count = models.PositiveBigIntegerField(_("downloads"), default=0, editable=False)

    admin_form_fields = ("title", "title_en", "file", "language", "collection", "tags")

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("extracted_text"),
        index.FilterField("language"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        # Wagtail's own Document declares this; a custom model must too, for chooser rights.
        permissions = [("choose_quipudocument", "Can choose document")]

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
        super().save(*args, **kwargs)
        if getattr(self, "_file_changed", False):
            self._file_changed = False
            from ..tasks import extract_document_text

            # After commit, so the task sees the saved file even on a separate worker.
            transaction.on_commit(lambda: extract_document_text.enqueue(self.pk))

    @property
    def is_public(self):
        """True when no collection privacy restriction applies to this document."""
        return not self.collection.get_view_restrictions().exists()

    @property
    def extension(self):
        return self.file_extension.upper()


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
        "title_en",
        "file",
        "description_es",
        "description_en",
        "caption_es",
        "caption_en",
        "credit_es",
        "credit_en",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    search_fields = [*AbstractImage.search_fields, index.SearchField("caption")]

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_quipuimage", "Can choose image")]

    @property
    def alt_text(self):
        """Alt text in the active language; the description field is Wagtail's alt text."""
        return self.description or self.title


class QuipuRendition(AbstractRendition):
    """A resized copy of an Image."""

    image = models.ForeignKey(QuipuImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
