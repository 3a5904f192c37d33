"""Event records: courses, workshops, forums and meetings, with their photos and materials."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.listing import UNKNOWN_VALUE, ListingFilterForm
from core.models.classified import RELATED_NAME, Classified, taxonomy_panel
from core.models.media import QuipuImage
from core.visibility import image_shown_to, visible_pages

from .common import (
    KnowledgeIndexPage,
    KnowledgePageMixin,
    RelatedGroup,
    images_for_pages,
    listing_renditions,
)
from .lessons import RICH_TEXT_FEATURES


class EventKind(models.TextChoices):
    """What kind of gathering an event was."""

    TRAINING_COURSE = "training_course", _("Training course")
    WORKSHOP = "workshop", _("Workshop")
    PUBLIC_FORUM = "public_forum", _("Public forum")
    WORKING_MEETING = "working_meeting", _("Working meeting")
    REPORT_PRESENTATION = "report_presentation", _("Report presentation")
    INAUGURATION = "inauguration", _("Inauguration")


class EventFilterForm(ListingFilterForm):
    """The shared filters plus the kind of event."""

    kind = forms.ChoiceField(
        label=_("Kind of event"),
        required=False,
        error_messages={"invalid_choice": UNKNOWN_VALUE},
    )
    # Every listing's filters come in one order: its own kind first, then sector, region,
    # topic and year.
    field_order = ["kind", "sector", "region", "topic", "year"]

    def __init__(self, data=None, *, items, date_field):
        super().__init__(data, items=items, date_field=date_field)
        used = set(items.values_list("kind", flat=True).distinct())
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (value, label) for value, label in EventKind.choices if value in used
        ]

    def filter_extra(self, queryset, data):
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        return queryset


class EventIndexPage(KnowledgeIndexPage):
    """The events section, newest first, filtered by year, region and kind."""

    template = "knowledge/section_index.html"
    item_model_name = "EventPage"
    filter_form_class = EventFilterForm
    subpage_types = ["knowledge.EventPage"]

    class Meta:
        verbose_name = _("events index")


class EventPage(KnowledgePageMixin, Classified, Page):
    """A record of an event: who met, where, when, what came out of it, photos and materials."""

    kind = models.CharField(_("kind of event"), max_length=30, choices=EventKind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for a one-day event.")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    intro = models.TextField(_("summary"), blank=True)
    description = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    outcomes = RichTextField(_("outcomes"), blank=True, features=RICH_TEXT_FEATURES)

    institutions = ParentalManyToManyField(
        "core.Institution",
        blank=True,
        related_name=RELATED_NAME,
        verbose_name=_("organising institutions"),
    )
    pilots = ParentalManyToManyField(
        "knowledge.PilotPage", blank=True, related_name="events", verbose_name=_("pilots")
    )
    materials = ParentalManyToManyField(
        "knowledge.TrainingMaterialPage",
        blank=True,
        related_name="events",
        verbose_name=_("materials used"),
    )
    publications = ParentalManyToManyField(
        "knowledge.PublicationPage",
        blank=True,
        related_name="events",
        verbose_name=_("publications presented"),
    )

    search_date_field = "start_date"
    listing_image_field = "photos"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("participants")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("city"),
            ],
            heading=_("What, when and where"),
        ),
        FieldPanel("intro"),
        FieldPanel("description"),
        FieldPanel("outcomes"),
        InlinePanel("photos", label=_("Photo gallery")),
        taxonomy_panel(),
        MultiFieldPanel(
            [
                FieldPanel("pilots", widget=forms.CheckboxSelectMultiple),
                FieldPanel("materials", widget=forms.CheckboxSelectMultiple),
                FieldPanel("publications", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Related items"),
            help_text=_(
                "Link each item once, here: the pilot, material or publication shows this event by itself."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("outcomes"),
        index.SearchField("city"),
        index.FilterField("kind"),
        index.FilterField("start_date"),
    ]

    parent_page_types = ["knowledge.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def body(self):
        return "\n".join(part for part in (self.description, self.outcomes) if part)

    @property
    def listing_image(self):
        photos = list(self.photos.all())
        return photos[0].image if photos else None

    card_vocabularies = ("regions",)

    @classmethod
    def for_listing(cls, queryset):
        return queryset.prefetch_related(
            *cls.card_vocabularies,
            models.Prefetch(
                "photos",
                queryset=EventPhoto.objects.order_by("sort_order").prefetch_related(
                    models.Prefetch(
                        "image",
                        queryset=QuipuImage.objects.prefetch_renditions(*listing_renditions()),
                    )
                ),
            ),
        )

    def clean(self):
        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An event cannot end before it starts.")})

    @property
    def place(self):
        """City and region, without repeating a region named like its capital (Lima, Lima)."""
        regions = [str(region) for region in self.regions.all() if str(region) != self.city]
        return ", ".join(part for part in (self.city, *regions) if part)

    def card_meta(self):
        return [self.get_kind_display(), date_format(self.start_date, "DATE_FORMAT"), self.place]

    @property
    def is_multi_day(self):
        return bool(self.end_date and self.end_date != self.start_date)

    def own_prefetches(self):
        # The gallery, whose first photo is also the card's and the shared link's picture.
        photos = EventPhoto.objects.order_by("sort_order").prefetch_related(
            models.Prefetch("image", queryset=images_for_pages())
        )
        return [*super().own_prefetches(), models.Prefetch("photos", queryset=photos)]

    def gallery(self):
        """The gallery's images in order (prefetched with their renditions on the page)."""
        return [photo.image for photo in self.photos.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["gallery"] = [image for image in self.gallery() if image_shown_to(image, request)]
        context["materials"] = visible_pages(self.materials.order_by("title"))
        return context

    def related_groups(self):
        from .pilots import PilotPractice

        extended = PilotPractice.objects.filter(extension_events=self).select_related("pilot")
        pilots = visible_pages([*self.pilots.all(), *(practice.pilot for practice in extended)])
        return [
            RelatedGroup("pilots", _("Pilots"), pilots),
            RelatedGroup(
                "lessons", _("Lessons learned"), visible_pages(self.lessons.order_by("-date"))
            ),
            RelatedGroup("publications", _("Publications"), visible_pages(self.publications.all())),
        ]


class EventPhoto(Orderable):
    """A photo in an event's gallery; its caption, alt text and credit come from the image."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "core.QuipuImage", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("image")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def clean(self):
        super().clean()
        if self.image_id is None:
            return
        missing = missing_photo_texts(self.image)
        if missing:
            raise ValidationError(
                {
                    "image": _(
                        "Every photo in a gallery needs a caption, alt text and credit in both "
                        "languages. Add them to the image first: %(missing)s."
                    )
                    % {"missing": ", ".join(str(item) for item in missing)}
                }
            )


def missing_photo_texts(image):
    """The texts a gallery photo still lacks, e.g. ["alt text (English)"]."""
    names = {
        "description": _("alt text"),
        "caption": _("caption"),
        "credit": _("credit"),
    }
    languages = dict(settings.LANGUAGES)
    missing = []
    for field, name in names.items():
        for code in languages:
            if not (getattr(image, f"{field}_{code}", "") or "").strip():
                missing.append(f"{name} ({languages[code]})")
    return missing
