"""Wagtail's documents listing, with how many times each document has been downloaded.

Wagtail 8 has no viewset or hook for the documents listing's columns, so Quipu answers the
listing's two addresses (the page and the results it reloads when filtering) with this
subclass; everything else about the listing stays Wagtail's. The document's own edit page
shows the same count (templates/wagtaildocs/documents/edit.html).
"""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import NumberColumn
from wagtail.documents.views import documents as document_views


class DocumentIndexView(document_views.IndexView):
    """The documents listing with a "Downloads" column after "Usage"."""

    @cached_property
    def columns(self):
        columns = list(super().columns)
        downloads = NumberColumn(
            "download_count",
            label=_("Downloads"),
            width="12%",
            # As with "Usage": search results cannot be ordered by a field the search index
            # does not hold.
            sort_key="download_count" if not self.is_searching else None,
        )
        after = next(
            (index for index, column in enumerate(columns) if column.name == "usage_count"),
            len(columns) - 1,
        )
        columns.insert(after + 1, downloads)
        return columns


def listing_urls():
    """Same addresses as Wagtail's listing; Quipu's hooks load first, so these answer."""
    return [
        path("documents/", DocumentIndexView.as_view(), name="quipu_documents_index"),
        path(
            "documents/results/",
            DocumentIndexView.as_view(results_only=True),
            name="quipu_documents_index_results",
        ),
    ]
