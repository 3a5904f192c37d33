"""The four shared vocabularies every classified page type is tagged with."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

# The vocabularies a classified page carries, in the order editors and readers see them.
CLASSIFICATION_FIELDS = ("sectors", "regions", "topics", "institutions")

# A term's pages of one type are `term.<app>_<model>` (e.g. `sector.knowledge_eventpage`);
# the through tables keep the names Django gives them from the model and the field.
RELATED_NAME = "%(app_label)s_%(class)s"


class Classified(models.Model):
    """A page classified by sector, region, topic and institution.

    Mixed into a Wagtail page (a cluster model), so the choices are saved with each revision.
    """

    sectors = ParentalManyToManyField(
        "core.Sector", blank=True, related_name=RELATED_NAME, verbose_name=_("sectors")
    )
    regions = ParentalManyToManyField(
        "core.Region", blank=True, related_name=RELATED_NAME, verbose_name=_("regions")
    )
    topics = ParentalManyToManyField(
        "core.Topic", blank=True, related_name=RELATED_NAME, verbose_name=_("topics")
    )
    institutions = ParentalManyToManyField(
        "core.Institution",
        blank=True,
        related_name=RELATED_NAME,
        verbose_name=_("institutions"),
    )

    class Meta:
        abstract = True


def taxonomy_panel():
    """The four shared vocabularies, as tick boxes; a fresh panel for each page type."""
    return MultiFieldPanel(
        [FieldPanel(name, widget=forms.CheckboxSelectMultiple) for name in CLASSIFICATION_FIELDS],
        heading=_("Classification"),
    )
