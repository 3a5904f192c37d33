"""Pilots, the practices they tried, their working groups, and the tracker of all practices."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.listing import UNKNOWN_VALUE, ListingFilterForm, active_filter_chips
from core.models.classified import Classified, taxonomy_panel
from core.models.pages import TranslatedPageMixin
from core.request_memo import per_request_method
from core.visibility import (
    is_public_page,
    is_public_version,
    public_pages,
    public_versions,
    restricted_paths,
    visible_pages,
)

from ..pathway import Evidence, Pathway, Stage, StageStatus
from ..widgets import VersionSelect, describe_version
from .common import KnowledgeIndexPage, KnowledgePageMixin, RelatedGroup
from .lessons import RICH_TEXT_FEATURES


class PilotIndexPage(KnowledgeIndexPage):
    """The pilots section; the tracker of every practice lives under it."""

    template = "knowledge/section_index.html"
    item_model_name = "PilotPage"
    filter_form_class = ListingFilterForm
    subpage_types = ["knowledge.PilotPage", "knowledge.PilotTrackerPage"]

    class Meta:
        verbose_name = _("pilots index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tracker"] = public_pages(PilotTrackerPage.objects.descendant_of(self)).first()
        return context


class PilotPage(KnowledgePageMixin, Classified, Page):
    """A pilot: where and when a multisectoral practice was first tried, by whom."""

    intro = models.TextField(_("summary"), blank=True)
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    places = models.CharField(
        _("places"),
        max_length=255,
        blank=True,
        help_text=_("Provinces, districts or facilities where the pilot ran."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while the pilot runs.")
    )
    image = models.ForeignKey(
        "core.QuipuImage",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    search_date_field = "start_date"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("places"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Where and when"),
        ),
        FieldPanel("description"),
        FieldPanel("image"),
        InlinePanel(
            "practices",
            label=_("Practices tried"),
            help_text=_(
                "Each practice's stage on the institutionalization pathway follows from the "
                "evidence linked here; it is never typed."
            ),
        ),
        InlinePanel("working_groups", label=_("Working groups")),
        taxonomy_panel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("places"),
        index.FilterField("start_date"),
    ]

    parent_page_types = ["knowledge.PilotIndexPage"]
    # A region's team keeps its working notes beneath its pilot (its editorial section).
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")

    @property
    def body(self):
        return self.description

    def search_labels(self):
        """Names a visitor reads on the pilot's page: its practices and working groups."""
        return [
            *(practice.name for practice in self.practices.all()),
            *(group.name for group in self.working_groups.all()),
        ]

    @property
    def is_running(self):
        return self.end_date is None

    card_vocabularies = ("regions",)

    def card_meta(self):
        regions = ", ".join(str(region) for region in self.regions.all())
        start = date_format(self.start_date, "YEAR_MONTH_FORMAT")
        if self.end_date:
            # An en dash between two months reads the same in both languages.
            period = f"{start} \u2013 {date_format(self.end_date, 'YEAR_MONTH_FORMAT')}"
        else:
            period = _("since %(start)s") % {"start": start}
        return [part for part in (regions, period, self.places) if part]

    @per_request_method
    def pathway_practices(self):
        """The pilot's practices with their evidence; the pathways and the related box share them."""
        return list(PilotPractice.objects.for_pathway().filter(pilot=self))

    def practices_with_pathways(self, request=None):
        practices = self.pathway_practices()
        restricted = restricted_paths()
        for practice in practices:
            practice.pathway = practice.compute_pathway(request, restricted)
        return practices

    def related_groups(self):
        practices = self.pathway_practices()
        lessons = [*self.lessons.order_by("-date"), *(p.lesson for p in practices if p.lesson)]
        events = [
            *self.events.order_by("-start_date"),
            *(event for p in practices for event in p.extension_events.all()),
        ]
        restricted = restricted_paths()
        events = visible_pages(events, restricted)
        from .training import TrainingMaterialPage

        materials = TrainingMaterialPage.objects.filter(events__in=[e.pk for e in events])
        versions = public_versions(
            [version for p in practices for version in (p.approved_in, p.incorporated_in)],
            restricted,
        )
        return [
            RelatedGroup("lessons", _("Lessons learned"), visible_pages(lessons, restricted)),
            RelatedGroup("events", _("Events"), events),
            RelatedGroup(
                "materials",
                _("Training materials"),
                visible_pages(materials.distinct(), restricted),
            ),
            RelatedGroup("versions", _("Protocols and instruments"), versions),
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = self.practices_with_pathways(request)
        context["working_groups"] = self.working_groups.prefetch_related("institutions")
        context["tracker"] = public_pages(
            PilotTrackerPage.objects.descendant_of(context["index_page"])
        ).first()
        return context


class PilotPracticeQuerySet(models.QuerySet):
    def for_pathway(self):
        """Practices with every piece of evidence their pathway needs, in a fixed few queries."""
        from .events import EventPage

        queryset = self.select_related(
            "pilot", "lesson", "approved_in__page", "incorporated_in__page"
        ).prefetch_related(
            "sectors",
            "pilot__regions",
            models.Prefetch(
                "extension_events",
                queryset=public_pages(EventPage.objects.all())
                .order_by("start_date")
                .prefetch_related("regions"),
            ),
        )
        queryset._sibling_versions = True
        return queryset

    # Set by for_pathway: the works its practices link to come with their versions.
    _sibling_versions = False

    def _clone(self):
        clone = super()._clone()
        clone._sibling_versions = self._sibling_versions
        return clone

    def _prefetch_related_objects(self):
        super()._prefetch_related_objects()
        if self._sibling_versions:
            with_sibling_versions(self._result_cache)


def with_sibling_versions(practices):
    """The sibling versions of every version the practices link to, in one query: they give
    each linked version its status chip (approved and incorporated versions together)."""
    works = [
        version.page
        for practice in practices
        if isinstance(practice, PilotPractice)
        for version in (practice.approved_in, practice.incorporated_in)
        if version is not None
    ]
    models.prefetch_related_objects(works, "versions")


OFR_KIND = "ofr_instrument"


def version_evidence(version, request, restricted):
    if not is_public_version(version, restricted):
        return []
    return [
        Evidence(
            title=describe_version(version),
            url=version.page.version_url(version, request=request),
            date=version.approval_date or version.effective_date,
            status=version.status_chip(),
            is_demo=version.is_demo_reference,
        )
    ]


class PilotPractice(ClusterableModel, Orderable):
    """A practice a pilot tried, and the evidence of how far it has been institutionalized."""

    pilot = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="practices")
    name = models.CharField(_("practice"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    sectors = ParentalManyToManyField(
        "core.Sector", blank=True, related_name="practices", verbose_name=_("sectors")
    )
    lesson = models.ForeignKey(
        "knowledge.LessonPage",
        verbose_name=_("documented in the lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("The lesson learned that documents this practice."),
    )
    approved_in = models.ForeignKey(
        "protocols_library.ProtocolVersion",
        verbose_name=_("approved in the protocol version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_practices",
        help_text=_("The protocol version that adopted this practice."),
    )
    incorporated_in = models.ForeignKey(
        "protocols_library.ProtocolVersion",
        verbose_name=_("incorporated in the OFR version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incorporated_practices",
        help_text=_(
            "The version of an institution's Organization and Functions Regulations (OFR) "
            "that wrote this practice into its functions."
        ),
    )
    extension_events = ParentalManyToManyField(
        "knowledge.EventPage",
        blank=True,
        related_name="extended_practices",
        verbose_name=_("taken to other regions at"),
        help_text=_(
            "Events in other regions where this practice was taken up. Only events outside the "
            "pilot's own regions count as extending it."
        ),
    )

    objects = PilotPracticeQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("lesson"),
        FieldPanel("approved_in", widget=VersionSelect),
        FieldPanel("incorporated_in", widget=VersionSelect),
        FieldPanel("extension_events"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self):
        return self.name

    @property
    def anchor(self):
        return f"practice-{self.pk}"

    def clean(self):
        super().clean()
        errors = {}
        if self.approved_in_id and self.approved_in.page.kind == OFR_KIND:
            errors["approved_in"] = _(
                "This is a version of an OFR; choose it under “incorporated in the OFR "
                "version” instead."
            )
        if self.incorporated_in_id and self.incorporated_in.page.kind != OFR_KIND:
            errors["incorporated_in"] = _(
                "This version is not of an Organization and Functions Regulations (OFR)."
            )
        if errors:
            raise ValidationError(errors)

    def public_versions(self, restricted=None):
        """Published protocol and instrument versions given as evidence for this practice."""
        return public_versions((self.approved_in, self.incorporated_in), restricted)

    def compute_pathway(self, request=None, restricted=None):
        """The practice's five stages, each reached only on evidence the public can see."""
        restricted = restricted_paths() if restricted is None else restricted

        def page_evidence(page, when):
            if not is_public_page(page, restricted):
                return []
            return [Evidence(title=page.title, url=page.get_url(request), date=when)]

        pilot = self.pilot
        pilot_regions = {region.pk for region in pilot.regions.all()}
        extension, new_regions = [], []
        for event in self.extension_events.all():
            outside = [r for r in event.regions.all() if r.pk not in pilot_regions]
            if not outside:
                continue
            extension += page_evidence(event, event.start_date)
            new_regions += [r for r in outside if r not in new_regions]
        lesson = self.lesson
        stages = [
            StageStatus(Stage.PILOTED, page_evidence(pilot, pilot.start_date)),
            StageStatus(Stage.DOCUMENTED, page_evidence(lesson, lesson and lesson.date)),
            StageStatus(Stage.APPROVED, version_evidence(self.approved_in, request, restricted)),
            StageStatus(
                Stage.INCORPORATED, version_evidence(self.incorporated_in, request, restricted)
            ),
            StageStatus(
                Stage.EXTENDED,
                extension if new_regions else [],
                detail=", ".join(str(region) for region in new_regions),
            ),
        ]
        self.extended_regions = new_regions
        return Pathway(stages)

    @property
    def regions(self):
        """The pilot's regions and those the practice has been taken to."""
        regions = list(self.pilot.regions.all())
        for region in getattr(self, "extended_regions", []):
            if region not in regions:
                regions.append(region)
        return regions


class WorkingGroup(ClusterableModel, Orderable):
    """A working group a pilot set up, with the institutions and organisations in it."""

    pilot = ParentalKey(PilotPage, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    institutions = ParentalManyToManyField(
        "core.Institution",
        blank=True,
        related_name="working_groups",
        verbose_name=_("members"),
    )
    other_members = models.CharField(
        _("other members"),
        max_length=255,
        blank=True,
        help_text=_("Civil-society organisations and others not in the institutions list."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("established_on"),
        FieldPanel("institutions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("other_members"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name


class TrackerFilterForm(forms.Form):
    """Region, sector and stage; choices come from the practices being tracked."""

    region = forms.ChoiceField(
        label=_("Region"), required=False, error_messages={"invalid_choice": UNKNOWN_VALUE}
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, error_messages={"invalid_choice": UNKNOWN_VALUE}
    )
    stage = forms.ChoiceField(
        label=_("Current stage"), required=False, error_messages={"invalid_choice": UNKNOWN_VALUE}
    )

    field_order = ["stage", "sector", "region"]

    def __init__(self, data=None, *, practices):
        super().__init__(data)
        regions, sectors = {}, {}
        for practice in practices:
            for region in practice.regions:
                regions[region.slug] = region
            for sector in practice.sectors.all():
                sectors[sector.slug] = sector

        def choices(terms, everything):
            ordered = sorted(terms.values(), key=lambda term: term.name.casefold())
            return [("", everything)] + [(term.slug, term.name) for term in ordered]

        self.fields["region"].choices = choices(regions, _("All regions"))
        self.fields["sector"].choices = choices(sectors, _("All sectors"))
        self.fields["stage"].choices = [("", _("All stages"))] + [
            (stage.slug, stage.label) for stage in Stage
        ]

    def valid_data(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def filter(self, practices):
        data = self.valid_data()
        if data.get("region"):
            practices = [p for p in practices if data["region"] in {r.slug for r in p.regions}]
        if data.get("sector"):
            practices = [
                p for p in practices if data["sector"] in {s.slug for s in p.sectors.all()}
            ]
        if data.get("stage"):
            stage = Stage.from_slug(data["stage"])
            practices = [p for p in practices if p.pathway.current.stage == stage]
        return practices


class PilotTrackerPage(TranslatedPageMixin, Page):
    """Every practice of every pilot with its current stage: what has become institutional."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["knowledge.PilotIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("institutionalization tracker")

    def practices(self, request=None):
        """Every practice of every live, public pilot, each with its pathway computed."""
        pilots = public_pages(PilotPage.objects.all())
        practices = list(
            PilotPractice.objects.for_pathway()
            .filter(pilot__in=pilots)
            .order_by("pilot__title", "sort_order", "pk")
        )
        restricted = restricted_paths()
        for practice in practices:
            practice.pathway = practice.compute_pathway(request, restricted)
        return practices

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = self.practices(request)
        form = TrackerFilterForm(request.GET or None, practices=practices)
        shown = form.filter(practices)
        context["filter_form"] = form
        context["filter_chips"] = active_filter_chips(form, request)
        context["practices"] = shown
        context["total"] = len(practices)
        context["stages"] = list(Stage)
        context["stage_counts"] = [
            (stage, sum(1 for p in shown if p.pathway.current.stage == stage)) for stage in Stage
        ]
        return context
