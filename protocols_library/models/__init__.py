"""Re-exports so the rest of Quipu imports `protocols_library.models` whatever file a model is in."""

from .pages import LibraryFilterForm, ProtocolLibraryPage, ProtocolWorkPage, WorkKind
from .versions import (
    InstrumentType,
    ProtocolVersion,
    ProtocolVersionFile,
    Timeline,
    VersionStatus,
    chronology_errors,
    cite_instrument,
)

__all__ = [
    "InstrumentType",
    "LibraryFilterForm",
    "ProtocolLibraryPage",
    "ProtocolVersion",
    "ProtocolVersionFile",
    "ProtocolWorkPage",
    "Timeline",
    "VersionStatus",
    "WorkKind",
    "chronology_errors",
    "cite_instrument",
]
