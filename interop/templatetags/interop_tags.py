"""Head tags for machines and the "Cite this" box.

`{% interop_head %}` (in every page's <head>) announces the page's feeds and adds, as the page
calls for: Highwire `citation_*` and Dublin Core meta tags (citable pages), OpenGraph and
Twitter card previews, and schema.org JSON-LD (protocols bring their own `Legislation`).
"""

from django import template
from django.utils import translation

from core import visibility
from core.request_memo import remember

from ..citation import (
    FORMATS,
    citation_for_page,
    citation_for_version,
    formatted_reference,
    highwire_tags,
    is_citable,
)
from ..dublin_core import Describer
from ..feeds import feed_url, feeds_for_page
from ..records import PAGE_KINDS, VERSION_KIND, Record
from ..structured_data import PageDescriber

register = template.Library()


def cited_item(context):
    """The page or protocol version a page offers to cite, or None."""
    page = context.get("page")
    if page is None:
        return None
    if is_citable(page):
        return page
    version = context.get("version")
    if type(page).__name__ == "ProtocolWorkPage" and visibility.is_public_version(version):
        return version
    return None


def citation_of(item, request):
    """The item's citation, built once per request: the <head> and the "Cite this" box share it."""
    kind = type(item).__name__
    build = citation_for_version if kind == "ProtocolVersion" else citation_for_page
    key = ("citation", kind, item.pk, translation.get_language())
    return remember(key, lambda: build(item, request))


def download_links(item, language):
    from django.urls import reverse

    with translation.override(language):
        if type(item).__name__ == "ProtocolVersion":
            name, kwargs = "interop:cite_version", {"version_id": item.pk}
        else:
            name, kwargs = "interop:cite_page", {"page_id": item.pk}
        return [
            {"format": key, "url": reverse(name, kwargs={**kwargs, "file_format": key})}
            for key in FORMATS
        ]


def dublin_core_tags(item, request, language):
    if type(item).__name__ == "ProtocolVersion":
        kind = VERSION_KIND
    else:
        kind = next(k for k in PAGE_KINDS if k.model_name == type(item).__name__)
    record = Record(f"item/{item.pk}", kind, None, (language,), item.pk)
    terms = Describer(request.build_absolute_uri, request).describe(record, item)
    return [term for term in terms if term.language in {"", language}]


@register.inclusion_tag("interop/includes/head_tags.html", takes_context=True)
def interop_head(context):
    """Everything interop adds to a page's <head>, from the page in the context (if any)."""
    request = context.get("request")
    page = context.get("page")
    language = translation.get_language()
    data = {"feeds": [], "citation_tags": [], "dc_tags": [], "previews": [], "json_ld": None}
    if request is None:
        return data
    for title, name, kwargs in feeds_for_page(page):
        data["feeds"].append(
            {
                "title": title,
                "url": request.build_absolute_uri(feed_url(name, language, **kwargs)),
                "language": language,
            }
        )
    if page is None or not hasattr(page, "url_in"):
        return data
    describer = PageDescriber(page, request)
    title = page.seo_title or page.title
    item = cited_item(context)
    if item is not None:
        citation = citation_of(item, request)
        title = citation.title
        data["citation_tags"] = highwire_tags(citation)
        data["dc_tags"] = dublin_core_tags(item, request, citation.language)
    data["previews"] = describer.previews(title)
    if context.get("structured_data") is None:
        data["json_ld"] = describer.json_ld()
    return data


@register.inclusion_tag("interop/includes/cite.html", takes_context=True)
def cite_box(context):
    """The "Cite this" box: the reference in the reader's language and its downloads."""
    request = context.get("request")
    item = cited_item(context)
    if request is None or item is None:
        return {"citation": None}
    citation = citation_of(item, request)
    return {
        "citation": citation,
        "reference": formatted_reference(citation),
        "downloads": download_links(item, translation.get_language()),
    }
