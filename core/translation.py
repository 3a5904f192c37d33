"""Fields modeltranslation stores once per language for the foundation's models."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    Institution,
    ProgrammeSettings,
    QuipuDocument,
    QuipuImage,
    Region,
    Sector,
    StandardPage,
    Topic,
)


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(StandardPage)
class StandardPageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(GlossaryPage)
class GlossaryPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(Sector)
@register(Region)
@register(Topic)
class TaxonomyTranslation(TranslationOptions):
    fields = ("name",)


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "acronym")


@register(GlossaryTerm)
class GlossaryTermTranslation(TranslationOptions):
    fields = ("term", "expansion", "definition", "synonyms")


@register(QuipuDocument)
class DocumentTranslation(TranslationOptions):
    fields = ("title",)


@register(QuipuImage)
class ImageTranslation(TranslationOptions):
    fields = ("title", "description", "caption", "credit")


@register(ProgrammeSettings)
class ProgrammeSettingsTranslation(TranslationOptions):
    fields = ("programme_name", "programme_description", "partners")
