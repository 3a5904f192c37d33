"""Simple Dublin Core of one public item, as OAI-PMH (oai_dc) and `<meta name="DC.*">` carry it.

Each element is a `Term(element, value, language)`; a language is given for text written in
one language (titles, summaries, subjects), never for identifiers and dates. Titles, summaries
and subjects come in every language the item has. Only public files are described.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core import visibility
from core.request_memo import current_request, per_request

from .records import EU_REPO, OPEN_ACCESS, PROTOCOL_KIND, VERSION_KIND, iso_639_3

MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass(frozen=True)
class Term:
    element: str
    value: str
    language: str = ""


def files_of(item):
    """The files of a page or a version (read through their prefetched `files`)."""
    if hasattr(item, "documents") and callable(item.documents):
        return item.documents()
    if hasattr(item, "files"):
        return [attached.document for attached in item.files.all()]
    return []


def mime_type(document):
    return MIME_TYPES.get(document.file_extension.lower(), "application/octet-stream")


def _text(value):
    return " ".join(str(value or "").split())


def _translations(item, field_name, languages):
    """[(code, text)] of a translated field in each of `languages` where it is written."""
    found = []
    for code in languages:
        value = _text(getattr(item, f"{field_name}_{code}", None))
        if value and all(value != other for _c, other in found):
            found.append((code, value))
    return found


def _term_names(terms, languages):
    names = []
    for term in terms:
        for code, value in _translations(term, "name", languages):
            names.append(Term("subject", value, code))
    return names


@per_request
def publisher_name():
    from wagtail.models import Site

    from core.models import ProgrammeSettings

    request = current_request()
    # Within a page's request, the settings the footer reads (kept on the request by Wagtail).
    if request is not None and Site.find_for_request(request) is not None:
        programme = ProgrammeSettings.for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
        programme = ProgrammeSettings.for_site(site) if site is not None else None
    if programme is not None:
        name = programme.programme_name
        if name:
            return name
    return settings.WAGTAIL_SITE_NAME


class Describer:
    """Builds Dublin Core for records; `absolute(url)` turns a site path into a full address."""

    def __init__(self, absolute, request=None, catalogue=None):
        self.absolute = absolute
        self.request = request
        self.catalogue = catalogue
        self._public_documents = None
        self._publisher = None

    @property
    def publisher(self):
        if self._publisher is None:
            self._publisher = publisher_name()
        return self._publisher

    def preload(self, items):
        """Decides at once which files of these items are public (a page of records)."""
        documents = []
        for item in items:
            documents += files_of(item)
            documents.append(getattr(item, "source_document", None))
        ids = {document.pk for document in documents if document is not None}
        self._public_documents = (ids, visibility.public_document_ids(ids))

    def public_documents(self, documents):
        documents = [document for document in documents if document is not None]
        if not documents:
            return []
        ids = {document.pk for document in documents}
        if self._public_documents is not None and ids <= self._public_documents[0]:
            public = self._public_documents[1]
        else:
            public = visibility.public_document_ids(ids)
        return [document for document in documents if document.pk in public]

    def describe(self, record, item):
        if record.kind is VERSION_KIND:
            terms = self.version_terms(item, record.languages)
        elif record.kind is PROTOCOL_KIND:
            terms = self.work_terms(item, record.languages)
        else:
            terms = self.page_terms(record.kind, item, record.languages)
        return [term for term in terms if term.value]

    # Shared parts ----------------------------------------------------------------------

    def common(self, kind, languages):
        terms = [Term("type", kind.dcmi_type)]
        if kind.eu_repo_type:
            terms.append(Term("type", f"{EU_REPO}{kind.eu_repo_type}"))
        terms += [Term("language", iso_639_3(code)) for code in languages]
        terms.append(Term("publisher", self.publisher))
        terms.append(Term("rights", OPEN_ACCESS))
        if getattr(settings, "CONTENT_LICENSE_URL", ""):
            terms.append(Term("rights", settings.CONTENT_LICENSE_URL))
        return terms

    def page_urls(self, page, languages):
        return [
            Term("identifier", self.absolute(page.url_in(code, self.request))) for code in languages
        ]

    def file_terms(self, documents):
        terms = []
        for document in self.public_documents(documents):
            terms.append(Term("identifier", self.absolute(document.url)))
            terms.append(Term("format", mime_type(document)))
        return terms

    def classification(self, item, languages):
        terms = []
        for name in ("sectors", "topics", "audiences"):
            if hasattr(item, name):
                terms += _term_names(getattr(item, name).all(), languages)
        for region in item.regions.all() if hasattr(item, "regions") else []:
            terms += [
                Term("coverage", value, code)
                for code, value in _translations(region, "name", languages)
            ]
        return terms

    def institutions(self, item, element):
        return [
            Term(element, str(institution))
            for institution in (item.institutions.all() if hasattr(item, "institutions") else [])
        ]

    # Knowledge pages -------------------------------------------------------------------

    def page_terms(self, kind, page, languages):
        terms = [
            Term("title", value, code) for code, value in _translations(page, "title", languages)
        ]
        terms += self.creators(page)
        terms += self.classification(page, languages)
        terms += [
            Term("description", value, code)
            for code, value in _translations(page, kind.summary_field, languages)
        ]
        if kind.date_field and getattr(page, kind.date_field, None):
            terms.append(Term("date", getattr(page, kind.date_field).isoformat()))
        if getattr(page, "end_date", None):
            terms.append(
                Term(
                    "coverage",
                    f"{getattr(page, kind.date_field).isoformat()}/{page.end_date.isoformat()}",
                )
            )
        terms += self.common(kind, languages)
        terms += self.page_urls(page, languages)
        terms.append(Term("format", "text/html"))
        terms += self.file_terms(files_of(page))
        if getattr(page, "source_document", None) is not None:
            documents = self.public_documents([page.source_document])
            terms += [Term("source", self.absolute(document.url)) for document in documents]
        if getattr(page, "source", ""):
            terms += [
                Term("source", value, code)
                for code, value in _translations(page, "source", languages)
            ]
        terms += self.edition_relations(page)
        return terms

    def creators(self, page):
        authors = [_text(part) for part in str(getattr(page, "authors", "") or "").split(";")]
        authors = [author for author in authors if author]
        if authors:
            return [Term("creator", author) for author in authors] + self.institutions(
                page, "contributor"
            )
        if hasattr(page, "authors"):
            return self.institutions(page, "creator")
        return self.institutions(page, "contributor")

    def edition_relations(self, page):
        """Training editions: the permanent addresses of the material's earlier editions."""
        if not hasattr(page, "earlier_editions"):
            return []
        return [
            Term(
                "relation",
                self.absolute(page.version_url(edition, settings.LANGUAGE_CODE, self.request)),
            )
            for edition in page.earlier_editions()
        ]

    # Protocols and their versions ------------------------------------------------------

    def versions(self, work):
        if self.catalogue is not None:
            return self.catalogue.versions_of(work.pk)
        from protocols_library.models import ProtocolVersion

        return visibility.public_versions(
            ProtocolVersion.objects.filter(page=work).select_related("page")
        )

    def work_terms(self, work, languages):
        from protocols_library.models import Timeline

        versions = self.versions(work)
        timeline = Timeline(versions)
        terms = [
            Term("title", value, code) for code, value in _translations(work, "title", languages)
        ]
        terms += self.institutions(work, "contributor")
        terms += self.classification(work, languages)
        terms += [
            Term("description", value, code)
            for code, value in _translations(work, "description", languages)
        ]
        governing = timeline.governing
        if governing is not None and governing.effective_date:
            terms.append(Term("date", governing.effective_date.isoformat()))
        terms += self.common(PROTOCOL_KIND, languages)
        terms += [
            Term("identifier", self.absolute(work.route_url("current", code, self.request)))
            for code in languages
        ]
        terms.append(Term("format", "text/html"))
        in_force = timeline.in_force
        if in_force is not None:
            # The stable download addresses: they always lead to the version in force.
            for code in settings.LANGUAGES:
                code = code[0]
                document = in_force.pdf_in(code)
                if document is not None and self.public_documents([document]):
                    url = work.route_url("download", code, self.request, file_language=code)
                    terms.append(Term("identifier", self.absolute(url)))
                    terms.append(Term("format", mime_type(document)))
        terms += [
            Term(
                "relation",
                self.absolute(work.version_url(version, settings.LANGUAGE_CODE, self.request)),
            )
            for version in timeline.published
        ]
        return terms

    def version_terms(self, version, languages):
        from protocols_library.models import Timeline

        work = version.page
        timeline = Timeline(self.versions(work))
        status = timeline.status_of(version)
        terms = []
        for code, value in _translations(work, "title", languages):
            with translation.override(code):
                label = gettext("version %(label)s") % {"label": version.label}
            terms.append(Term("title", f"{value} ({label})", code))
        if version.approving_body:
            terms.append(Term("creator", str(version.approving_body)))
        terms += self.classification(work, languages)
        terms += [
            Term("description", value, code)
            for code, value in _translations(version, "change_summary", languages)
        ]
        for code in languages:
            with translation.override(code):
                terms.append(Term("description", f"{gettext('Status')}: {status.label}", code))
        if version.approval_date:
            terms.append(Term("date", version.approval_date.isoformat()))
        if version.effective_date:
            terms.append(Term("date", version.effective_date.isoformat()))
        if version.approving_instrument:
            terms.append(Term("identifier", version.approving_instrument))
        terms += self.common(VERSION_KIND, languages)
        terms += [
            Term("identifier", self.absolute(work.version_url(version, code, self.request)))
            for code in languages
        ]
        terms.append(Term("format", "text/html"))
        terms += self.file_terms(version.documents())
        # The work it is a version of, and the versions before and after it.
        terms.append(
            Term(
                "relation",
                self.absolute(work.route_url("current", settings.LANGUAGE_CODE, self.request)),
            )
        )
        for neighbour in (timeline.predecessor_of(version), timeline.successor_of(version)):
            if neighbour is not None:
                url = work.version_url(neighbour, settings.LANGUAGE_CODE, self.request)
                terms.append(Term("relation", self.absolute(url)))
        if version.approving_instrument_url:
            terms.append(Term("relation", version.approving_instrument_url))
        return terms
