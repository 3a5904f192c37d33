"""Signals of the protocols library."""

from django.dispatch import Signal

# Sent with `pages` and `date` when what a work shows changes without its page being published:
# by `manage.py protocols_in_force_changed` (run daily) for the works whose version in force
# changed that day because a date arrived, and when one of a work's versions is published,
# unpublished or deleted on its own screen. Receivers refresh whatever holds a copy of the
# version in force: the search index, cached pages, feeds.
in_force_changed = Signal()
