"""What every knowledge page shares: a listing image, related items, indexes."""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model
from wagtail.models import Page

from core import visibility
from core.listing import active_filter_chips
from core.models.media import QuipuImage
from core.models.pages import TranslatedPageMixin
from core.renditions import role_specs


def listing_renditions():
    """Filter specs of the image a listing card shows; prefetched with the listing."""
    return role_specs("card")


def images_for_pages():
    """Images with the renditions an item page shows (figure, shared-link preview) prefetched."""
    return QuipuImage.objects.prefetch_renditions(*role_specs("figure"), *role_specs("preview"))


class RelatedGroup:
    """A heading and the pages under it, as the related-items box shows them."""

    def __init__(self, key, heading, items):
        self.key = key
        self.heading = heading
        self.items = items

    def __bool__(self):
        return bool(self.items)

    def __iter__(self):
        return iter(self.items)


class KnowledgePageMixin(TranslatedPageMixin):
    """A knowledge item: classified by the shared taxonomy and linked to its related items.

    Each relation between two kinds of item is stored once, on one side; `related_groups()`
    reads it from both sides, so editors never enter a link twice.
    """

    listing_image_field = "image"
    # The date an item is filed under: listings sort and filter by it, search reads it.
    search_date_field = None

    @property
    def search_date(self):
        return getattr(self, self.search_date_field)

    # The vocabularies a listing card shows (in `card_meta`); prefetched with the listing.
    card_vocabularies = ()

    @classmethod
    def for_listing(cls, queryset):
        """The queryset with what a listing card shows prefetched (vocabularies, renditions)."""
        return queryset.prefetch_related(
            *cls.card_vocabularies,
            models.Prefetch(
                cls.listing_image_field,
                queryset=QuipuImage.objects.prefetch_renditions(*listing_renditions()),
            ),
        )

    @property
    def listing_image(self):
        return getattr(self, self.listing_image_field, None)

    def related_groups(self):
        """[RelatedGroup, ...] shown in the page's "Related" box; empty groups are dropped."""
        return []

    def own_prefetches(self):
        """Lookups for what the page itself shows: its vocabularies and its image.

        The page body, its "Cite this" box, Dublin Core and JSON-LD all read them; prefetched,
        each is read in one query however many of them ask.
        """
        lookups = [
            field.name
            for field in self._meta.get_fields()
            if field.many_to_many
            and not field.auto_created
            and not issubclass(field.related_model, Page)
            and field.related_model._meta.app_label in {"core", "knowledge"}
        ]
        # Files the page links to directly (a lesson's source document).
        lookups += [
            field.name
            for field in self._meta.get_fields()
            if field.many_to_one
            and field.related_model is get_document_model()
            and getattr(self, field.attname, None)
        ]
        if self.listing_image_field and getattr(self, f"{self.listing_image_field}_id", None):
            lookups.append(models.Prefetch(self.listing_image_field, queryset=images_for_pages()))
        return lookups

    def prefetch_own(self):
        models.prefetch_related_objects([self], *self.own_prefetches())

    def get_context(self, request, *args, **kwargs):
        self.prefetch_own()
        context = super().get_context(request, *args, **kwargs)
        context["related_groups"] = [group for group in self.related_groups() if group]
        # The breadcrumb and the taxonomy links need only its title and address.
        context["index_page"] = self.get_parent()
        return context


class KnowledgeIndexPage(TranslatedPageMixin, Page):
    """A section that lists one kind of knowledge item, with filters and pagination.

    Subclasses name the item model and the form that filters it; items are listed newest
    first by the date they are filed under, and the listing runs the same number of queries
    whether it shows five items or fifty.
    """

    # A listing: the items it lists answer a search before it does.
    search_weight = 0.5

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    item_model_name = None
    filter_form_class = None
    per_page = 12
    parent_page_types = ["core.HomePage"]

    class Meta:
        abstract = True

    @property
    def item_model(self):
        return apps.get_model("knowledge", self.item_model_name)

    def items(self):
        """Live, public items in this section, newest first, without anything prefetched."""
        date_field = self.item_model.search_date_field
        return visibility.public_pages(self.item_model.objects.descendant_of(self)).order_by(
            f"-{date_field}", "-pk"
        )

    def filter_form(self, request):
        return self.filter_form_class(
            request.GET or None, items=self.items(), date_field=self.item_model.search_date_field
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = self.filter_form(request)
        items = self.item_model.for_listing(form.filter(self.items()))
        paginator = Paginator(items, self.per_page)
        context["filter_form"] = form
        context["filter_chips"] = active_filter_chips(form, request)
        context["items"] = paginator.get_page(request.GET.get("page"))
        return context
