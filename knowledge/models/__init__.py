"""Re-exports so the rest of Quipu imports `knowledge.models` whatever file a model lives in."""

from .events import EventIndexPage, EventKind, EventPage, EventPhoto
from .lessons import LessonIndexPage, LessonPage
from .media import QuipuDocument, QuipuImage, QuipuRendition
from .pages import GlossaryPage, HomePage, StandardPage, TranslatedPageMixin
from .pilots import PilotIndexPage, PilotPage, PilotPractice, PilotTrackerPage, WorkingGroup
from .publications import PublicationFile, PublicationIndexPage, PublicationPage
from .settings import ProgrammeSettings
from .taxonomy import GlossaryTerm, Institution, Region, Sector, Topic
from .training import Audience, MaterialKind, TrainingFile, TrainingIndexPage, TrainingMaterialPage

__all__ = [
    "Audience",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPhoto",
    "GlossaryPage",
    "GlossaryTerm",
    "HomePage",
    "Institution",
    "LessonIndexPage",
    "LessonPage",
    "MaterialKind",
    "PilotIndexPage",
    "PilotPage",
    "PilotPractice",
    "PilotTrackerPage",
    "ProgrammeSettings",
    "PublicationFile",
    "PublicationIndexPage",
    "PublicationPage",
    "QuipuDocument",
    "QuipuImage",
    "QuipuRendition",
    "Region",
    "Sector",
    "StandardPage",
    "Topic",
    "TrainingFile",
    "TrainingIndexPage",
    "TrainingMaterialPage",
    "TranslatedPageMixin",
    "WorkingGroup",
]
