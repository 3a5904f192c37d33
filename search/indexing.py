"""Which documents the public may see now. Indexing is state-based, never event-based:
whatever happened to a page, its object key is synced, which asks the adapters what the
page's documents are now and makes every engine hold exactly those."""

import logging

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from .adapters import adapter_for_model, documents_for_page, page_id_from_key, page_key, page_models
from .registry import visibility

logger = logging.getLogger("quipu.search")


def public_documents(object_keys):
    """The SearchDocuments of these objects as the public sees them now, in their order."""
    page_ids = list(dict.fromkeys(filter(None, map(page_id_from_key, object_keys))))
    if not page_ids:
        return []
    restricted = visibility().private_collection_ids()
    pages = {page.pk: page for page in specific_pages(page_ids)}
    return [
        document
        for page_id in page_ids
        if page_id in pages
        for document in documents_for_page(pages[page_id], restricted)
    ]


def specific_pages(page_ids):
    """The pages with these ids as instances of their own classes. Unlike `.specific()`, a
    page whose specific row is already gone (mid-deletion) is left out."""
    by_type = {}
    rows = Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id")
    for page_id, content_type_id in rows:
        by_type.setdefault(content_type_id, []).append(page_id)
    pages = []
    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            pages.extend(model.objects.filter(pk__in=ids))
    return pages


def all_documents(on_page=None):
    """Every SearchDocument the public may see; `on_page()` is called once per page read."""
    restricted = visibility().private_collection_ids()
    for model in page_models():
        adapter = adapter_for_model(model)
        if not adapter.indexed:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        pages = adapter.queryset().filter(content_type=content_type).order_by("path")
        for page in pages.iterator(chunk_size=200):
            try:
                yield from adapter.documents(page, restricted)
            except Exception:
                logger.exception("Skipped page %s while indexing everything", page.pk)
            if on_page:
                on_page()


def subtree_keys(page):
    ids = Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
    return [page_key(identifier) for identifier in ids]
