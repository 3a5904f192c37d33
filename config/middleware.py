"""Response headers the public site promises on every page."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class ContentSecurityPolicyMiddleware:
    """Adds a Content-Security-Policy: strict for the public site, looser for the Wagtail admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_PATH}/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith(self.admin_prefix):
                policy = settings.CONTENT_SECURITY_POLICY_ADMIN
            else:
                policy = settings.CONTENT_SECURITY_POLICY
            response["Content-Security-Policy"] = policy
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus its 404 redirect outside the language-prefixed site.

    Wagtail's catch-all route makes every `/es/<anything>` look valid, so Django would turn a
    404 from the API or the document server into a redirect to a Spanish URL that 404s again.
    """

    unprefixed_prefixes = (
        "/api/",
        "/documents/",
        "/sitemap.xml",
        "/robots.txt",
        "/static/",
        "/media/",
    )

    def process_response(self, request, response):
        if request.path_info.startswith((*self.unprefixed_prefixes, f"/{settings.ADMIN_PATH}/")):
            return response
        return super().process_response(request, response)
