"""Views outside the page tree that machines read: the sitemap and robots.txt."""

from django.conf import settings
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.admin.auth import require_admin_access

from .sitemaps import page_sitemap_for


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


# Models core took over from knowledge keep their tables and ids; only the admin addresses
# that name a model's app changed (snippets, settings, "add page", bulk actions, type usage).
MOVED_FROM = "knowledge"


def moved_models_pattern():
    """The model names of core, as a regular expression alternative (knowledge keeps its own)."""
    from django.apps import apps

    return "|".join(sorted(m._meta.model_name for m in apps.get_app_config("core").get_models()))


@require_admin_access
def moved_admin_address(request, before, model, after):
    """Sends a bookmarked admin address of a model that moved to core to its new address."""
    from django.http import HttpResponsePermanentRedirect

    target = f"/{settings.ADMIN_PATH}/{before}core/{model}/{after}"
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)
