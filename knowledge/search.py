"""What search indexes of the knowledge app, and the site rules it gives search.

Imported by KnowledgeConfig.ready(). Declares each page type's text, summary, facets, date,
weight, files, extra words, its name for visitors and the words that ask for it; registers the public-visibility rule, the glossary as
synonyms (and the ordinals editions are labelled with), the taxonomy's facet labels, and the
signals that reindex what a change makes
stale: the glossary page and the synonyms when a glossary term changes, and the pages filed
under a taxonomy term (of any app) when the term is renamed or deleted.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from core import visibility
from core.models import (
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    Institution,
    Region,
    Sector,
    StandardPage,
    Topic,
)
from search import registry
from search.adapters import PageIndex
from search.indexing import page_key
from search.page_text import in_language, languages, translated
from search.signals import enqueue_sync
from search.synonyms import forget_glossary

from .models import (
    Audience,
    EventPage,
    LessonPage,
    PilotPage,
    PilotTrackerPage,
    PublicationPage,
    TrainingMaterialPage,
)
from .models.common import KnowledgeIndexPage

TAXONOMY = {attribute: attribute for attribute in ("sectors", "regions", "institutions", "topics")}


# Page types


@registry.register(HomePage)
class HomeIndex(PageIndex):
    """The home page only lists sections; searching it would match every query."""

    indexed = False


@registry.register(StandardPage)
class StandardIndex(PageIndex):
    label = _("Page")
    text_fields = ("intro", "body")
    summary_fields = ("intro",)


# Listings, by kind, named as a visitor reads them (their models are "... index" for editors).
LISTING_LABELS = {
    "lessonindex": _("List of lessons learned"),
    "trainingindex": _("List of training materials"),
    "eventindex": _("List of events"),
    "pilotindex": _("List of pilots"),
    "publicationindex": _("List of publications"),
}


@registry.register(KnowledgeIndexPage)
class SectionIndex(PageIndex):
    """A listing: the items it lists answer a search before it does."""

    weight = 0.5

    def kinds(self):
        kind = self.default_kind()
        return [(kind, LISTING_LABELS.get(kind) or capfirst(self.model._meta.verbose_name))]


class ItemIndex(PageIndex):
    """A knowledge item: filed under the shared taxonomy and the date its type files it by."""

    facet_fields = TAXONOMY
    summary_fields = ("intro",)
    date_field = "search_date"

    def facet_words(self, item):
        """A term's name, and an institution's acronym too, as the item's page shows them."""
        return [str(item), item.acronym if isinstance(item, Institution) else ""]


@registry.register(LessonPage)
class LessonIndex(ItemIndex):
    type_words = pgettext_lazy("search words asking for a type of item", "lesson")
    text_fields = ("statement", "context", "evidence", "recommendation")
    summary_fields = ()


@registry.register(EventPage)
class EventIndex(ItemIndex):
    # A course is a training material, and courses also take place as events.
    type_words = pgettext_lazy(
        "search words asking for a type of item", "event workshop forum course"
    )
    text_fields = ("intro", "description", "outcomes", "city")


@registry.register(PilotPage)
class PilotIndex(ItemIndex):
    type_words = pgettext_lazy("search words asking for a type of item", "pilot")
    text_fields = ("intro", "description", "places")

    def words(self, page):
        return page.search_labels()


@registry.register(PilotTrackerPage)
class TrackerIndex(PageIndex):
    """The pilots' tracker is found by its title and description; the pilots hold the text."""


@registry.register(PublicationPage)
class PublicationIndex(ItemIndex):
    type_words = pgettext_lazy("search words asking for a type of item", "publication report")
    text_fields = ("intro", "body", "authors")

    def files(self, page, language):
        return page.search_documents(language)


@registry.register(TrainingMaterialPage)
class TrainingIndex(ItemIndex):
    type_words = pgettext_lazy("search words asking for a type of item", "course material training")
    text_fields = ("intro", "description", "course", "methodology", "objectives")

    def weight_of(self, page):
        return page.search_weight

    def words(self, page):
        return page.search_labels()

    def files(self, page, language):
        return page.search_documents(language)

    def dependents(self, page):
        return page.search_dependents()


