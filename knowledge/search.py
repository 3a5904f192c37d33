"""What search indexes of the knowledge app.

Imported by search.registry.discover() when the search app starts. Declares each page type's
text, summary, facets, date, weight, files, extra words, its name for visitors and the words
that ask for it; registers the ordinals editions are labelled with as synonyms, and reindexes
the pages filed under an audience when it is renamed or deleted (the foundation does the same
for its taxonomy and glossary: core/search.py).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.search import FILED_UNDER, facet_words, pages_filed_under
from core.versioning.text import html_paragraphs
from search import registry
from search.adapters import PageIndex
from search.page_text import attachment_for, in_language, languages, translated
from search.versions import VersionedPageIndex

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

# Page types

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

    facet_fields = FILED_UNDER
    facet_words = staticmethod(facet_words)
    summary_fields = ("intro",)
    date_field = "search_date"


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


# An earlier edition weighs less in search than the current one (see SearchDocument.weight).
EARLIER_EDITION_WEIGHT = 0.5


@registry.register(TrainingMaterialPage)
class TrainingIndex(VersionedPageIndex, ItemIndex):
    """A training material: its address with the current edition, and each earlier edition.

    The material's own document (current) carries the text and files of the edition its
    address shows; every other published edition is a document of its own, not current,
    labelled with its edition, at its permanent address, found when a visitor includes earlier
    versions. Drafts are never indexed.
    """

    type_words = pgettext_lazy("search words asking for a type of item", "course material training")
    text_fields = ("intro", "course", "methodology")
    variant_prefix = "e"
    other_version_weight = EARLIER_EDITION_WEIGHT

    def words(self, page):
        return page.search_labels()

    def version_title(self, edition, language):
        label, _label_language = translated(edition, "label", language)
        return label

    def version_name(self, edition):
        """ "e12" is the edition with that id, named by its address word ("1a-edicion")."""
        return edition.slug

    def files(self, page, language):
        return []

    def fill_version(self, document, page, edition, timeline, language, restricted):
        """The edition's label, text, date and files in `language`."""
        parts = []
        for name in ("label", "change_summary", "objectives", "description"):
            value, _value_language = translated(edition, name, language)
            text = " ".join(html_paragraphs(value)) if name == "description" else (value or "")
            if text.strip():
                parts.append(text.strip())
        document.body = "\n\n".join(part for part in (document.body, *parts) if part)
        document.date = edition.effective_date
        files = [item for item in edition.documents() if item.language == language]
        document.attachments = [
            attachment_for(item, language) for item in files if item.collection_id not in restricted
        ]


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


# An audience's name is a word of the pages filed under it.
registry.register_dependents(Audience, pages_filed_under)
