"""The server error page, outside the page tree (the sitemap and robots.txt are core.views)."""

import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

from core.templatetags.quipu_tags import own_name

logger = logging.getLogger("quipu")


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
                {"code": code, "name": own_name(code), "url": f"/{code}/"}
                for code, _name in settings.LANGUAGES
                if code != language
            ],
        }
        body = loader.get_template(template_name).render(context)
    return HttpResponseServerError(body)
