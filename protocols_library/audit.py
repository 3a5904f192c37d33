"""The audit trail of dated changes: a version entering into force, ending or being repealed.

Nobody clicks anything on the day a version enters into force, so Wagtail records nothing by
itself. The daily command calls `record_status_changes` for each day it checks; it writes one
log entry on the work's page per change ("system" as the user), once, however many times the
command runs for that day. The entries show in the page's history and in the site history.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log
from wagtail.models import PageLogEntry

from .models import ProtocolVersion, ProtocolWorkPage, Timeline, VersionStatus

STATUS_ACTION = "protocols_library.version_status"

ENTERED = "in_force"
ENDED = "ended"
REPEALED = "repealed"


class VersionStatusFormatter(LogFormatter):
    label = _("Version in force changed on its date")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        try:
            day = date_format(datetime.date.fromisoformat(data.get("date", "")), "DATE_FORMAT")
        except ValueError:
            day = data.get("date", "")
        values = {"version": data.get("version", ""), "date": day}
        change = data.get("change")
        if change == ENTERED and data.get("replaces"):
            return _(
                "Version “%(version)s” entered into force on %(date)s, replacing version "
                "“%(replaces)s”"
            ) % {**values, "replaces": data["replaces"]}
        if change == ENTERED:
            return _("Version “%(version)s” entered into force on %(date)s") % values
        if change == ENDED:
            return _("Version “%(version)s” is no longer in force from %(date)s") % values
        if change == REPEALED:
            return _("Version “%(version)s” was repealed with effect from %(date)s") % values
        return str(self.label)


def changes_on(day):
    """(work, version, change, replaced version) for every status a date switches on `day`."""
    versions = list(
        ProtocolVersion.objects.changing_status_on(day).filter(
            page__in=ProtocolWorkPage.objects.live()
        )
    )
    if not versions:
        return []
    work_ids = {version.page_id for version in versions}
    works = {work.pk: work for work in ProtocolWorkPage.objects.filter(pk__in=work_ids)}
    siblings = {}
    for version in ProtocolVersion.objects.published().filter(page_id__in=work_ids):
        siblings.setdefault(version.page_id, []).append(version)
    changes = []
    for version in versions:
        today = Timeline(siblings[version.page_id], on=day)
        yesterday = Timeline(siblings[version.page_id], on=day - datetime.timedelta(days=1))
        work = works[version.page_id]
        if version.effective_date == day and today.status_of(version) == VersionStatus.IN_FORCE:
            replaced = yesterday.in_force
            changes.append((work, version, ENTERED, replaced))
        elif version.repeal_date == day and today.status_of(version) == VersionStatus.REPEALED:
            changes.append((work, version, REPEALED, None))
        elif (
            version.end_date == day - datetime.timedelta(days=1)
            and yesterday.status_of(version) == VersionStatus.IN_FORCE
            and today.status_of(version) == VersionStatus.EXPIRED
        ):
            changes.append((work, version, ENDED, None))
    return changes


def record_status_changes(day):
    """Writes the log entries of `day`'s changes that are not recorded yet; returns the new ones."""
    recorded = []
    for work, version, change, replaced in changes_on(day):
        data = {
            "version_id": version.pk,
            "version": version.label,
            "date": day.isoformat(),
            "change": change,
            "replaces": replaced.label if replaced is not None else "",
        }
        already = PageLogEntry.objects.filter(
            page_id=work.pk,
            action=STATUS_ACTION,
            data__version_id=version.pk,
            data__date=data["date"],
            data__change=change,
        ).exists()
        if already:
            continue
        recorded.append(log(work, STATUS_ACTION, data=data))
    return recorded
