"""Re-exports so the rest of Quipu imports `knowledge.models` whatever file a model lives in."""

from .media import QuipuDocument, QuipuImage, QuipuRendition
from .pages import GlossaryPage, HomePage, StandardPage, TranslatedPageMixin
from .settings import ProgrammeSettings
from .taxonomy import GlossaryTerm, Institution, Region, Sector, Topic

__all__ = [
    "GlossaryPage",
    "GlossaryTerm",
    "HomePage",
    "Institution",
    "ProgrammeSettings",
    "QuipuDocument",
    "QuipuImage",
    "QuipuRendition",
    "Region",
    "Sector",
    "StandardPage",
    "Topic",
    "TranslatedPageMixin",
]
