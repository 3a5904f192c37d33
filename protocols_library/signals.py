"""Signals of the protocols library."""

from core.versioning.signals import versions_changed

# The versioned pages' signal (core.versioning.signals), under the name the library gave it:
# sent with `pages` and `date` when the version a work shows changes without its page being
# published.
in_force_changed = versions_changed
