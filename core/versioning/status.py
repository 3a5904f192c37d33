"""A version's status in words, with the date that makes it true, for the status chip."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .timeline import VersionStatus


@dataclass
class StatusChip:
    """What the status chip says: `code` picks its colour, `label` and `when` are read out."""

    code: str
    label: str
    when: str = ""
    date: datetime.date | None = None


def _phrase(template, date):
    return template % {"date": date_format(date, "DATE_FORMAT")} if date else ""


def describe_status(timeline, version):
    """StatusChip of `version` on the timeline's day, e.g. "In force" / "since 9 November 2025"."""
    status = timeline.status_of(version)
    date, when = None, ""
    if status == VersionStatus.IN_FORCE:
        date = version.effective_date
        when = _phrase(_("since %(date)s"), date)
    elif status == VersionStatus.NOT_YET_IN_FORCE:
        date = version.effective_date
        when = _phrase(_("enters into force on %(date)s"), date)
    elif status == VersionStatus.SUPERSEDED:
        successor = timeline.successor_of(version)
        date = successor.effective_date if successor else None
        when = _phrase(_("on %(date)s"), date)
    elif status == VersionStatus.REPEALED:
        date = version.repeal_date
        when = _phrase(_("with effect from %(date)s"), date)
    elif status == VersionStatus.EXPIRED:
        date = version.end_date
        when = _phrase(_("in force until %(date)s"), date)
    return StatusChip(
        code=str(status), label=str(VersionStatus(status).label), when=when, date=date
    )
