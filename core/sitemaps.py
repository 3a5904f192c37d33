"""The sitemap: every public page once per language it really has, with hreflang alternates."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from wagtail.models import Site

from . import visibility


class PageSitemap(Sitemap):
    """Live, public pages of the requested site; untranslated pages only in Spanish."""

    i18n = True
    alternates = True

    def __init__(self, request):
        self.request = request

    def items(self):
        site = Site.find_for_request(self.request) or Site.objects.get(is_default_site=True)
        return list(
            visibility.public_pages(site.root_page.get_descendants(inclusive=True))
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def get_languages_for_item(self, page):
        if hasattr(page, "available_languages"):
            return page.available_languages
        return [settings.LANGUAGE_CODE]

    def location(self, page):
        _site_id, _root_url, page_path = page.get_url_parts(self.request)
        return page_path

    def lastmod(self, page):
        return page.last_published_at or page.latest_revision_created_at

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            # x-default is the Spanish page: the source language every page has.
            default = next(
                (
                    alt
                    for alt in url_info["alternates"]
                    if alt["lang_code"] == settings.LANGUAGE_CODE
                ),
                None,
            )
            if default and len(url_info["alternates"]) > 1:
                url_info["alternates"].append(
                    {"location": default["location"], "lang_code": "x-default"}
                )
        return urls


# Sections other apps add ({name: factory(request)}): the foundation lists pages, an app above
# it lists addresses inside them (protocol versions) without this module importing it.
extra_sitemaps = {}


def register_sitemap(name, factory):
    extra_sitemaps[name] = factory


def page_sitemap_for(request):
    sitemaps = {"pages": PageSitemap(request)}
    for name, factory in extra_sitemaps.items():
        sitemaps[name] = factory(request)
    return sitemaps
