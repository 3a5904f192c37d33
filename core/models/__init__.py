"""Re-exports so the rest of Quipu imports `core.models` whatever file a model lives in."""

from .classified import CLASSIFICATION_FIELDS, Classified, taxonomy_panel
from .media import (
    FileInLanguage,
    QuipuDocument,
    QuipuImage,
    QuipuRendition,
    TextNotExtractedReason,
    TextStatus,
    attached_documents,
    documents_in,
    reader_language_first,
)
from .pages import GlossaryPage, HomePage, StandardPage, TranslatedPageMixin
from .settings import ProgrammeSettings
from .taxonomy import GlossaryTerm, Institution, Region, Sector, TaxonomyTerm, Topic

__all__ = [
    "CLASSIFICATION_FIELDS",
    "Classified",
    "FileInLanguage",
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
    "attached_documents",
    "documents_in",
    "reader_language_first",
    "taxonomy_panel",
]
