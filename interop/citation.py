"""How to cite a publication, lesson, training material or protocol version.

`citation_for(item, request)` describes the item once (`Citation`); the reference shown on the
page, the RIS, BibTeX and CSL-JSON downloads and the Highwire `citation_*` meta tags are all
written from that one description, in the reader's language.
"""

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext

from core import visibility

from .dublin_core import publisher_name

# Page types that can be cited, and how each kind of reference names them.
KINDS = {
    "PublicationPage": {"csl": "report", "ris": "RPRT", "bibtex": "techreport"},
    "LessonPage": {"csl": "article", "ris": "GEN", "bibtex": "misc"},
    "TrainingMaterialPage": {"csl": "book", "ris": "BOOK", "bibtex": "book"},
}
VERSION_KIND = {"csl": "legislation", "ris": "GOVDOC", "bibtex": "misc"}
FORMATS = {
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "bib": ("application/x-bibtex; charset=utf-8", "bib"),
    "json": ("application/vnd.citationstyles.csl+json; charset=utf-8", "json"),
}


@dataclass
class Citation:
    """What a reference says about an item, in one language."""

    kind: dict
    title: str
    authors: list
    date: object
    publisher: str
    url: str
    language: str
    key: str
    summary: str = ""
    edition: str = ""
    number: str = ""
    authority: str = ""
    pdf_url: str = ""
    accessed: object = None
    keywords: list = field(default_factory=list)

    @property
    def year(self):
        return str(self.date.year) if self.date else ""


def is_citable(page):
    return type(page).__name__ in KINDS


def _names(text):
    return [part.strip() for part in str(text or "").split(";") if part.strip()]


def _public_pdf(documents, language):
    documents = [d for d in documents if d is not None and d.file_extension.lower() == "pdf"]
    if not documents:
        return None
    public = visibility.public_document_ids([d.pk for d in documents])
    documents = [d for d in documents if d.pk in public]
    preferred = [d for d in documents if d.language == language]
    return (preferred or documents or [None])[0]


def citation_for_page(page, request):
    language = translation.get_language()
    kind = KINDS[type(page).__name__]
    authors = _names(getattr(page, "authors", ""))
    if not authors:
        authors = [str(institution) for institution in page.institutions.all()]
    date = getattr(page, page.search_date_field)
    documents = page.documents() if hasattr(page, "documents") else []
    if getattr(page, "source_document", None) is not None:
        documents = [*documents, page.source_document]
    pdf = _public_pdf(documents, language)
    summary = getattr(page, "intro", "") or ""
    keywords = [str(term) for name in ("topics", "sectors") for term in getattr(page, name).all()]
    return Citation(
        kind=kind,
        title=page.title,
        authors=authors,
        date=date,
        publisher=publisher_name(),
        url=request.build_absolute_uri(page.url_in(language, request)),
        language=language if page.is_available_in(language) else settings.LANGUAGE_CODE,
        key=f"{slugify(page.slug)[:40] or 'quipu'}-{date.year if date else 'nd'}",
        summary=" ".join(str(summary).split()),
        edition=getattr(page, "edition", "") or "",
        pdf_url=request.build_absolute_uri(pdf.url) if pdf else "",
        keywords=keywords,
    )


def citation_for_version(version, request):
    language = translation.get_language()
    work = version.page
    label = gettext("version %(label)s") % {"label": version.label}
    date = version.approval_date or version.effective_date
    pdf = _public_pdf(version.documents(), language)
    authority = str(version.approving_body) if version.approving_body else ""
    text_language = language if version.has_text_in(language) else settings.LANGUAGE_CODE
    return Citation(
        kind=VERSION_KIND,
        title=f"{work.title} ({label})",
        authors=[authority] if authority else [],
        date=date,
        publisher=publisher_name(),
        url=request.build_absolute_uri(work.version_url(version, language, request)),
        language=text_language,
        key=f"{slugify(work.slug)[:30] or 'quipu'}-{slugify(version.label)[:20]}",
        summary=" ".join(str(version.change_summary or "").split()),
        number=version.approving_instrument,
        authority=authority,
        pdf_url=request.build_absolute_uri(pdf.url) if pdf else "",
    )


# The reference shown on the page ---------------------------------------------------------


