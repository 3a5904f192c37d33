"""Admin forms for documents and images that keep Spanish and English titles apart."""

from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from . import languages
from .validation import MESSAGES


def title_label(language):
    from .templatetags.quipu_tags import language_name

    return _("Title (%(language)s)") % {"language": language_name(language)}


class SpanishTitleMixin:
    """Wagtail's upload views need a field called `title`; here it always holds the title in
    the source language (Spanish), and each other language has its own title field.

    modeltranslation would otherwise write `title` into whichever language the editor's admin
    happens to be in, leaving the Spanish title empty for an editor working in English.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "title" in self.fields:
            self.fields["title"].label = title_label(languages.source())
            if self.instance.pk:
                self.initial["title"] = languages.in_language(
                    self.instance, "title", languages.source()
                )
        for language in languages.translations():
            field = self.fields.get(languages.localized("title", language))
            if field is not None:
                field.label = title_label(language)

    def _post_clean(self):
        super()._post_clean()
        if "title" in self.cleaned_data:
            setattr(
                self.instance,
                languages.localized("title", languages.source()),
                self.cleaned_data["title"],
            )
            for language in languages.translations():
                name = languages.localized("title", language)
                if name in self.fields:
                    setattr(self.instance, name, self.cleaned_data.get(name) or "")


class EmptyFileMessageMixin:
    """An empty upload is told so plainly, with what to do, in the editor's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["empty"] = MESSAGES["empty"]


class ChosenLanguageMixin:
    """A new file's language is chosen by the editor, never assumed.

    The site offers each file to the readers of its language, so an English file left at a
    default of Spanish would be offered to the wrong readers without anyone noticing.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("language")
        if field is None or self.instance.pk:
            return
        field.choices = [("", _("Choose the language of the file"))] + [
            choice for choice in field.choices if choice[0]
        ]
        field.required = True
        self.initial["language"] = ""
        field.help_text = _("Readers of this language are offered the file.")


class AltTextHelpMixin:
    """Says what the image's description is for: it becomes the alt text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            field = self.fields.get(f"description_{code}")
            if field is not None:
                field.help_text = format_lazy(
                    "{} ({})",
                    _(
                        "Becomes the image's alt text: what screen readers say and what shows if "
                        "the image does not load. Describe what the image shows."
                    ),
                    name,
                )


class DocumentForm(ChosenLanguageMixin, EmptyFileMessageMixin, SpanishTitleMixin, BaseDocumentForm):
    """Document upload and edit form."""


class ImageForm(AltTextHelpMixin, EmptyFileMessageMixin, SpanishTitleMixin, BaseImageForm):
    """Image upload and edit form."""
