"""What search indexes of the protocols library: the library page, and each versioned work.

Imported by search.registry.discover() when the search app starts. A work whose version in
force a date switched is reindexed by search itself (core.versioning.signals.versions_changed).
"""

import datetime

from django.utils import translation
from django.utils.translation import pgettext_lazy

from core.search import FILED_UNDER, facet_words
from core.versioning.text import plain_text
from core.versioning.timeline import VersionStatus
from search import registry
from search.adapters import PageIndex
from search.page_text import attachment_for, default_language, translated
from search.versions import VersionedPageIndex

from .models import ProtocolLibraryPage, ProtocolWorkPage
from .models.pages import WorkKind

# The weight of a work in force (see SearchDocument.weight); its other versions weigh 0.5
# (search.versions.VersionedPageIndex).
IN_FORCE_WEIGHT = 1.5


@registry.register(ProtocolLibraryPage)
class LibraryIndex(PageIndex):
    """The library lists the works: they answer a search before it does."""

    text_fields = ("intro",)
    summary_fields = ("intro",)
    weight = 0.5


@registry.register(ProtocolWorkPage)
class WorkIndex(VersionedPageIndex, PageIndex):
    """A versioned work: its address with the version it shows today (weighing more when it is
    in force), and each other approved version, labelled with its status and instrument."""

    facet_fields = FILED_UNDER
    facet_words = staticmethod(facet_words)
    completes_first = True

    def kind_for(self, page):
        return page.kind or "protocol"

    def kinds(self):
        return list(WorkKind.choices)

    def kind_words(self):
        """The words of a query that ask for each kind of work: "protocolo cem"."""
        return {
            "protocol": pgettext_lazy("search words asking for a type of item", "protocol"),
            "ofr_instrument": pgettext_lazy("search words asking for a type of item", "regulation"),
            "directive": pgettext_lazy("search words asking for a type of item", "directive"),
            "guideline": pgettext_lazy("search words asking for a type of item", "guideline"),
        }

    def statuses(self):
        return {value: label for value, label in VersionStatus.choices if value != "draft"}

    def files(self, page, language):
        return page.search_documents(language)

    def fill_version(self, document, page, version, timeline, language, restricted):
        text = plain_text(version.text_in(language))
        text_language = language
        if not text:
            text = plain_text(version.text_in(default_language()))
            text_language = default_language()
        citation = version.approving_instrument
        summary_parts = [document.summary]
        change, _change_language = translated(version, "change_summary", language)
        if change:
            summary_parts.append(change)
        document.summary = " ".join(part for part in summary_parts if part)
        status = timeline.status_of(version)
        body_language = text_language if text else document.body_language
        with translation.override(body_language):
            status_words = str(self.statuses().get(str(status), ""))
        labels = self.labels(page, body_language)
        document.body = "\n".join(part for part in (citation, status_words, text, labels) if part)
        document.body_language = body_language
        document.status = str(status)
        if document.is_current and status == VersionStatus.IN_FORCE:
            document.weight = IN_FORCE_WEIGHT
        document.date = version.effective_date
        files = [version.pdf_in(language), version.docx_in(language)]
        if not any(files):
            files = [version.pdf_in(default_language()), version.docx_in(default_language())]
        document.attachments = [
            attachment_for(item, language)
            for item in files
            if item is not None and item.collection_id not in restricted
        ]

    def status_change_dates(self, page, after):
        """Future days on which a version of this work changes status (reindex then)."""
        dates = set()
        for version in page.timeline().published:
            for day in (version.effective_date, version.repeal_date):
                if day and day > after:
                    dates.add(day)
            if version.end_date and version.end_date >= after:
                dates.add(version.end_date + datetime.timedelta(days=1))
        return sorted(dates)
