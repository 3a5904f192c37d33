"""The library index and the work page that always shows the version in force."""

from urllib.parse import urlencode, urlsplit

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from core.listing import active_filter_chips
from core.models import Institution, Region, Sector, TranslatedPageMixin
from core.request_memo import per_request_method
from core.visibility import public_pages

from ..panels import VersionsPanel
from ..text import plain_text
from .versions import ProtocolVersion, Timeline, VersionStatus

WORKS_PER_PAGE = 20


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


class TermChoiceField(forms.ChoiceField):
    """Offers the terms in use, and accepts any existing term (a bookmarked filter stays valid)."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def valid_value(self, value):
        return super().valid_value(value) or self.model.objects.filter(slug=value).exists()


class LibraryFilterForm(forms.Form):
    """The library's filters; every one is optional and a bad value is ignored, not fatal."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    sector = TermChoiceField(Sector, label=_("Sector"), required=False)
    institution = TermChoiceField(Institution, label=_("Institution"), required=False)
    region = TermChoiceField(Region, label=_("Region"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=WorkStatusFilter.choices)
    # The order of every listing's filters: what sets this listing apart, then sector, region.
    field_order = ["status", "kind", "sector", "region", "institution"]

    def __init__(self, data, works):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["kind"].choices = everything + list(WorkKind.choices)
        # Only terms some work in the library uses: a filter that always finds nothing is noise.
        for name in ("sector", "institution", "region"):
            terms = self.fields[name].model.objects.filter(protocol_works__in=works).distinct()
            choices = sorted(((t.slug, str(t)) for t in terms), key=lambda c: c[1].casefold())
            self.fields[name].choices = everything + choices

    def filters(self):
        """The valid part of the submitted filters; status defaults to "in force"."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) or "" for name in self.fields}
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
        all_works = public_pages(ProtocolWorkPage.objects.child_of(self)).values("pk")
        form = LibraryFilterForm(request.GET, all_works)
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


class ProtocolWorkPage(RoutablePageMixin, TranslatedPageMixin, Page):
    """A protocol or instrument: one address that always shows the version in force."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=WorkKind.choices, default=WorkKind.PROTOCOL
    )
    description = models.TextField(
        _("short description"),
        blank=True,
        help_text=_("One or two sentences: what the document regulates and for whom."),
    )
    sectors = ParentalManyToManyField(
        "core.Sector", blank=True, related_name="protocol_works", verbose_name=_("sectors")
    )
    institutions = ParentalManyToManyField(
        "core.Institution",
        blank=True,
        related_name="protocol_works",
        verbose_name=_("institutions"),
    )
    regions = ParentalManyToManyField(
        "core.Region", blank=True, related_name="protocol_works", verbose_name=_("regions")
    )
    topics = ParentalManyToManyField(
        "core.Topic", blank=True, related_name="protocol_works", verbose_name=_("topics")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
                FieldPanel("institutions"),
                FieldPanel("regions"),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        ),
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

    def timeline(self, on=None):
        """Every version of this work (drafts included) placed on the calendar of `on`."""
        if self.pk is None:
            return Timeline([], on=on)
        return Timeline(self.all_versions(), on=on)

    @per_request_method
    def all_versions(self):
        """The work's versions with what a page shows of them; read once per request."""
        return list(self.versions.select_related("approving_body").with_files())

    def version_in_force_on(self, date=None):
        return self.timeline(on=date).in_force

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

    # Addresses -----------------------------------------------------------------------

    # Routes whose last segment is a word are spelled in the language of the page.
    TRANSLATED_ROUTES = ("history", "compare", "download", "print")

    def route_url(self, route, language=None, request=None, **kwargs):
        """The address of one of this work's views, spelled in `language`."""
        language = language or translation.get_language()
        name = f"{route}_{language}" if route in self.TRANSLATED_ROUTES else route
        with translation.override(language):
            base = self.get_url(request) or ""
        return base + self.reverse_subpage(name, kwargs=kwargs)

    def version_url(self, version, language=None, request=None):
        return self.route_url("version", language, request, slug=version.slug)

    def url_in(self, language_code, request=None):
        """The address of the view being shown, in another language, for the switcher."""
        shown = getattr(self, "_shown_route", None)
        if shown is None:
            return super().url_in(language_code, request)
        route, kwargs, query = shown
        url = self.route_url(route, language_code, request, **kwargs)
        return f"{url}?{query}" if query else url

    def _show(self, request, route, **kwargs):
        """Remembers the view being rendered, or redirects a wrongly spelled address.

        `/en/.../versiones/` reaches the history too; it is sent to `/en/.../versions/` so each
        view has one address per language.
        """
        query = request.GET.urlencode()
        self._shown_route = (route, kwargs, query)
        if self.is_preview(request):
            return None
        expected = self.route_url(route, request=request, **kwargs)
        if urlsplit(expected).path != request.path:
            return redirect(f"{expected}?{query}" if query else expected, permanent=True)
        return None

    @staticmethod
    def is_preview(request):
        return bool(getattr(request, "is_preview", False))

    # Views ---------------------------------------------------------------------------

    def get_template(self, request, *args, **kwargs):
        return "protocols_library/protocol_work_page.html"

    @path("", name="current")
    def current_view(self, request):
        timeline = self.timeline()
        return self.render_version(request, timeline, timeline.governing, is_work_address=True)

    @path("v/<slug:slug>/", name="version")
    def version_view(self, request, slug):
        timeline = self.timeline()
        version = timeline.find(slug, include_drafts=self.is_preview(request))
        if version is None:
            raise Http404
        return self._show(request, "version", slug=slug) or self.render_version(
            request, timeline, version, is_work_address=False
        )

    @path("versiones/", name="history_es")
    @path("versions/", name="history_en")
    def history_view(self, request):
        redirection = self._show(request, "history")
        if redirection:
            return redirection
        timeline = self.timeline()
        include_drafts = self.is_preview(request)
        entries = []
        for version, status in timeline.entries():
            if status == VersionStatus.DRAFT and not include_drafts:
                continue
            entries.append(
                {
                    "version": version,
                    "status": status,
                    "successor": timeline.successor_of(version),
                    "links": self.version_links(request, timeline, version),
                }
            )
        return self.render(
            request,
            template="protocols_library/protocol_work_history.html",
            context_overrides={
                "timeline": timeline,
                "entries": entries,
                "work_url": self.route_url("current", request=request),
                "history_url": self.route_url("history", request=request),
                "compare_url": self.route_url("compare", request=request),
            },
        )

    @path("comparar/", name="compare_es")
    @path("compare/", name="compare_en")
    def compare_view(self, request):
        from ..diff import diff_sections, metadata_changes

        redirection = self._show(request, "compare")
        if redirection:
            return redirection
        timeline = self.timeline()
        include_drafts = self.is_preview(request)
        choices = timeline.versions if include_drafts else timeline.published
        new = _chosen(timeline, request.GET.get("to"), include_drafts) or timeline.governing
        old = _chosen(timeline, request.GET.get("from"), include_drafts)
        if old is None and new is not None:
            old = timeline.predecessor_of(new)
        context = {
            "timeline": timeline,
            "choices": choices,
            "old": old,
            "new": new,
            "work_url": self.route_url("current", request=request),
            "history_url": self.route_url("history", request=request),
            "compare_url": self.route_url("compare", request=request),
        }
        if old is not None and new is not None:
            if old is new:
                context["same_version"] = True
            else:
                language = translation.get_language()
                if not (old.has_text_in(language) and new.has_text_in(language)):
                    language = settings.LANGUAGE_CODE
                context.update(
                    {
                        "text_language": language,
                        "sections": diff_sections(old.text_in(language), new.text_in(language)),
                        "metadata": metadata_changes(old, new),
                        "old_status": timeline.status_of(old),
                        "new_status": timeline.status_of(new),
                        "old_url": self.version_url(old, request=request),
                        "new_url": self.version_url(new, request=request),
                    }
                )
        return self.render(
            request,
            template="protocols_library/protocol_work_compare.html",
            context_overrides=context,
        )

    @path("descargar/<str:file_language>/", name="download_es")
    @path("download/<str:file_language>/", name="download_en")
    def download_view(self, request, file_language):
        """Always the file of the version in force: the link officials bookmark and share."""
        if file_language not in dict(settings.LANGUAGES):
            raise Http404
        redirection = self._show(request, "download", file_language=file_language)
        if redirection:
            return redirection
        version = self.timeline().in_force
        document = None
        if version is not None:
            document = version.pdf_in(file_language) or version.pdf_in(settings.LANGUAGE_CODE)
        if document is not None:
            # Wagtail's document view counts the download and applies collection privacy.
            response = redirect(document.url)
        else:
            # A shared link never ends in "not found": with no file to give (a version approved
            # without one, or none in force), the work's address shows its text and status.
            response = redirect(self.route_url("current", request=request))
        # Tomorrow the same address may lead to another version's file.
        add_never_cache_headers(response)
        return response

    @path("v/<slug:slug>/imprimir/", name="print_es")
    @path("v/<slug:slug>/print/", name="print_en")
    def print_view(self, request, slug):
        timeline = self.timeline()
        version = timeline.find(slug, include_drafts=self.is_preview(request))
        if version is None:
            raise Http404
        redirection = self._show(request, "print", slug=slug)
        if redirection:
            return redirection
        return self.render(
            request,
            template="protocols_library/protocol_version_print.html",
            context_overrides=self.version_context(request, timeline, version),
        )

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

    def compare_url(self, old, new, request=None):
        query = urlencode({"from": old.slug, "to": new.slug})
        return f"{self.route_url('compare', request=request)}?{query}"

    def version_links(self, request, timeline, version):
        """Addresses of everything an official can do with a version."""
        predecessor = timeline.predecessor_of(version)
        links = {
            "version": self.version_url(version, request=request),
            "print": self.route_url("print", request=request, slug=version.slug),
            "compare_with_previous": (
                self.compare_url(predecessor, version, request) if predecessor else ""
            ),
        }
        if timeline.status_of(version) == VersionStatus.IN_FORCE:
            # The stable addresses, not this version's files: they keep working next year.
            links["downloads"] = [
                {
                    "language": code,
                    "url": self.route_url("download", request=request, file_language=code),
                    "document": version.pdf_in(code),
                }
                for code, _name in settings.LANGUAGES
                if version.pdf_in(code)
            ]
        return links

    def version_context(self, request, timeline, version):
        language = translation.get_language()
        context = {
            "timeline": timeline,
            "version": version,
            "in_force": timeline.in_force,
            "upcoming": timeline.upcoming,
            "repealed_version": timeline.repealed_version,
            "history_url": self.route_url("history", request=request),
            "compare_url": self.route_url("compare", request=request),
            "work_url": self.route_url("current", request=request),
        }
        if timeline.in_force is not None:
            context["in_force_url"] = self.version_url(timeline.in_force, request=request)
        if timeline.upcoming is not None:
            context["upcoming_url"] = self.version_url(timeline.upcoming, request=request)
        if version is None:
            return context
        text_language = language if version.has_text_in(language) else settings.LANGUAGE_CODE
        successor = timeline.successor_of(version)
        context.update(
            {
                "status": timeline.status_of(version),
                "predecessor": timeline.predecessor_of(version),
                "successor": successor,
                "successor_url": self.version_url(successor, request=request) if successor else "",
                "text_language": text_language,
                "sections": version.text_in(text_language),
                "links": self.version_links(request, timeline, version),
            }
        )
        return context

    # Previews ------------------------------------------------------------------------

    # Each version previews itself from its own screen, so the work's modes stay two.
    preview_modes = [("", _("Version in force")), ("history", _("Version history"))]

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        if mode_name == "history":
            return self.history_view(request)
        if mode_name.startswith("version:"):
            return self.version_view(request, mode_name.split(":", 1)[1])
        return self.current_view(request)


def _chosen(timeline, slug, include_drafts):
    if not slug:
        return None
    version = timeline.find(slug, include_drafts=include_drafts)
    if version is None:
        raise Http404
    return version
