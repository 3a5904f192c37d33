"""Wagtail API v2: public pages, public documents and images, nothing else."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Collection, CollectionViewRestriction

from search.api import with_public_search


def private_collection_ids():
    """Collections with a view restriction, and every collection beneath them."""
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    )
    ids = set()
    for collection in restricted:
        ids.update(collection.get_descendants(inclusive=True).values_list("pk", flat=True))
    return ids


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Documents, less those in collections restricted by password or login."""

    # Both titles, whatever language the request negotiated: API clients pick the one they need.
    body_fields = [*DocumentsAPIViewSet.body_fields, "language", "title_es", "title_en"]
    listing_default_fields = [
        *DocumentsAPIViewSet.listing_default_fields,
        "language",
        "title_es",
        "title_en",
    ]

    def get_queryset(self):
        return super().get_queryset().exclude(collection_id__in=private_collection_ids())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images with their bilingual alt text, caption and credit."""

    body_fields = [
        *ImagesAPIViewSet.body_fields,
        *(
            f"{field}_{language}"
            for field in ("title", "description", "caption", "credit")
            for language in ("es", "en")
        ),
    ]

    def get_queryset(self):
        return super().get_queryset().exclude(collection_id__in=private_collection_ids())


api_router = WagtailAPIRouter("wagtailapi")
# PagesAPIViewSet already limits itself to live pages without view restrictions.
# `?search=` is read by the public search's rules on every endpoint (search/api.py).
api_router.register_endpoint("pages", with_public_search(PagesAPIViewSet))
api_router.register_endpoint("documents", with_public_search(PublicDocumentsAPIViewSet))
api_router.register_endpoint("images", with_public_search(PublicImagesAPIViewSet))