@registry.register(GlossaryPage)
class GlossaryIndex(PageIndex):
    """The glossary page is found by any of its terms, expansions and definitions."""

    label = _("Glossary")
    type_words = pgettext_lazy(
        "search words asking for a type of item", "glossary mean meaning definition acronym"
    )

    def body(self, page, language):
        intro, intro_language = super().body(page, language)
        lines = [intro] if intro else []
        for term in GlossaryTerm.objects.all():
            parts = [translated(term, name, language)[0] or "" for name in ("term", "expansion")]
            definition = translated(term, "definition", language)[0] or ""
            lines.append(f"{' — '.join(part for part in parts if part)}. {definition}".strip())
        return "\n".join(lines), intro_language or language


# What the public may see


registry.register_visibility(visibility)


# Glossary synonyms


def glossary_groups():
    """Every glossary term's wordings in every language, with their languages."""
    return [wordings(term) for term in GlossaryTerm.objects.all()]


def wordings(term):
    """(wording, languages) of a glossary term: each language's term, expansion, other names.

    The same wordings as GlossaryTerm.synonym_list(), with the language each is written in,
    so a Spanish wording is looked for in Spanish text only.
    """
    found = {}
    for field in ("term", "expansion", "synonyms"):
        for language in languages():
            value = getattr(term, build_localized_fieldname(field, language), "") or ""
            for name in value.split(",") if field == "synonyms" else [value]:
                if name.strip():
                    found.setdefault(name.strip(), set()).add(language)
    return [(name, tuple(sorted(found_in))) for name, found_in in sorted(found.items())]


registry.register_synonyms(glossary_groups)


# Ordinals as words and as numbers, the way editions are labelled ("1.ª edición",
# "2nd edition") and the way people ask for them ("primera edición", "second edition"); each
# language's are its translation.
ORDINALS = (
    pgettext_lazy("ordinal in words and figures", "first 1st"),
    pgettext_lazy("ordinal in words and figures", "second 2nd"),
    pgettext_lazy("ordinal in words and figures", "third 3rd"),
    pgettext_lazy("ordinal in words and figures", "fourth 4th"),
    pgettext_lazy("ordinal in words and figures", "fifth 5th"),
)


def ordinal_groups():
    """The ordinals as synonym groups, each wording looked for in its own language's text."""
    return [
        [(word, (language,)) for language in languages() for word in in_language(ordinal, language)]
        for ordinal in ORDINALS
    ]


registry.register_synonyms(ordinal_groups)


def glossary_changed(sender, instance, **kwargs):
    """A term changed: the synonyms are read again and the glossary page is reindexed."""
    forget_glossary()
    enqueue_sync([page_key(pk) for pk in GlossaryPage.objects.values_list("pk", flat=True)])


post_save.connect(glossary_changed, sender=GlossaryTerm, dispatch_uid="quipu-search-glossary")
post_delete.connect(
    glossary_changed, sender=GlossaryTerm, dispatch_uid="quipu-search-glossary-deleted"
)


# Facet labels


def _labels_of(model):
    def labels(values):
        return {term.slug: str(term) for term in model.objects.filter(slug__in=values)}

    return labels


for _facet, _model in (
    ("sector", Sector),
    ("region", Region),
    ("institution", Institution),
    ("topic", Topic),
):
    registry.register_facet_labels(_facet, _labels_of(_model))


# Taxonomy terms: their names are words of the pages filed under them


def pages_filed_under(term):
    """Object keys of the pages of any app that are filed under this term."""
    keys = []
    for relation in type(term)._meta.related_objects:
        if issubclass(relation.related_model, Page):
            pages = relation.related_model.objects.filter(**{relation.field.name: term})
            keys += [page_key(pk) for pk in pages.values_list("pk", flat=True)]
    return keys


def term_saved(sender, instance, created=False, **kwargs):
    if not created:
        enqueue_sync(pages_filed_under(instance))


def term_will_be_deleted(sender, instance, **kwargs):
    # Found before deletion: the links to the pages go with the term.
    instance._search_pages = pages_filed_under(instance)


def term_deleted(sender, instance, **kwargs):
    enqueue_sync(getattr(instance, "_search_pages", []))


for _model in (Sector, Region, Institution, Topic, Audience):
    _uid = f"quipu-search-term-{_model._meta.model_name}"
    post_save.connect(term_saved, sender=_model, dispatch_uid=_uid)
    pre_delete.connect(term_will_be_deleted, sender=_model, dispatch_uid=_uid)
    post_delete.connect(term_deleted, sender=_model, dispatch_uid=_uid)
