"""Re-exports so the rest of Quipu imports `core.models` whatever file a model lives in."""

from .media import QuipuDocument, QuipuImage, QuipuRendition, TextNotExtractedReason, TextStatus
from .pages import GlossaryPage, HomePage, StandardPage, TranslatedPageMixin
from .settings import ProgrammeSettings
from .taxonomy import GlossaryTerm, Institution, Region, Sector, TaxonomyTerm, Topic

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
    "TaxonomyTerm",
    "TextNotExtractedReason",
    "TextStatus",
    "Topic",
    "TranslatedPageMixin",
]
