"""Wagtail API v2: public pages, public documents and images, nothing else.

What is public is decided by core.visibility, as for every other channel.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from . import languages, visibility


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Live pages the public may see: not restricted, not expired (even before the scheduler)."""

    def get_base_queryset(self):
        return visibility.public_pages(super().get_base_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents the public may download: in a public collection and used by a public page."""

    # Every language's title, whatever language the request negotiated: API clients pick the
    # one they need.
    body_fields = [*DocumentsAPIViewSet.body_fields, "language", *languages.localized_all("title")]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "language",
        *languages.localized_all("title"),
    ]

    def get_queryset(self):
        return visibility.public_documents(super().get_queryset())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images in public collections, with their bilingual alt text, caption and credit."""

    body_fields = [
        *ImagesAPIViewSet.body_fields,
        *languages.localized_all("title", "description", "caption", "credit"),
    ]

    def get_queryset(self):
        return visibility.public_images(super().get_queryset())


def api_router(wrap=None):
    """The API's router: pages, documents and images, each viewset passed through `wrap` first
    (the project's URLs pass the public search's, search/api.py, so `?search=` follows its
    rules on every endpoint)."""
    wrap = wrap or (lambda viewset: viewset)
    router = WagtailAPIRouter("wagtailapi")
    router.register_endpoint("pages", wrap(PublicPagesAPIViewSet))
    router.register_endpoint("documents", wrap(PublicDocumentsAPIViewSet))
    router.register_endpoint("images", wrap(PublicImagesAPIViewSet))
    return router
