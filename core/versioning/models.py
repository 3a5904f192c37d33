"""The abstract dated version: what every versioned item's versions have in common.

A versioned page (a protocol, a training material) keeps its lasting description; each of its
versions (a version approved by an instrument, an edition) is a row of a model built on
`DatedVersion`, edited on its own admin screen with its own drafts, revisions, lock and
moderation (Wagtail's snippet mixins), so the page's own edit view stays light whatever the
number of versions. What the public sees of a version is its published (live) row.
"""

import copy
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from .timeline import Timeline, chronology_errors, same_version


class VersionQuerySet(models.QuerySet):
    def published(self):
        """Approved versions: published through Wagtail (live) and dated."""
        return self.filter(live=True, effective_date__isnull=False)

    def changing_status_on(self, date):
        """Published versions whose status on `date` differs from the day before."""
        names = {field.name for field in self.model._meta.get_fields()}
        changes = Q(effective_date=date)
        if "end_date" in names:
            changes |= Q(end_date=date - datetime.timedelta(days=1))
        if "repeal_date" in names:
            changes |= Q(repeal_date=date)
        return self.published().filter(changes)


class VersionsRel(models.ManyToOneRel):
    """The page's side of its versions' link, read by Wagtail's reference index.

    Each version is its own object, not an inline part of its page; the index still records
    the files of every version under the page, because document usage, and which files the
    public may download (core.visibility), read the page's references. The page narrows them
    to its published versions' files with `public_document_ids()`.
    """

    def value_from_object(self, work):
        return work

    def extract_references(self, work):
        if work.pk is None:
            return
        yield from self.field.model.page_document_references(work.pk)


class VersionOf(models.ForeignKey):
    """A version's link to its page (see `VersionsRel`)."""

    rel_class = VersionsRel


