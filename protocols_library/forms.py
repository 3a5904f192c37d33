"""The admin form of a version: a draft may be incomplete, an approval may not."""

from core.versioning.admin import VersionForm


class ProtocolVersionForm(VersionForm):
    """Checks the approval rules (dates, approving instrument, files) when the version is
    published or submitted for moderation; saving a draft defers them (core.versioning)."""