def formatted_reference(citation):
    """An author-date reference in the reader's language (APA-like)."""
    parts = []
    who = "; ".join(citation.authors) or citation.publisher
    year = citation.year or gettext("n.d.")
    parts.append(f"{who} ({year}).")
    title = citation.title
    details = [d for d in (citation.edition, citation.number) if d]
    if details:
        title = f"{title} ({'; '.join(details)})"
    parts.append(f"{title}.")
    if citation.publisher and citation.publisher != who:
        parts.append(f"{citation.publisher}.")
    parts.append(citation.url)
    return " ".join(parts)


# Downloads -----------------------------------------------------------------------------------


def to_csl(citation):
    item = {
        "id": citation.key,
        "type": citation.kind["csl"],
        "title": citation.title,
        "URL": citation.url,
        "language": citation.language,
        "publisher": citation.publisher,
    }
    if citation.authors:
        item["author"] = [{"literal": name} for name in citation.authors]
    if citation.date:
        item["issued"] = {
            "date-parts": [[citation.date.year, citation.date.month, citation.date.day]]
        }
    if citation.summary:
        item["abstract"] = citation.summary
    if citation.edition:
        item["edition"] = citation.edition
    if citation.number:
        item["number"] = citation.number
    if citation.authority:
        item["authority"] = citation.authority
    if citation.keywords:
        item["keyword"] = ", ".join(citation.keywords)
    return item


def render_csl(citation):
    return json.dumps([to_csl(citation)], ensure_ascii=False, indent=2)


def _ris_line(tag, value):
    value = " ".join(str(value).split())
    return f"{tag}  - {value}" if value else None


def render_ris(citation):
    lines = [_ris_line("TY", citation.kind["ris"]), _ris_line("TI", citation.title)]
    lines += [_ris_line("AU", name) for name in citation.authors]
    if citation.date:
        lines.append(_ris_line("PY", citation.year))
        lines.append(_ris_line("DA", citation.date.strftime("%Y/%m/%d")))
    lines += [
        _ris_line("PB", citation.publisher),
        _ris_line("ET", citation.edition),
        _ris_line("M1", citation.number),
        _ris_line("AB", citation.summary),
        _ris_line("UR", citation.url),
        _ris_line("L1", citation.pdf_url),
        _ris_line("LA", citation.language),
    ]
    lines += [_ris_line("KW", keyword) for keyword in citation.keywords]
    lines.append("ER  - ")
    return "\r\n".join(line for line in lines if line) + "\r\n"


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bibtex_value(value):
    value = " ".join(str(value).split()).replace("\\", r"\textbackslash{}")
    value = _BIBTEX_SPECIAL.sub(r"\\\1", value)
    return value.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")


def render_bibtex(citation):
    kind = citation.kind["bibtex"]
    fields = [("title", f"{{{_bibtex_value(citation.title)}}}")]
    if citation.authors:
        # Institutions and credited teams are kept whole with braces, never split as names.
        authors = " and ".join(f"{{{_bibtex_value(name)}}}" for name in citation.authors)
        fields.append(("author", authors))
    if citation.date:
        fields += [("year", citation.year), ("month", str(citation.date.month))]
    if kind == "techreport":
        fields.append(("institution", _bibtex_value(citation.publisher)))
    else:
        fields.append(("publisher", _bibtex_value(citation.publisher)))
    for name, value in (
        ("edition", citation.edition),
        ("number", citation.number),
        ("abstract", citation.summary),
        ("language", citation.language),
        ("keywords", ", ".join(citation.keywords)),
    ):
        if value:
            fields.append((name, _bibtex_value(value)))
    fields.append(("url", citation.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{citation.key},\n{body}\n}}\n"


RENDERERS = {"ris": render_ris, "bib": render_bibtex, "json": render_csl}


# Highwire Press / Google Scholar meta tags ----------------------------------------------------


def highwire_tags(citation):
    """[(name, content)] of the citation_* meta tags Google Scholar and Zotero read."""
    tags = [("citation_title", citation.title)]
    tags += [("citation_author", name) for name in citation.authors]
    if citation.date:
        tags.append(("citation_publication_date", citation.date.strftime("%Y/%m/%d")))
    if citation.kind["csl"] == "report":
        tags.append(("citation_technical_report_institution", citation.publisher))
    else:
        tags.append(("citation_publisher", citation.publisher))
    if citation.number:
        tags.append(("citation_technical_report_number", citation.number))
    tags.append(("citation_language", citation.language))
    tags.append(("citation_abstract_html_url", citation.url))
    if citation.pdf_url:
        tags.append(("citation_pdf_url", citation.pdf_url))
    tags += [("citation_keywords", keyword) for keyword in citation.keywords]
    return [(name, " ".join(str(value).split())) for name, value in tags if value]
