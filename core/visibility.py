"""What the public may see: the one definition, for pages, versions, documents and images.

Every channel that shows something to an anonymous visitor asks here: page views, listings
and related boxes, search (when it indexes and again when it answers), the API, the sitemap,
downloads, training ZIPs and search promotions.

- A **page** is public when it is live, not expired (by the flag or by its expiry date,
  before the scheduler has run), below the root, and neither it nor an ancestor has a view
  restriction (password, login or groups).
- A **protocol or instrument version** is public when it is published with an effective
  date and its work page is public. Future and repealed versions stay public at their own
  address (with their status shown); drafts never are.
- A **collection** is private when it or an ancestor has a view restriction.
- A **document** is public when its collection is public and the live content of a public
  page uses it. A file attached only to a draft (a page never published, or a draft revision
  of a live page, or a draft version) is not public. A page type can narrow which of the
  files it links to its public content shows with a `public_document_ids()` method
  (protocol works show only the files of published versions).
- An **image** is public when its collection is public.

Pages that a particular visitor may see (a restriction they passed) are answered by the
`*_visible_to(request)` functions; anything shown to the anonymous public uses the others.

This module imports no content app at import time, so any app may import it.
"""

from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone

from .request_memo import per_generation, per_request


def _models():
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        Page,
        PageViewRestriction,
        ReferenceIndex,
    )

    return Collection, CollectionViewRestriction, Page, PageViewRestriction, ReferenceIndex


# Pages ---------------------------------------------------------------------------------


@per_generation
def restricted_paths():
    """Tree paths of pages with a view restriction; their subtrees are not public."""
    _c, _cr, _p, PageViewRestriction, _r = _models()
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


def is_public_path(path, restricted):
    return not any(path.startswith(prefix) for prefix in restricted)


def public_pages(queryset=None):
    """The pages of `queryset` (every page by default) the public may see."""
    _c, _cr, Page, _pr, _r = _models()
    queryset = Page.objects.all() if queryset is None else queryset
    # Wagtail's `.public()` reads the restrictions on every call; the paths are read once per
    # request instead, and a restricted page's subtree shares its path as a prefix.
    outside_restrictions = Q()
    for path in restricted_paths():
        outside_restrictions &= ~Q(path__startswith=path)
    return (
        queryset.live()
        .filter(outside_restrictions)
        .filter(expired=False, depth__gt=1)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )


def public_page_ids(page_ids):
    """The subset of `page_ids` the public may see, as a set."""
    _c, _cr, Page, _pr, _r = _models()
    page_ids = {identifier for identifier in page_ids if identifier}
    if not page_ids:
        return set()
    return set(public_pages(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))


def has_expired(page, now=None):
    expire_at = getattr(page, "expire_at", None)
    return bool(page.expired or (expire_at and expire_at <= (now or timezone.now())))


def is_public_page(page, restricted=None):
    """True when the public may see `page` (one query for the restrictions unless given)."""
    if page is None or not page.live or page.depth <= 1 or has_expired(page):
        return False
    restricted = restricted_paths() if restricted is None else restricted
    return is_public_path(page.path, restricted)


def visible_pages(pages, restricted=None):
    """The public pages among `pages`, each once, in the order given."""
    restricted = restricted_paths() if restricted is None else restricted
    seen, result = set(), []
    for page in pages:
        if page is None or page.pk in seen or not is_public_page(page, restricted):
            continue
        seen.add(page.pk)
        result.append(page)
    return result


def page_visible_to(page, request):
    """True when this request may see `page`: public, or behind restrictions it has passed."""
    if page is None or not page.live or page.depth <= 1 or has_expired(page):
        return False
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


# Protocol and instrument versions ---------------------------------------------------------


def is_public_version(version, restricted=None):
    """A version is public once published with an effective date on a public work page."""
    if version is None or not version.is_published or version.effective_date is None:
        return False
    return is_public_page(version.page, restricted)


def public_versions(versions, restricted=None):
    """The public versions among `versions`, each once, in the order given."""
    restricted = restricted_paths() if restricted is None else restricted
    found = []
    for version in versions:
        if version not in found and is_public_version(version, restricted):
            found.append(version)
    return found


# Collections -----------------------------------------------------------------------------


@per_generation
def private_collection_ids():
    """Collections with a view restriction, and every collection beneath them."""
    Collection, CollectionViewRestriction, _p, _pr, _r = _models()
    paths = list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True).distinct()
    )
    if not paths:
        return set()
    below = Q()
    for path in paths:
        below |= Q(path__startswith=path)
    return set(Collection.objects.filter(below).values_list("pk", flat=True))


def is_public_collection(collection_id, private=None):
    private = private_collection_ids() if private is None else private
    return collection_id not in private


# Documents -------------------------------------------------------------------------------


