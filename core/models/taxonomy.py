"""Controlled vocabularies that every content type is tagged with, and the glossary."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .. import languages


class TaxonomyTerm(index.Indexed, models.Model):
    """Shared shape of a bilingual vocabulary term with a stable slug for filters."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Stable identifier used in filter URLs; do not change once published."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Sector(TaxonomyTerm):
    """A sector of the public response: health, justice, women, education, police..."""

    class Meta(TaxonomyTerm.Meta):
        db_table = "knowledge_sector"  # kept from before the move to core
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class Region(TaxonomyTerm):
    """A region (departamento) of Peru, identified by its UBIGEO code."""

    ubigeo = models.CharField(
        _("UBIGEO code"),
        max_length=2,
        unique=True,
        help_text=_("Two-digit code of the region in Peru's official UBIGEO list."),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("ubigeo")]

    class Meta(TaxonomyTerm.Meta):
        db_table = "knowledge_region"  # kept from before the move to core
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Institution(TaxonomyTerm):
    """A ministry, regional government, UN agency or civil-society organisation."""

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="institutions",
    )

    panels = [
        *TaxonomyTerm.panels,
        FieldPanel("acronym"),
        FieldPanel("sector"),
        FieldPanel("website"),
    ]
    search_fields = [*TaxonomyTerm.search_fields, index.SearchField("acronym")]

    class Meta(TaxonomyTerm.Meta):
        db_table = "knowledge_institution"  # kept from before the move to core
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Topic(TaxonomyTerm):
    """A subject such as prevention, care for survivors, femicide or training."""

    class Meta(TaxonomyTerm.Meta):
        db_table = "knowledge_topic"  # kept from before the move to core
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class GlossaryTerm(index.Indexed, models.Model):
    """An acronym or term of art with its expansion and definition in both languages."""

    term = models.CharField(
        _("term"),
        max_length=60,
        help_text=_("The acronym or short form as written in each language, e.g. VBG / GBV."),
    )
    expansion = models.CharField(_("expansion"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    synonyms = models.CharField(
        _("other names"),
        max_length=500,
        blank=True,
        help_text=_(
            "Other ways people write this term, separated by commas. Search treats them "
            "as the same term."
        ),
    )
    slug = models.SlugField(_("anchor"), max_length=60, unique=True)

    panels = [
        FieldPanel("term"),
        FieldPanel("expansion"),
        FieldPanel("definition"),
        FieldPanel("synonyms"),
        FieldPanel("slug"),
    ]
    search_fields = [
        index.SearchField("term"),
        index.SearchField("expansion"),
        index.AutocompleteField("term"),
    ]

    class Meta:
        db_table = "knowledge_glossaryterm"  # kept from before the move to core
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self):
        return f"{self.term} — {self.expansion}"

    def synonym_list(self):
        """Every way of writing this term in both languages, for search expansion."""
        names = [
            *(getattr(self, name) for name in languages.localized_all("term", "expansion")),
            *(
                synonym
                for name in languages.localized_all("synonyms")
                for synonym in (getattr(self, name) or "").split(",")
            ),
        ]
        return sorted({name.strip() for name in names if name and name.strip()})
