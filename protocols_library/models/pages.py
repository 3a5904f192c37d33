"""The library index and the work page that always shows the version in force."""

import re

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.listing import UNKNOWN_VALUE, ListingFilterForm, Vocabulary, active_filter_chips
from core.models import Classified, Institution, Region, Sector, TranslatedPageMixin, taxonomy_panel
from core.versioning.panels import VersionsPanel
from core.versioning.routes import VersionedPageMixin
from core.versioning.text import plain_text
from core.versioning.timeline import Timeline
from core.versioning.words import VersionWords
from core.visibility import public_pages

from .versions import ProtocolVersion

WORKS_PER_PAGE = 20
# Labels of a numbered series: v1, v2...
NUMBERED_LABEL = re.compile(r"^v(\d+)$", re.IGNORECASE)


class WorkKind(models.TextChoices):
    """What sort of document a work is."""

    PROTOCOL = "protocol", _("Protocol")
    OFR_INSTRUMENT = "ofr_instrument", _("OFR instrument")
    DIRECTIVE = "directive", _("Directive")
    GUIDELINE = "guideline", _("Guideline")


class WorkStatusFilter(models.TextChoices):
    """The statuses the library can be filtered by; "in force" is what officials want first."""

    IN_FORCE = "in_force", _("In force")
    UPCOMING = "upcoming", _("With a version approved, not yet in force")
    NOT_IN_FORCE = "not_in_force", _("No longer in force")
    ALL = "all", _("All")


class LibraryFilterForm(ListingFilterForm):
    """The library's filters; every one is optional and a bad value is ignored, not fatal."""

    vocabularies = {
        "sector": Vocabulary("sectors", Sector, _("Sector"), _("All")),
        "institution": Vocabulary("institutions", Institution, _("Institution"), _("All")),
        "region": Vocabulary("regions", Region, _("Region"), _("All")),
    }
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), *WorkKind.choices],
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=WorkStatusFilter.choices,
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    # The order of every listing's filters: what sets this listing apart, then sector, region.
    field_order = ["status", "kind", "sector", "region", "institution"]

    def __init__(self, data=None, *, items):
        super().__init__(data, items=items)

    def filters(self):
        """The valid part of the submitted filters, terms by slug; status defaults to in force."""
        values = {name: "" for name in self.fields}
        for name, value in self.valid_data().items():
            values[name] = value.slug if isinstance(value, models.Model) else value
        values["status"] = values["status"] or WorkStatusFilter.IN_FORCE
        return values


