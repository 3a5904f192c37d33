"""Wagtail API v2: public pages, public documents and images, nothing else.

What is public is decided by knowledge.visibility, as for every other channel.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from search.api import with_public_search

from . import visibility


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live pages the public may see: not restricted, not expired (even before the scheduler)."""

    def get_base_queryset(self):
        return visibility.public_pages(super().get_base_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents the public may download: in a public collection and used by a public page."""

    # Both titles, whatever language the request negotiated: API clients pick the one they need.
    body_fields = [*DocumentsAPIViewSet.body_fields, "language", "title_es", "title_en"]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "language",
        "title_es",
        "title_en",
    ]

    def get_queryset(self):
        return visibility.public_documents(super().get_queryset())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images in public collections, with their bilingual alt text, caption and credit."""

    body_fields = [
        *ImagesAPIViewSet.body_fields,
        *(
            f"{field}_{language}"
            for field in ("title", "description", "caption", "credit")
            for language in ("es", "en")
        ),
    ]

    def get_queryset(self):
        return visibility.public_images(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
# `?search=` is read by the public search's rules on every endpoint (search/api.py).
api_router.register_endpoint("pages", with_public_search(PublicPagesAPIViewSet))
api_router.register_endpoint("documents", with_public_search(PublicDocumentsAPIViewSet))
api_router.register_endpoint("images", with_public_search(PublicImagesAPIViewSet))
