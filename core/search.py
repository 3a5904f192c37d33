"""What search indexes of the foundation's pages, and the site rules the foundation gives it.

The foundation imports no other app, so it declares rather than registers: search.registry
reads these names when the search app starts (see `search.registry.declare`).

- `INDEXES`: how the home page, standard pages and the glossary page become search documents
  (each declaration is read as a `search.adapters.PageIndex` subclass);
- `VISIBILITY`: the one definition of what the public may see (core.visibility);
- `SYNONYMS`: the glossary's wordings, equivalent in a search;
- `FACETS`: the taxonomy as search facets, in the order the results page shows them: each
  one's heading, and its terms' names for the slugs search counts;
- `REINDEX`: the pages to reindex when a glossary or taxonomy term changes (the glossary page
  when a term changes; the pages filed under a taxonomy term of any app when it is renamed
  or deleted).
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from . import visibility
from .models import (
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    Institution,
    Region,
    Sector,
    StandardPage,
    Topic,
)

# Page types


class HomeIndex:
    """The home page only lists sections; searching it would match every query."""

    indexed = False


class StandardIndex:
    label = _("Page")
    text_fields = ("intro", "body")
    summary_fields = ("intro",)


class GlossaryIndex:
    """The glossary page is found by any of its terms, expansions and definitions."""

    label = _("Glossary")
    type_words = pgettext_lazy(
        "search words asking for a type of item", "glossary mean meaning definition acronym"
    )

    def body(self, page, language):
        intro, intro_language = super().body(page, language)
        lines = [intro] if intro else []
        for term in GlossaryTerm.objects.all():
            parts = [
                self.translated(term, name, language)[0] or "" for name in ("term", "expansion")
            ]
            definition = self.translated(term, "definition", language)[0] or ""
            lines.append(f"{' — '.join(part for part in parts if part)}. {definition}".strip())
        return "\n".join(lines), intro_language or language


INDEXES = {HomePage: HomeIndex, StandardPage: StandardIndex, GlossaryPage: GlossaryIndex}


# What the public may see

VISIBILITY = visibility


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
        for language, _name in settings.LANGUAGES:
            value = getattr(term, build_localized_fieldname(field, language), "") or ""
            for name in value.split(",") if field == "synonyms" else [value]:
                if name.strip():
                    found.setdefault(name.strip(), set()).add(language)
    return [(name, tuple(sorted(found_in))) for name, found_in in sorted(found.items())]


SYNONYMS = [glossary_groups]


# Facets


def _labels_of(model):
    def labels(values):
        return {term.slug: str(term) for term in model.objects.filter(slug__in=values)}

    return labels


FACETS = {
    "topic": (_("Topic"), _labels_of(Topic)),
    "sector": (_("Sector"), _labels_of(Sector)),
    "institution": (_("Institution"), _labels_of(Institution)),
    "region": (_("Region"), _labels_of(Region)),
}


# The fields content pages are filed under, and the facet each fills (PageIndex.facet_fields).
FILED_UNDER = {
    "sectors": "sector",
    "regions": "region",
    "institutions": "institution",
    "topics": "topic",
}


def facet_words(item):
    """A term's name, and an institution's acronym too, as the pages filed under it show them."""
    return [str(item), item.acronym if isinstance(item, Institution) else ""]


# What a change of a term makes stale


def glossary_pages(term):
    """The glossary page lists every term: it changes with any of them."""
    return GlossaryPage.objects.values_list("pk", flat=True)


def pages_filed_under(term):
    """Ids of the pages of any app filed under this taxonomy term: its name is their word."""
    ids = []
    for relation in type(term)._meta.related_objects:
        if issubclass(relation.related_model, Page):
            pages = relation.related_model.objects.filter(**{relation.field.name: term})
            ids += pages.values_list("pk", flat=True)
    return ids


REINDEX = {
    GlossaryTerm: glossary_pages,
    **{model: pages_filed_under for model in (Sector, Region, Institution, Topic)},
}
