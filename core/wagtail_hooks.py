"""What the public may see of pages and files (core.visibility), applied when Wagtail serves them."""

from django.http import Http404
from wagtail import hooks

from . import visibility


@hooks.register("before_serve_page")
def hide_expired_pages(page, request, serve_args, serve_kwargs):
    """A page past its expiry date is gone at once, not when the scheduler next runs."""
    if visibility.has_expired(page):
        raise Http404


@hooks.register("before_serve_document")
def serve_only_documents_in_use(document, request):
    """A file is downloaded only from the live content of a page this visitor may see.

    A file attached only to a draft is not public. Collection privacy (password, sign-in)
    is then applied by Wagtail's own hook.
    """
    if not visibility.document_in_use_for(document, request):
        raise Http404
