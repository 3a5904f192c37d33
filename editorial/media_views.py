"""Wagtail's image and document delete views, saying why they refuse (see media_rules)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.documents.views import documents as document_views
from wagtail.images.views import images as image_views

from .media_rules import deletion_refusal


class RefusalExplainedMixin:
    """Refuses on the file's edit page with the reason, instead of a bare "no permission"."""

    edit_url_name = None

    def dispatch(self, request, *args, **kwargs):
        instance = get_object_or_404(self.model, pk=kwargs[self.pk_url_kwarg])
        reason = deletion_refusal(request.user, instance)
        if reason:
            messages.error(request, reason)
            return redirect(reverse(self.edit_url_name, args=(instance.pk,)))
        return super().dispatch(request, *args, **kwargs)


class ImageDeleteView(RefusalExplainedMixin, image_views.DeleteView):
    edit_url_name = "wagtailimages:edit"


class DocumentDeleteView(RefusalExplainedMixin, document_views.DeleteView):
    edit_url_name = "wagtaildocs:edit"
