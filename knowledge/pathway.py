"""The institutionalization pathway: how far a practice tried in a pilot has come.

A practice's stage is never typed by an editor. Each stage is reached when its evidence exists
and the public can see it: the pilot itself, a published lesson, a published protocol version,
a published OFR instrument version, an event held in another region. The stage shown is the
furthest one reached; a stage skipped on the way is shown as having no evidence yet.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.IntegerChoices):
    """The stages in the order a practice moves through them."""

    PILOTED = 1, _("Piloted")
    DOCUMENTED = 2, _("Documented in a lesson")
    APPROVED = 3, _("Approved in a protocol")
    INCORPORATED = 4, _("Incorporated into an OFR")
    EXTENDED = 5, _("Extended to other regions")

    @property
    def slug(self):
        return self.name.lower()

    @classmethod
    def from_slug(cls, slug):
        return next((stage for stage in cls if stage.slug == slug), None)


# What an editor must publish and link for each stage to be reached.
STAGE_EVIDENCE = {
    Stage.PILOTED: _("the pilot's page"),
    Stage.DOCUMENTED: _("a published lesson learned that documents the practice"),
    Stage.APPROVED: _("a published protocol version that adopts the practice"),
    Stage.INCORPORATED: _("a published version of an OFR that incorporates the practice"),
    Stage.EXTENDED: _("an event held in another region that took the practice up"),
}


@dataclass
class Evidence:
    """One thing that shows a stage was reached: its title, address and date."""

    title: str
    url: str
    date: date | None
    # A protocol or instrument version is shown with its status chip, and marked when its
    # instrument numbers are invented demo data.
    status: object = None
    is_demo: bool = False


@dataclass
class StageStatus:
    """A stage of one practice: reached or not, since when, on what evidence."""

    stage: Stage
    evidence: list[Evidence] = field(default_factory=list)
    detail: str = ""
    # Not reached, although a later stage was: the evidence for it was never linked.
    is_skipped: bool = False

    @property
    def is_reached(self):
        return bool(self.evidence)

    @property
    def date(self):
        dates = [item.date for item in self.evidence if item.date]
        return min(dates) if dates else None

    @property
    def expected_evidence(self):
        return STAGE_EVIDENCE[self.stage]


class Pathway:
    """The five stages of one practice, computed from its evidence."""

    def __init__(self, stages):
        self.stages = stages
        current = self.current.stage
        for status in stages:
            status.is_skipped = not status.is_reached and status.stage < current

    def __iter__(self):
        return iter(self.stages)

    @property
    def current(self):
        """The furthest stage reached (a practice is always at least piloted)."""
        reached = [status for status in self.stages if status.is_reached]
        return reached[-1] if reached else self.stages[0]

    @property
    def is_institutional(self):
        """Approved or written into an institution's rules: no longer only a pilot."""
        return self.current.stage >= Stage.APPROVED

    def status_of(self, stage):
        return next(status for status in self.stages if status.stage == stage)
