"""The audit log follows the daily pass: each dated change of a version is recorded on its work.

`manage.py versions_changed_status` sends `versions_changed` with the days it checked; the
entries of those days are written once (protocols_library.audit), whatever the number of runs.
"""

from django.dispatch import receiver

from core.versioning.signals import versions_changed

from .audit import record_status_changes
from .models import ProtocolWorkPage


@receiver(versions_changed, sender=ProtocolWorkPage, dispatch_uid="quipu-protocols-audit")
def record_dated_changes(sender, pages=(), date=None, days=(), **kwargs):
    """Records the dated changes of `days`; returns them as lines for the daily pass's report."""
    return [
        f"{entry.label}: {entry.message}" for day in days for entry in record_status_changes(day)
    ]