class DatedVersion(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """One dated version of a versioned page.

    A concrete model adds `page = VersionOf("app.Page", related_name="versions", ...)`, its own
    text and files, and lists the fields a new draft copies (`COPIED_INTO_DRAFT`, and the
    translated text fields in `COPIED_TEXT_FIELDS`). Its status on a day is never stored: the
    page's `Timeline` works it out from the dates of every published version.
    """

    label = models.CharField(
        _("label"),
        max_length=40,
        help_text=_('How officials name this version, e.g. "2019" or "v2".'),
    )
    slug = models.SlugField(
        _("address"),
        max_length=60,
        blank=True,
        help_text=_(
            "Part of this version's permanent web address; filled in from the label. "
            "Do not change it once the version is published."
        ),
    )
    # Published through Wagtail (approved and public). A new version is a draft: drafts are
    # never shown to the public, even by their address.
    live = models.BooleanField(_("approved and public"), default=False, editable=False)
    change_summary = models.TextField(
        _("what changed"),
        blank=True,
        help_text=_("In a few sentences, what this version changes from the previous one."),
    )
    effective_date = models.DateField(
        _("enters into force on"),
        null=True,
        blank=True,
        help_text=_(
            "From this day on the work shows this version, with no further action. "
            "Required before publishing."
        ),
    )

    objects = VersionQuerySet.as_manager()

    # Copied into a new draft besides the text fields: fields that usually stay the same.
    COPIED_INTO_DRAFT = ()
    # Text fields copied into a new draft, in every language (modeltranslation's columns).
    COPIED_TEXT_FIELDS = ()

    class Meta:
        abstract = True

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.default_slug()
        super().save(*args, **kwargs)

    def default_slug(self):
        """The address word of this version, from its label in the site's default language."""
        label = getattr(self, f"label_{settings.LANGUAGE_CODE}", None) or self.label or ""
        return slugify(label)[:60]

    @property
    def is_published(self):
        """Approved and public: the same fact as Wagtail's `live`."""
        return self.live

    @is_published.setter
    def is_published(self, value):
        self.live = bool(value)

    # Dates: a version without an end or a repeal applies until the next one --------------

    @property
    def declared_last_day(self):
        """The last day this version may apply by its own dates, if it has such dates."""
        return None

    def is_repealed_by(self, date):
        return False

    def has_expired_by(self, date):
        return False

    def siblings(self):
        """Every version of this version's page, this one as edited included."""
        siblings = list(self.page.versions.all()) if self.page_id else []
        if not any(same_version(self, other) for other in siblings):
            siblings.append(self)
        return siblings

    def status_on(self, date=None):
        """This version's status on `date` (today by default) among its page's versions."""
        return Timeline(self.siblings(), on=date).status_of(self)

    @property
    def status(self):
        return self.status_on()

    # Validation ----------------------------------------------------------------------

    def clean(self):
        if not self.slug:
            self.slug = self.default_slug()
        errors = self.own_errors()
        siblings = self.siblings_to_check()
        if siblings is not None:
            for version, field, message in chronology_errors([*siblings, self]):
                if version is self:
                    errors.setdefault(field, []).append(message)
        if errors:
            raise ValidationError(errors)

    def own_errors(self):
        """Problems visible in this version alone, as {field: [message, ...]}."""
        errors = {}
        if self.label and not slugify(self.label):
            errors.setdefault("label", []).append(
                gettext("The label needs at least one letter or digit.")
            )
        if self.is_published and not self.effective_date:
            errors.setdefault("effective_date", []).append(
                gettext("A published version needs the date it enters into force.")
            )
        return errors

    def siblings_to_check(self):
        """The page's other versions, as saved, to validate this one against."""
        if self.page_id is None:
            return []
        return list(type(self).objects.filter(page_id=self.page_id).exclude(pk=self.pk))

    def approval_errors(self, documents=None):
        """What keeps this version from being approved (published), as {field: [message]}.

        A draft may be saved incomplete; approving it needs its date, and no overlap with
        the page's other approved versions. A concrete model adds its own requirements
        (`documents`: its files as an edit form is about to save them, if it checks files).
        """
        errors = {}
        if not self.effective_date:
            errors.setdefault("effective_date", []).append(
                gettext("A published version needs the date it enters into force.")
            )
        was_live = self.live
        self.live = True
        try:
            for version, field, message in chronology_errors([*self.siblings_to_check(), self]):
                if version is self:
                    errors.setdefault(field, []).append(message)
        finally:
            self.live = was_live
        return errors

    def publish(self, revision, *args, **kwargs):
        """Refuses to publish a revision that could not be approved (see `approval_errors`).

        The admin checks the same rules before a draft is published or submitted; this keeps
        any other path (a scheduled or approved revision, the shell) from bypassing them.
        """
        errors = revision.as_object().approval_errors()
        if errors:
            raise ValidationError(errors)
        return super().publish(revision, *args, **kwargs)

    # Editing -------------------------------------------------------------------------

    def copy_as_draft(self, label):
        """A new, unpublished version with this version's text, to be revised."""
        draft = type(self)(page_id=self.page_id, label=label, slug=slugify(label)[:60], live=False)
        for name in self.COPIED_INTO_DRAFT:
            setattr(draft, name, getattr(self, name))
        for field in type(self)._meta.get_fields():
            if any(field.name.startswith(f"{base}_") for base in self.COPIED_TEXT_FIELDS):
                value = getattr(self, field.name)
                if hasattr(value, "raw_data"):
                    # Block ids are kept: they let the comparison pair each section with its origin.
                    value = list(value.raw_data)
                setattr(draft, field.name, copy.deepcopy(value))
        return draft

    @classmethod
    def page_document_references(cls, page_id):
        """(document model, id, model path, content path) of the files the page's versions
        hold that its public content may show; none by default."""
        return iter(())

    @classmethod
    def summary_fields(cls):
        """The columns a list of versions and their statuses need: never the texts."""
        names = {field.name for field in cls._meta.get_fields()}
        dates = [name for name in ("end_date", "repeal_date") if name in names]
        return (
            "id",
            "page_id",
            "label",
            "slug",
            "live",
            "has_unpublished_changes",
            "effective_date",
            *dates,
        )

    # Admin ---------------------------------------------------------------------------

    def get_workflow(self):
        """Versions are moderated by their page's workflow, as the page is."""
        if not self.page_id:
            return None
        return self.page.get_workflow()

    @property
    def admin_edit_url(self):
        from django.contrib.admin.utils import quote
        from django.urls import reverse

        return reverse(self.snippet_viewset.get_url_name("edit"), args=[quote(self.pk)])

    def get_preview_template(self, request, mode_name):
        return self.page.specific_class.version_template

    def serve_preview(self, request, mode_name):
        """This version, as edited, shown at its place among the page's versions."""
        work = self.page.specific
        others = [v for v in work.timeline().versions if not same_version(v, self)]
        timeline = Timeline([*others, self])
        request.is_preview = True
        return work.render_version(request, timeline, self, is_work_address=False)
