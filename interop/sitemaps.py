"""Sitemap sections for protocols: every public version's page, and each work's history.

Version pages are listed in each language their work has, with the same hreflang alternates
the pages announce, and the date their description last changed (the OAI-PMH datestamp).
The compare view is not listed: it answers any pair of versions and says `noindex`.
"""

from core.sitemaps import PageSitemap

from .records import Catalogue, page_key, version_key


class VersionSitemap(PageSitemap):
    """The permanent address of every public version of a public protocol or instrument."""

    def __init__(self, request):
        super().__init__(request)
        self.catalogue = Catalogue()

    def items(self):
        versions = []
        for work_versions in self.catalogue.public_versions().values():
            versions += work_versions
        return sorted(versions, key=lambda version: (version.page.path, version.effective_date))

    def get_languages_for_item(self, version):
        return version.page.available_languages

    def location(self, version):
        return version.page.version_url(version, request=self.request)

    def lastmod(self, version):
        record = self.catalogue.live.get(version_key(version.pk))
        return record.datestamp if record else None


class HistorySitemap(PageSitemap):
    """Each protocol's list of versions, linked from its page."""

    def __init__(self, request):
        super().__init__(request)
        self.catalogue = Catalogue()

    def items(self):
        works = {
            version.page
            for versions in self.catalogue.public_versions().values()
            for version in versions
        }
        return sorted(works, key=lambda work: work.path)

    def location(self, work):
        return work.route_url("history", request=self.request)

    def lastmod(self, work):
        record = self.catalogue.live.get(page_key(work.pk))
        return record.datestamp if record else None
