"""Re-exports so the rest of Quipu imports `protocols_library.models` whatever file a model is in."""

from core.versioning.timeline import Timeline, VersionStatus, chronology_errors

from .pages import LibraryFilterForm, ProtocolLibraryPage, ProtocolWorkPage, WorkKind
from .versions import InstrumentType, ProtocolVersion, ProtocolVersionFile, cite_instrument

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
