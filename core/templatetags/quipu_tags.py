"""Template tags for the language switcher, hreflang alternates and document links."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import pgettext

from ..visibility import document_shown_to, documents_shown_to, image_shown_to

register = template.Library()


def own_name(code):
    """A language's name in itself, as a switcher shows it: "Español", "English"."""
    try:
        name = translation.get_language_info(code)["name_local"]
    except KeyError:
        name = dict(settings.LANGUAGES).get(code, code)
    return capfirst(str(name))


@register.simple_tag(takes_context=True)
def language_versions(context):
    """One entry per site language: its URL for the page being shown and whether it exists.

    For a Wagtail page the URL follows its translated slugs; for any other view the path is
    translated by Django's URL resolver.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        if page is not None and hasattr(page, "url_in"):
            url = page.url_in(code, request)
            available = page.is_available_in(code)
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
            available = True
        else:
            continue
        versions.append(
            {
                "code": code,
                "name": own_name(code),
                "url": url,
                "switch_url": _with_query(url, request),
                "available": available,
                "is_current": code == current,
            }
        )
    return versions


def _with_query(url, request):
    """The switcher keeps what the reader chose on the page (filters, page number, search)."""
    if not url or request is None or not request.GET or "?" in url:
        return url
    return f"{url}?{request.GET.urlencode()}"


@register.simple_tag(takes_context=True)
def link_alternates(context, versions):
    """Canonical URL, hreflang alternates and x-default for the head of a page.

    A page that exists in the language being shown is its own canonical and lists every
    language it really has; a page shown untranslated points to its Spanish original and lists
    no alternates, so search engines never index the fallback.
    """
    current = next((v for v in versions if v["is_current"]), None)
    available = [v for v in versions if v["available"]]
    if current is None:
        return {"canonical": None, "alternates": [], "x_default": None}
    if not current["available"]:
        source = next((v for v in versions if v["code"] == settings.LANGUAGE_CODE), current)
        return {"canonical": source["url"], "alternates": [], "x_default": None}
    default = next((v for v in available if v["code"] == settings.LANGUAGE_CODE), None)
    return {
        "canonical": current["url"],
        "alternates": available if len(available) > 1 else [],
        "x_default": default["url"] if default and len(available) > 1 else None,
    }


@register.simple_tag(takes_context=True)
def absolute(context, url):
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url


@register.simple_tag(takes_context=True)
def shown_document(context, document):
    """The document, or None when this visitor may not see it (private collection).

    Pages never show a private file's title, size, pages, download count or address to the
    public: `{% shown_document page.source_document as document %}`.
    """
    if document is None or isinstance(document, str):
        return None
    return document if document_shown_to(document, context.get("request")) else None


@register.simple_tag(takes_context=True)
def shown_documents(context, documents):
    """The documents of a list this visitor may see, in order."""
    return documents_shown_to([d for d in documents if d is not None], context.get("request"))


@register.simple_tag(takes_context=True)
def shown_image(context, image):
    """The image, or None when this visitor may not see it (private collection)."""
    if image is None or isinstance(image, str):
        return None
    return image if image_shown_to(image, context.get("request")) else None


@register.simple_tag
def aria_current(section, page):
    """`aria-current` for a navigation link: "page" on the section itself, "true" inside it.

    `section` is a page or a path such as "/"; `page` is the page being shown, if any.
    """
    if page is None or not hasattr(page, "path") or section is None:
        return ""
    if page.pk == section.pk:
        return mark_safe('aria-current="page"')
    if page.path.startswith(section.path):
        return mark_safe('aria-current="true"')
    return ""


@register.simple_tag
def source_language():
    """The language content is written in first, shown where a translation is missing."""
    return settings.LANGUAGE_CODE


@register.filter
def reader_first(items):
    """Files (or download links) in the reader's language first, the others in their order."""
    from core.models import reader_language_first

    return reader_language_first(items)


@register.filter
def language_name(code):
    """A language's name as it reads inside a sentence, in the reader's language: "English",
    "inglés" ("Download PDF in English", "Descargar PDF en inglés")."""
    try:
        name = translation.get_language_info(code)["name"]
    except KeyError:
        return code
    return pgettext("language name inside a sentence", name)


@register.simple_tag
def responsive_image(image, role, alt="", eager=False, css_class=""):
    """The image as a <picture> for `role` ("card", "figure"), from renditions made on save."""
    from ..renditions import render_image

    if image is None:
        return ""
    return render_image(image, role, alt=alt, eager=eager, css_class=css_class)
