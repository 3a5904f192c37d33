"""Admin forms for documents and images that keep Spanish and English titles apart."""

from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .validation import MESSAGES


class SpanishTitleMixin:
    """Wagtail's upload views need a field called `title`; here it always holds the Spanish title.

    modeltranslation would otherwise write `title` into whichever language the editor's admin
    happens to be in, leaving the Spanish title empty for an editor working in English.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].label = _("Title (Spanish)")
            if self.instance.pk:
                self.initial["title"] = self.instance.title_es
        if "title_en" in self.fields:
            self.fields["title_en"].label = _("Title (English)")

    def _post_clean(self):
        super()._post_clean()
        if "title" in self.cleaned_data:
            self.instance.title_es = self.cleaned_data["title"]
            if "title_en" in self.fields:
                self.instance.title_en = self.cleaned_data.get("title_en") or ""


class EmptyFileMessageMixin:
    """An empty upload is told so plainly, with what to do, in the editor's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["empty"] = MESSAGES["empty"]


class DocumentForm(EmptyFileMessageMixin, SpanishTitleMixin, BaseDocumentForm):
    """Document upload and edit form."""


class ImageForm(EmptyFileMessageMixin, SpanishTitleMixin, BaseImageForm):
    """Image upload and edit form."""
