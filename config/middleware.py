"""Response headers the public site promises on every page."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds a Content-Security-Policy: strict for the public site, looser for the Wagtail admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_PATH}/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            if request.path.startswith((self.admin_prefix, "/django-admin/")):
                policy = settings.CONTENT_SECURITY_POLICY_ADMIN
            else:
                policy = settings.CONTENT_SECURITY_POLICY
            response["Content-Security-Policy"] = policy
        return response
