"""Head tags for machines: feed announcements, citation and Dublin Core meta, previews, JSON-LD."""

from django import template
from django.utils import translation

from ..feeds import feed_url, feeds_for_page

register = template.Library()


@register.inclusion_tag("interop/includes/head_tags.html", takes_context=True)
def interop_head(context):
    """Everything interop adds to a page's <head>, from the page in the context (if any)."""
    request = context.get("request")
    page = context.get("page")
    language = translation.get_language()
    feeds = []
    if request is not None:
        for title, name, kwargs in feeds_for_page(page):
            feeds.append(
                {
                    "title": title,
                    "url": request.build_absolute_uri(feed_url(name, language, **kwargs)),
                    "language": language,
                }
            )
    return {"feeds": feeds}
