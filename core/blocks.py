"""StreamField blocks shared by Quipu's pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 keeps the document outline valid."""

    text = blocks.CharBlock(label=_("text"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2", label=_("level")
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class FigureBlock(blocks.StructBlock):
    """An image shown with its caption and credit in the page's language."""

    image = ImageChooserBlock(label=_("image"))

    class Meta:
        icon = "image"
        template = "blocks/figure_block.html"

    def bulk_to_python(self, values):
        """Every figure of a body at once: their images in one query (Wagtail's chooser), and
        their renditions (every size a page may show) in one more, not one per image."""
        figures = super().bulk_to_python(values)
        images = [figure["image"] for figure in figures if figure.get("image") is not None]
        if images:
            from django.db.models import Prefetch, prefetch_related_objects

            from .renditions import rendition_specs

            renditions = (
                type(images[0])
                .get_rendition_model()
                .objects.filter(filter_spec__in=rendition_specs())
            )
            prefetch_related_objects(
                images,
                Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions"),
            )
        return figures


class DocumentLinkBlock(blocks.StructBlock):
    """A download link that states the file's type, size and language."""

    document = DocumentChooserBlock(label=_("document"))

    class Meta:
        icon = "doc-full"
        template = "blocks/document_link_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    text = blocks.TextBlock(label=_("quotation"))
    source = blocks.CharBlock(required=False, label=_("source"))

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class BodyBlock(blocks.StreamBlock):
    """The body of a content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        label=_("paragraph"),
        template="blocks/paragraph_block.html",
    )
    figure = FigureBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()
