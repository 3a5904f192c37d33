"""Signals of the protocols library."""

from django.dispatch import Signal

# Sent by `manage.py protocols_in_force_changed` (run daily) with `pages` and `date`: the works
# whose version in force changed that day because a date arrived, with no edit or publish to
# announce it. Receivers refresh whatever holds a copy of the version in force: the search
# index, cached pages, feeds.
in_force_changed = Signal()
