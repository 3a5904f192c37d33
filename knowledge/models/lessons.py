"""Lessons learned: what the programme learned, the evidence for it and what it recommends."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageLogEntry
from wagtail.search import index

from core import languages
from core.listing import ListingFilterForm
from core.models.classified import Classified, taxonomy_panel
from core.request_memo import per_request_method
from core.visibility import is_public_page, public_versions, restricted_paths, visible_pages

from ..widgets import VersionCheckboxes
from .common import KnowledgeIndexPage, KnowledgePageMixin, RelatedGroup

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


@dataclass(frozen=True)
class Update:
    """A published change readers are told about: when, and the editor's note on it."""

    date: date
    note: str


class RevisionNotes:
    """The change notes held by a lesson's revisions, each revision read back once.

    A revision is rebuilt as the lesson it saved (Wagtail's `with_content_json`, which checks
    each of its links); the notes found are kept in the default cache, as a revision's content
    never changes.
    """

    timeout = 60 * 60 * 24 * 30

    def __init__(self, lesson, revisions):
        self.lesson = lesson
        self.keys = {revision.pk: self.key(revision) for revision in revisions}
        self.known = cache.get_many(list(self.keys.values())) if self.keys else {}
        self.found = {}

    @staticmethod
    def key(revision):
        # The creation time as well as the id: a database restored from a backup may give an id
        # to a different revision.
        return f"lesson-notes:{revision.pk}:{revision.created_at.timestamp():.6f}"

    def of(self, revision):
        key = self.keys[revision.pk]
        if key not in self.known:
            saved = self.lesson.with_content_json(revision.content)
            self.known[key] = self.found[key] = LessonPage._change_notes(saved)
        return tuple(self.known[key])

    def keep(self):
        if self.found:
            cache.set_many(self.found, self.timeout)


class LessonIndexPage(KnowledgeIndexPage):
    """The lessons learned section."""

    template = "knowledge/section_index.html"
    item_model_name = "LessonPage"
    filter_form_class = ListingFilterForm
    subpage_types = ["knowledge.LessonPage"]

    class Meta:
        verbose_name = _("lessons learned index")