def _document_references(document_ids=None, pages=None):
    """(page content type id, page id, document id) of documents used by pages' live content.

    The reference index is read from the database row of each page, which holds its live
    content (a draft revision is stored apart), and from its inline children.
    """
    from wagtail.documents import get_document_model

    _c, _cr, Page, _pr, ReferenceIndex = _models()
    pages = public_pages() if pages is None else pages
    references = ReferenceIndex.objects.filter(
        to_content_type=ReferenceIndex._get_base_content_type(get_document_model()),
        base_content_type=ReferenceIndex._get_base_content_type(Page),
        object_id__in=pages.annotate(key=Cast("pk", output_field=CharField())).values("key"),
    )
    if document_ids is not None:
        references = references.filter(to_object_id__in=[str(pk) for pk in document_ids])
    rows = references.values_list("content_type_id", "object_id", "to_object_id").distinct()
    return [
        (content_type_id, int(page_id), int(document_id))
        for content_type_id, page_id, document_id in rows
        if str(page_id).isdigit() and str(document_id).isdigit()
    ]


def _documents_used(references):
    """Document ids the pages' public content shows, after each page type's own narrowing."""
    from django.contrib.contenttypes.models import ContentType

    used, narrowed = set(), {}
    for content_type_id, page_id, document_id in references:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and hasattr(model, "public_document_ids"):
            narrowed.setdefault(model, {}).setdefault(page_id, set()).add(document_id)
        else:
            used.add(document_id)
    for model, by_page in narrowed.items():
        for page in model.objects.filter(pk__in=by_page):
            used.update(by_page[page.pk] & set(page.public_document_ids()))
    return used


@per_request
def public_document_ids(document_ids=None):
    """Ids of the documents (of `document_ids`, or all) the public may download."""
    used = _documents_used(_document_references(document_ids))
    if not used:
        return set()
    from wagtail.documents import get_document_model

    private = private_collection_ids()
    return set(
        get_document_model()
        .objects.filter(pk__in=used)
        .exclude(collection_id__in=private)
        .values_list("pk", flat=True)
    )


def public_documents(queryset=None):
    """The documents of `queryset` (every document by default) the public may download."""
    from wagtail.documents import get_document_model

    queryset = get_document_model().objects.all() if queryset is None else queryset
    return queryset.filter(pk__in=public_document_ids())


def is_public_document(document):
    return document is not None and document.pk in public_document_ids([document.pk])


def _private_collections_for(request):
    """Private collection ids, read once per request (listings stay at a constant query count)."""
    if request is None:
        return private_collection_ids()
    private = getattr(request, "_quipu_private_collections", None)
    if private is None:
        private = private_collection_ids()
        request._quipu_private_collections = private
    return private


def _collection_shown_to(item, request, private):
    """True when `item` (a document or image) is in a public collection, or this request
    passed every restriction on its private one."""
    if item.collection_id not in private:
        return True
    if request is None:
        return False
    restrictions = item.collection.get_view_restrictions()
    return all(restriction.accept_request(request) for restriction in restrictions)


def document_shown_to(document, request, private=None):
    """True when a page this request is viewing may show `document`'s link and details.

    The page itself decides that the document belongs to its content; here only the
    collection's privacy applies: a private document is shown only to a visitor who has
    passed its restriction (never to the anonymous public).
    """
    if document is None:
        return False
    private = _private_collections_for(request) if private is None else private
    return _collection_shown_to(document, request, private)


def documents_shown_to(documents, request):
    private = _private_collections_for(request)
    return [document for document in documents if document_shown_to(document, request, private)]


def document_in_use_for(document, request):
    """True when the live content of a page this request may see uses `document`.

    Collection privacy is not judged here: the download view applies it afterwards (with
    Wagtail's password form or sign-in). Editors may download anything they can reach in the
    admin, for previews.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
        return True
    _c, _cr, Page, _pr, _r = _models()
    live = (
        Page.objects.live()
        .filter(expired=False, depth__gt=1)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )
    references = _document_references([document.pk], pages=live)
    if not references:
        return False
    pages = Page.objects.in_bulk({page_id for _ct, page_id, _d in references})
    visible = [
        (content_type_id, page_id, document_id)
        for content_type_id, page_id, document_id in references
        if page_id in pages and page_visible_to(pages[page_id], request)
    ]
    return document.pk in _documents_used(visible)


# Images ----------------------------------------------------------------------------------


def public_images(queryset=None):
    """The images of `queryset` (every image by default) the public may see."""
    from wagtail.images import get_image_model

    queryset = get_image_model().objects.all() if queryset is None else queryset
    return queryset.exclude(collection_id__in=private_collection_ids())


def is_public_image(image):
    return image is not None and is_public_collection(image.collection_id)


def image_shown_to(image, request):
    """True when `image` may be shown to this request (public, or a restriction passed)."""
    if image is None:
        return False
    return _collection_shown_to(image, request, _private_collections_for(request))
