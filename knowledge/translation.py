"""Fields modeltranslation stores once per language; every page type of this app is registered."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Audience,
    EventIndexPage,
    EventPage,
    LessonIndexPage,
    LessonPage,
    PilotIndexPage,
    PilotPage,
    PilotPractice,
    PilotTrackerPage,
    PublicationIndexPage,
    PublicationPage,
    TrainingEdition,
    TrainingIndexPage,
    TrainingMaterialPage,
    WorkingGroup,
)


@register(Audience)
class AudienceTranslation(TranslationOptions):
    fields = ("name",)


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
    fields = ("course", "intro", "methodology", "edition")


@register(TrainingEdition)
class TrainingEditionTranslation(TranslationOptions):
    fields = ("label", "change_summary", "description", "objectives")


@register(PublicationPage)
class PublicationPageTranslation(TranslationOptions):
    fields = ("authors", "intro", "body")