class LessonPage(KnowledgePageMixin, Classified, Page):
    """One lesson learned: statement, context, evidence and recommendation, with its source."""

    statement = models.TextField(
        _("statement"), help_text=_("The lesson in one or two sentences, as readers will quote it.")
    )
    context = RichTextField(_("context"), blank=True, features=RICH_TEXT_FEATURES)
    evidence = RichTextField(_("evidence"), blank=True, features=RICH_TEXT_FEATURES)
    recommendation = RichTextField(_("recommendation"), blank=True, features=RICH_TEXT_FEATURES)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("Where the lesson was recorded, e.g. the programme's lessons-learned report."),
    )
    source_document = models.ForeignKey(
        "core.QuipuDocument",
        verbose_name=_("source document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("date"), help_text=_("When the lesson was identified or recorded."))
    change_note = models.TextField(
        _("change note"),
        blank=True,
        help_text=_(
            "When you change a published lesson in a way readers should know about, say what "
            "changed. The page shows it with the date it was first published."
        ),
    )
    image = models.ForeignKey(
        "core.QuipuImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Links are stored here only; pilots, events, materials and publications read them back.
    pilots = ParentalManyToManyField(
        "knowledge.PilotPage", blank=True, related_name="lessons", verbose_name=_("pilots")
    )
    events = ParentalManyToManyField(
        "knowledge.EventPage", blank=True, related_name="lessons", verbose_name=_("events")
    )
    materials = ParentalManyToManyField(
        "knowledge.TrainingMaterialPage",
        blank=True,
        related_name="lessons",
        verbose_name=_("training materials"),
    )
    publications = ParentalManyToManyField(
        "knowledge.PublicationPage",
        blank=True,
        related_name="lessons",
        verbose_name=_("publications"),
    )
    protocol_versions = ParentalManyToManyField(
        "protocols_library.ProtocolVersion",
        blank=True,
        related_name="lessons",
        verbose_name=_("protocol and instrument versions"),
    )

    search_date_field = "date"

    content_panels = [
        *Page.content_panels,
        FieldPanel("statement"),
        FieldPanel("context"),
        FieldPanel("evidence"),
        FieldPanel("recommendation"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source"), FieldPanel("date")]),
                FieldPanel("source_document"),
            ],
            heading=_("Source"),
        ),
        FieldPanel("image"),
        FieldPanel("change_note"),
        taxonomy_panel(),
        MultiFieldPanel(
            [
                FieldPanel("pilots", widget=forms.CheckboxSelectMultiple),
                FieldPanel("events", widget=forms.CheckboxSelectMultiple),
                FieldPanel("materials", widget=forms.CheckboxSelectMultiple),
                FieldPanel("publications", widget=forms.CheckboxSelectMultiple),
                FieldPanel("protocol_versions", widget=VersionCheckboxes),
            ],
            heading=_("Related items"),
            help_text=_(
                "Link each item once, here: the pilot, event, material or publication shows "
                "this lesson by itself."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("statement"),
        index.SearchField("context"),
        index.SearchField("evidence"),
        index.SearchField("recommendation"),
        index.FilterField("date"),
    ]

    parent_page_types = ["knowledge.LessonIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    @property
    def intro(self):
        return self.statement

    @property
    def body(self):
        """Everything a reader can search for beyond the statement."""
        return "\n".join(
            part for part in (self.context, self.evidence, self.recommendation) if part
        )

    def latest_update(self):
        """The change readers are told about, or None if the lesson was never updated.

        Computed from the publishing history: the date is when the current change note was
        first published; publishing again with the same note keeps that date. A note present
        at the first publication is not an update.

        Each published revision is read back as a lesson (the page's `with_content_json`), and
        its note compared with the live one. A revision never changes, so the note it holds is
        kept in the cache under the revision's id and creation time. Publishing reads the new
        revision back (`note_published_revision`), so a visitor's request costs one query
        however many revisions the lesson has.
        """
        current = self._change_notes(self)
        if not self.live or not any(current):
            return None
        # Wagtail records which revision was published, and when, only in the publishing log.
        entries = list(
            PageLogEntry.objects.filter(page=self, action="wagtail.publish", revision__isnull=False)
            .select_related("revision")
            .order_by("-timestamp", "-pk")
        )
        notes = RevisionNotes(self, [entry.revision for entry in entries])
        noted_since = None
        for entry in entries:
            if notes.of(entry.revision) != current:
                break
            noted_since = entry
        else:
            # The note was there from the first publication on: not an update.
            noted_since = None
        notes.keep()
        if noted_since is None:
            return None
        return Update(date=timezone.localdate(noted_since.timestamp), note=self.change_note)

    @staticmethod
    def _change_notes(lesson):
        """The change note in every language, as `lesson` holds it."""
        return tuple(getattr(lesson, name) or "" for name in languages.localized_all("change_note"))

    def card_meta(self):
        return [date_format(self.date, "DATE_FORMAT")]

    @per_request_method
    def documented_practices(self):
        """The practices documented by this lesson; the page and its related box share them."""
        from .pilots import PilotPractice

        return list(
            PilotPractice.objects.filter(lesson=self).select_related(
                "pilot", "approved_in__page", "incorporated_in__page"
            )
        )

    def related_groups(self):
        practices = list(self.documented_practices())
        restricted = restricted_paths()
        pilots = visible_pages(
            [*self.pilots.all(), *(practice.pilot for practice in practices)], restricted
        )
        return [
            RelatedGroup("pilots", _("Pilots"), pilots),
            RelatedGroup(
                "events",
                _("Events"),
                visible_pages(self.events.order_by("-start_date"), restricted),
            ),
            RelatedGroup(
                "materials",
                _("Training materials"),
                visible_pages(self.materials.all(), restricted),
            ),
            RelatedGroup(
                "publications",
                _("Publications"),
                visible_pages(self.publications.all(), restricted),
            ),
            RelatedGroup(
                "versions", _("Protocols and instruments"), self.related_versions(practices)
            ),
        ]

    def related_versions(self, practices):
        """Versions cited by this lesson, and those that took it up through a practice."""
        candidates = list(self.protocol_versions.select_related("page"))
        for practice in practices:
            candidates += [practice.approved_in, practice.incorporated_in]
        return public_versions(candidates)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["update"] = self.latest_update()
        restricted = restricted_paths()
        context["practices"] = [
            practice
            for practice in self.documented_practices()
            if is_public_page(practice.pilot, restricted)
        ]
        return context


def note_published_revision(sender, instance, revision, **kwargs):
    """A lesson's revision just published has its notes read back and kept at once.

    Visitors then find every published revision's notes ready, whatever their number. (The
    signal comes before Wagtail logs the publication, so the revision is taken from it.)
    """
    notes = RevisionNotes(instance, [revision])
    notes.of(revision)
    notes.keep()
