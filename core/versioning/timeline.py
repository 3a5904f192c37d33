"""Where dated versions stand on a day: the timeline of one versioned item.

A version's status is never stored. It follows from the version's own dates and those of the
other published versions of the same item, on the day asked about (today by default), so the
item switches to a new version the day it enters into force without anyone touching it.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    """Where a version stands on a given day."""

    DRAFT = "draft", _("Draft")
    NOT_YET_IN_FORCE = "not_yet_in_force", _("Approved, not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")
    REPEALED = "repealed", _("Repealed")
    EXPIRED = "expired", _("No longer in force")


def format_date(value):
    return date_format(value, "DATE_FORMAT") if value else ""


def same_version(a, b):
    return a is b or (a.pk is not None and a.pk == b.pk)


def _chronological(version):
    no_date = version.effective_date is None
    return (
        no_date,
        version.effective_date or datetime.date.max,
        version.pk if version.pk is not None else float("inf"),
    )


def chronology_errors(versions):
    """Problems that show only when a work's versions are seen together.

    Returns (version, field, message) for duplicate labels and for published versions whose
    periods in force would overlap; each problem is reported on the later version.
    """
    problems = []
    seen = {}
    for version in versions:
        key = version.slug or slugify(version.label)
        if not key:
            continue
        if key in seen:
            problems.append(
                (
                    version,
                    "label",
                    gettext("Another version of this work already uses the label “%(label)s”.")
                    % {"label": seen[key].label},
                )
            )
        else:
            seen[key] = version

    dated = sorted((v for v in versions if v.is_published and v.effective_date), key=_chronological)
    for index, later in enumerate(dated):
        for earlier in dated[:index]:
            if earlier.effective_date == later.effective_date:
                message = gettext(
                    "Version “%(other)s” also enters into force on %(date)s. Only one version "
                    "can be in force on any day."
                ) % {"other": earlier.label, "date": format_date(later.effective_date)}
            elif earlier.declared_last_day and earlier.declared_last_day >= later.effective_date:
                message = gettext(
                    "This version would be in force at the same time as version “%(other)s”, "
                    "which stays in force until %(end)s. Change the dates so that only one "
                    "version is in force on any day."
                ) % {"other": earlier.label, "end": format_date(earlier.declared_last_day)}
            else:
                continue
            problems.append((later, "effective_date", message))
    return problems


class Timeline:
    """The versions of one work placed on the calendar as of one day.

    Given every version of a work (drafts included, they are simply never in force), answers
    which one is in force, what each one's status is, and which version follows which.
    """

    def __init__(self, versions, on=None):
        self.on = on or timezone.localdate()
        self.versions = sorted(versions, key=_chronological)
        self.published = [v for v in self.versions if v.is_published and v.effective_date]

    @cached_property
    def started(self):
        return [v for v in self.published if v.effective_date <= self.on]

    @cached_property
    def in_force(self):
        """The version in force on the day, or None (nothing yet, repealed or expired)."""
        if not self.started:
            return None
        latest = self.started[-1]
        if latest.is_repealed_by(self.on) or latest.has_expired_by(self.on):
            return None
        return latest

    @cached_property
    def upcoming(self):
        """The next approved version that is not yet in force."""
        return next((v for v in self.published if v.effective_date > self.on), None)

    @cached_property
    def governing(self):
        """The version a work's address shows: in force, else the last one, else the next one."""
        if self.in_force:
            return self.in_force
        if self.started:
            return self.started[-1]
        return self.upcoming

    @cached_property
    def repealed_version(self):
        """The version whose repeal left the work without a version in force, if any."""
        if self.in_force is None and self.started and self.started[-1].is_repealed_by(self.on):
            return self.started[-1]
        return None

    def status_of(self, version):
        if not version.is_published or not version.effective_date:
            return VersionStatus.DRAFT
        if self.on < version.effective_date:
            return VersionStatus.NOT_YET_IN_FORCE
        if version.is_repealed_by(self.on):
            return VersionStatus.REPEALED
        successor = self.successor_of(version)
        if successor is not None and successor.effective_date <= self.on:
            return VersionStatus.SUPERSEDED
        if version.has_expired_by(self.on):
            return VersionStatus.EXPIRED
        return VersionStatus.IN_FORCE

    def _position(self, version):
        for index, other in enumerate(self.published):
            if same_version(version, other):
                return index
        return None

    def successor_of(self, version):
        position = self._position(version)
        if position is None or position + 1 >= len(self.published):
            return None
        return self.published[position + 1]

    def predecessor_of(self, version):
        position = self._position(version)
        if not position:
            return None
        return self.published[position - 1]

    def find(self, slug, include_drafts=False):
        """The version with this address; drafts only when asked (previews)."""
        candidates = self.versions if include_drafts else self.published
        return next((v for v in candidates if v.slug == slug), None)

    def entries(self):
        """(version, status) pairs, newest first, for the history page."""
        return [(v, self.status_of(v)) for v in reversed(self.versions)]
