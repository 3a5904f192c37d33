"""Re-exports so the rest of Quipu imports `knowledge.models` whatever file a model lives in."""

from .events import EventIndexPage, EventKind, EventPage, EventPhoto
from .lessons import LessonIndexPage, LessonPage
from .pilots import PilotIndexPage, PilotPage, PilotPractice, PilotTrackerPage, WorkingGroup
from .publications import PublicationFile, PublicationIndexPage, PublicationPage
from .training import (
    Audience,
    MaterialKind,
    TrainingEdition,
    TrainingFile,
    TrainingIndexPage,
    TrainingMaterialPage,
)

__all__ = [
    "Audience",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "EventPhoto",
    "LessonIndexPage",
    "LessonPage",
    "MaterialKind",
    "PilotIndexPage",
    "PilotPage",
    "PilotPractice",
    "PilotTrackerPage",
    "PublicationFile",
    "PublicationIndexPage",
    "PublicationPage",
    "TrainingEdition",
    "TrainingFile",
    "TrainingIndexPage",
    "TrainingMaterialPage",
    "WorkingGroup",
]
