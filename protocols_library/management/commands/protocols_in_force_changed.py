"""The former name of `versions_changed_status`, kept for schedules that still call it."""

from core.management.commands.versions_changed_status import Command as VersionsChangedStatus


class Command(VersionsChangedStatus):
    help = "Another name of `versions_changed_status` (see its help); both do the same."
