"""Template tags of the knowledge pages: addresses of related items and filter links."""

from urllib.parse import urlencode

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Page

from ..widgets import describe_version

register = template.Library()


@register.simple_tag(takes_context=True)
def item_url(context, item):
    """The public address of a related item: a page, or anything else with `get_url`."""
    request = context.get("request")
    if isinstance(item, Page):
        return item.get_url(request)
    work = getattr(item, "page", None)
    if work is not None and hasattr(work, "version_url"):
        return work.version_url(item, request=request)
    get_url = getattr(item, "get_url", None)
    if callable(get_url):
        return get_url(request)
    return getattr(item, "url", "")


@register.simple_tag
def item_title(item):
    """What a related item is called: a page's title, or a version with its work."""
    if isinstance(item, Page):
        return item.title
    if hasattr(getattr(item, "page", None), "version_url"):
        return describe_version(item)
    return str(item)


@register.simple_tag
def item_status(item):
    """The status chip of a related item that has one (a protocol or instrument version)."""
    chip = getattr(item, "status_chip", None)
    return chip() if callable(chip) else None


@register.simple_tag(takes_context=True)
def filter_url(context, index_page, name, term):
    """The section listing filtered to one term, e.g. the events of one region."""
    base = index_page.get_url(context.get("request"))
    return f"{base}?{urlencode({name: term.slug})}"


@register.simple_tag
def knowledge_related_to(version):
    """Pilots, lessons and training materials that cite a protocol or instrument version."""
    from ..related import knowledge_related_to as related

    return related(version)


@register.simple_tag
def date_range(start, end=None):
    """A period in the reader's language: one date, or "from ... to ..." when it spans days."""
    if start is None:
        return ""
    if end is None or end == start:
        return date_format(start, "DATE_FORMAT")
    return _("%(start)s to %(end)s") % {
        "start": date_format(start, "DATE_FORMAT"),
        "end": date_format(end, "DATE_FORMAT"),
    }


@register.filter
def names(terms):
    """Vocabulary terms as one comma-separated line."""
    return ", ".join(str(term) for term in terms)
