"""The block a protocol's text is made of: numbered sections, each a heading and its text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SectionBlock(blocks.StructBlock):
    """One section of a protocol or instrument; the unit the comparison view aligns."""

    heading = blocks.CharBlock(label=_("heading"), max_length=255)
    body = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"], label=_("text"))

    class Meta:
        icon = "doc-full"
        label = _("section")


class SectionsBlock(blocks.StreamBlock):
    """A version's full text in one language."""

    section = SectionBlock()