class ProtocolLibraryPage(TranslatedPageMixin, Page):
    """The library of protocols and instruments, filterable, showing what is in force."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    # A listing: the protocols it lists answer a search before it does.
    search_weight = 0.5

    parent_page_types = ["core.HomePage"]
    subpage_types = ["protocols_library.ProtocolWorkPage"]

    class Meta:
        verbose_name = _("protocols library")

    def works(self, filters, on=None):
        """Live works matching the filters, each with its timeline; a fixed number of queries."""
        works = public_pages(ProtocolWorkPage.objects.child_of(self))
        if filters.get("kind"):
            works = works.filter(kind=filters["kind"])
        for name in ("sector", "institution", "region"):
            if filters.get(name):
                works = works.filter(**{f"{name}s__slug": filters[name]})
        published = (
            ProtocolVersion.objects.published().select_related("approving_body").with_files()
        )
        works = works.prefetch_related(
            Prefetch("versions", queryset=published), "sectors", "institutions", "regions"
        )
        rows = []
        for work in works:
            timeline = Timeline(work.versions.all(), on=on)
            if work.matches_status(timeline, filters.get("status")):
                rows.append({"work": work, "timeline": timeline})
        rows.sort(key=lambda row: row["work"].title.casefold())
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        all_works = public_pages(ProtocolWorkPage.objects.child_of(self))
        form = LibraryFilterForm(request.GET, items=all_works)
        filters = form.filters()
        rows = self.works(filters)
        paginator = Paginator(rows, WORKS_PER_PAGE)
        context.update(
            {
                "filter_form": form,
                "filter_chips": active_filter_chips(
                    form, request, defaults={"status": (WorkStatusFilter.IN_FORCE, "all")}
                ),
                "filters": filters,
                "has_ignored_filters": bool(form.errors),
                "rows": paginator.get_page(request.GET.get("page")),
                "query_without_page": _query_without(request, "page"),
            }
        )
        return context


def _query_without(request, name):
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


class ProtocolWorkPage(VersionedPageMixin, TranslatedPageMixin, Classified, Page):
    """A protocol or instrument: one address that always shows the version in force."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=WorkKind.choices, default=WorkKind.PROTOCOL
    )
    description = models.TextField(
        _("short description"),
        blank=True,
        help_text=_("One or two sentences: what the document regulates and for whom."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("description"),
        taxonomy_panel(),
        # Each version is edited on its own screen; the work lists them in a few lines.
        VersionsPanel(heading=_("Versions")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("text_in_force"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["protocols_library.ProtocolLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("protocol or instrument")
        verbose_name_plural = _("protocols and instruments")

    # Versions ------------------------------------------------------------------------

    version_template = "protocols_library/protocol_work_page.html"
    history_template = "protocols_library/protocol_work_history.html"
    compare_template = "protocols_library/protocol_work_compare.html"
    print_template = "protocols_library/protocol_version_print.html"
    version_words = VersionWords(
        new_draft_from=_(
            "A draft version will be added to this document with the text of version "
            "%(label)s, in both languages, and the type and issuing body of its approving "
            "instrument. The instrument's number, the dates and the files start empty: the "
            "version cannot be approved without them."
        ),
        new_empty_draft=_("An empty draft version will be added to this document."),
        draft_own_screen=_(
            "The version opens on its own screen, where it is saved, previewed and submitted "
            "for moderation."
        ),
        create_draft=_("Create the draft version"),
        locked=_("A new version cannot be started while this document is locked: %(reason)s"),
        draft_created_from=_(
            "Draft version “%(label)s” created from version “%(source)s”, with its text and "
            "approving body. Add its instrument number, dates and files; it stays invisible "
            "to the public until it is published."
        ),
        draft_created=_("Draft version “%(label)s” created."),
        save_page_first=_("Save the document first; then start its first version."),
        version_column=_("Version"),
        date_column=_("Enters into force on"),
        no_versions=_("This document has no versions yet."),
        all_versions_count=ngettext_lazy(
            "All %(total)s version of this document",
            "All %(total)s versions of this document",
            "total",
        ),
        past_versions_count=ngettext_lazy(
            "%(counter)s no longer in force", "%(counter)s no longer in force", "counter"
        ),
        page_heading=_("Work"),
        view_on_site=_("View the version in force"),
    )

    def versions_queryset(self):
        return self.versions.select_related("approving_body").with_files()

    def next_version_label(self, versions, today=None):
        """The label that follows the work's own series.

        Works labelled v1, v2... get the next number ("v3"); otherwise this year ("2025"), or
        "2025-2", "2025-3"... when it is taken.
        """
        taken = {version.slug or slugify(version.label) for version in versions}
        numbers = [
            int(m.group(1)) for v in versions if (m := NUMBERED_LABEL.match(v.label.strip()))
        ]
        if numbers:
            number = max(numbers) + 1
            while f"v{number}" in taken:
                number += 1
            return f"v{number}"
        year = (today or timezone.localdate()).year
        label, number = str(year), 1
        while slugify(label) in taken:
            number += 1
            label = f"{year}-{number}"
        return label

    @staticmethod
    def matches_status(timeline, status):
        if status == WorkStatusFilter.IN_FORCE:
            return timeline.in_force is not None
        if status == WorkStatusFilter.UPCOMING:
            return timeline.upcoming is not None
        if status == WorkStatusFilter.NOT_IN_FORCE:
            return timeline.in_force is None and bool(timeline.started)
        return True

    # Search: what protocols_library/search.py declares to search ------------------------

    def text_in_force_es(self):
        version = self.version_in_force_on()
        return plain_text(version.sections_es) if version else ""

    def text_in_force_en(self):
        version = self.version_in_force_on()
        return plain_text(version.sections_en) if version else ""

    def text_in_force(self):
        """The text of the version in force in the active language, for indexing."""
        return getattr(self, f"text_in_force_{translation.get_language()}", self.text_in_force_es)()

    def search_documents(self, language):
        """The files of the version in force in `language`: drafts and old versions stay out."""
        version = self.version_in_force_on()
        if version is None:
            return []
        return [
            document
            for document in (version.pdf_in(language), version.docx_in(language))
            if document
        ]

    def public_document_ids(self):
        """The files this work shows the public: those of its published versions only.

        A draft version's files stay private until it is published (see core.visibility).
        """
        return {
            document.pk for version in self.timeline().published for document in version.documents()
        }

    def search_date(self):
        version = self.version_in_force_on()
        return version.effective_date if version else None

    # Views: the routes are core.versioning's ---------------------------------------

    def render_version(self, request, timeline, version, is_work_address):
        from ..structured_data import version_page_legislation, work_legislation

        # The classification box, Dublin Core and JSON-LD all read the work's vocabularies.
        models.prefetch_related_objects([self], "sectors", "institutions", "regions", "topics")

        if is_work_address:
            self._shown_route = ("current", {}, "")
        context = self.version_context(request, timeline, version)
        context["is_work_address"] = is_work_address
        language = translation.get_language()
        if is_work_address:
            context["structured_data"] = work_legislation(self, timeline, request, language)
        else:
            context["structured_data"] = version_page_legislation(
                self, version, timeline, request, language
            )
        return self.render(request, context_overrides=context)

    def metadata_changes(self, old, new):
        from ..diff import metadata_changes

        return metadata_changes(old, new)

    def version_context(self, request, timeline, version):
        context = super().version_context(request, timeline, version)
        if version is not None:
            context["sections"] = version.text_in(context["text_language"])
        return context

    # Previews ------------------------------------------------------------------------

    # Each version previews itself from its own screen, so the work's modes stay two.
    preview_modes = [("", _("Version in force")), ("history", _("Version history"))]
