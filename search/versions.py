from .page_text import languages


class VersionedPageIndex:
    """Mixed into the PageIndex of a versioned page (core.versioning): the page's document
    carries the version its address shows today; every other published version is a
    document of its own ("v12"), not current, at its permanent address, weighing less."""

    variant_prefix = "v"
    other_version_weight = 0.5

    def fill_version(self, document, page, version, timeline, language, restricted):
        """Puts `version`'s text, date, status and files in `language` into `document`."""
        raise NotImplementedError

    def version_title(self, version, language):
        return version.label

    def version_name(self, version):
        """How people name a version in a query ("2019", "2a-edicion")."""
        return version.label

    def variant_label(self, page, variant):
        identifier = variant.removeprefix(self.variant_prefix)
        version = page.versions.filter(pk=identifier).first() if identifier.isdigit() else None
        return self.version_name(version) if version is not None else variant

    def documents(self, page, restricted_collections=None):
        if not self.is_public(page):
            return []
        restricted = self.restricted(restricted_collections)
        timeline = page.timeline()
        shown = timeline.governing
        taxonomy = self.taxonomy(page)
        found = []
        for language in languages():
            current = self.document(page, language, taxonomy, None, restricted)
            if current is None:
                continue
            if shown is not None:
                self.fill_version(current, page, shown, timeline, language, restricted)
            found.append(current)
            for version in timeline.published:
                if shown is not None and version.pk == shown.pk:
                    continue
                document = self.document(page, language, taxonomy, None, restricted)
                document.variant = f"{self.variant_prefix}{version.pk}"
                document.url = page.version_url(version, language)
                document.title = f"{document.title} ({self.version_title(version, language)})"
                document.is_current = False
                document.weight = self.other_version_weight
                self.fill_version(document, page, version, timeline, language, restricted)
                found.append(document)
        return found
