"""Views outside the page tree that machines read: the sitemap and robots.txt."""

from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

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
