"""Template helpers of the protocols library."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: the JSON can never close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def jsonld(data):
    """A <script type="application/ld+json"> element; a data block, so CSP does not apply."""
    if not data:
        return ""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    payload = payload.translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


@register.simple_tag(takes_context=True)
def library_url(context):
    """The address of the protocols library in the active language, or "" when there is none."""
    return library_address(context.get("request"))


def library_address(request=None):
    from core.visibility import public_pages

    from ..models import ProtocolLibraryPage

    library = public_pages(ProtocolLibraryPage.objects.all()).order_by("path").first()
    return library.get_url(request) if library else ""


@register.simple_tag
def version_status(timeline, version):
    """The status of `version` as the status chip shows it: code, words and the date it hangs on.

    `{% version_status timeline version as status %}{% include "includes/status.html" %}`
    """
    from core.versioning.status import describe_status

    return describe_status(timeline, version)
