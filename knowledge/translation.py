"""Fields modeltranslation stores once per language; every page type is registered."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Audience,
    EventIndexPage,
    EventPage,
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    Institution,
    LessonIndexPage,
    LessonPage,
    PilotIndexPage,
    PilotPage,
    PilotPractice,
    PilotTrackerPage,
    ProgrammeSettings,
    PublicationIndexPage,
    PublicationPage,
    QuipuDocument,
    QuipuImage,
    Region,
    Sector,
    StandardPage,
    Topic,
    TrainingIndexPage,
    TrainingMaterialPage,
    WorkingGroup,
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
@register(Audience)
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


@register(LessonIndexPage)
@register(EventIndexPage)
@register(PilotIndexPage)
@register(PilotTrackerPage)
@register(TrainingIndexPage)
@register(PublicationIndexPage)
class SectionIndexTranslation(TranslationOptions):
    fields = ("intro",)


@register(LessonPage)
class LessonPageTranslation(TranslationOptions):
    fields = ("statement", "context", "evidence", "recommendation", "source", "change_note")


@register(EventPage)
class EventPageTranslation(TranslationOptions):
    fields = ("city", "intro", "description", "outcomes")


@register(PilotPage)
class PilotPageTranslation(TranslationOptions):
    fields = ("intro", "description", "places")


@register(PilotPractice)
class PilotPracticeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(WorkingGroup)
class WorkingGroupTranslation(TranslationOptions):
    fields = ("name", "description", "other_members")


@register(TrainingMaterialPage)
class TrainingMaterialTranslation(TranslationOptions):
    fields = ("course", "intro", "description", "methodology", "objectives", "edition")


@register(PublicationPage)
class PublicationPageTranslation(TranslationOptions):
    fields = ("authors", "intro", "body")
