"""Fields modeltranslation stores once per language; every page type is registered."""

from modeltranslation.translator import TranslationOptions, register

from .models import ProtocolLibraryPage, ProtocolVersion, ProtocolWorkPage


@register(ProtocolLibraryPage)
class ProtocolLibraryPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ProtocolWorkPage)
class ProtocolWorkPageTranslation(TranslationOptions):
    fields = ("description",)


@register(ProtocolVersion)
class ProtocolVersionTranslation(TranslationOptions):
    fields = ("sections", "change_summary")
