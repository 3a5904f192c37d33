"""Views outside the page tree: sitemap, robots.txt and the server error page."""

import logging

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from .sitemaps import page_sitemap_for
from .templatetags.quipu_tags import LANGUAGE_NAMES

logger = logging.getLogger("quipu")


@require_GET
def sitemap(request):
    return django_sitemap(request, sitemaps=page_sitemap_for(request))


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    # Files and archives are for people: crawlers that follow robots.txt neither fetch them
    # nor inflate their download counts (robots that do not are left out of the counts). The
    # ZIP of a training material and the stable PDF address of a protocol end in these words.
    downloads = ("/documents/", "/*/zip/", "/*/descargar/", "/*/download/")
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        *(f"Disallow: {path}" for path in downloads),
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def _library_url():
    """The library's address, if the database answers; a broken database must not hide the page."""
    from protocols_library.templatetags.protocols_tags import library_address

    try:
        return library_address()
    except Exception:  # the error being reported may be the database's own
        logger.warning("The server error page could not look up the library.", exc_info=True)
        return ""


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page in the language of the address, with a search box and a way back.

    Unlike Django's own, it knows the visitor's language; like it, it renders without context
    processors, so it still answers when the error came from the database or a template.
    """
    language = translation.get_language_from_path(request.path) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "language": language,
            "home_url": f"/{language}/",
            "search_url": reverse("search"),
            "library_url": _library_url(),
            "other_languages": [
                {"code": code, "name": LANGUAGE_NAMES.get(code, name), "url": f"/{code}/"}
                for code, name in settings.LANGUAGES
                if code != language
            ],
        }
        body = loader.get_template(template_name).render(context)
    return HttpResponseServerError(body)
