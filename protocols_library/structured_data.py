"""schema.org `Legislation` descriptions of works and versions, for search engines."""

from django.conf import settings

from knowledge.visibility import documents_shown_to

from .models.versions import VersionStatus

SCHEMA = "https://schema.org"
IN_FORCE = f"{SCHEMA}/InForce"
NOT_IN_FORCE = f"{SCHEMA}/NotInForce"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def _text_language(version, language):
    return language if version.has_text_in(language) else settings.LANGUAGE_CODE


def version_legislation(work, version, timeline, request, language):
    """One version as a `Legislation`, without @context (it is also nested in the work)."""
    status = timeline.status_of(version)
    data = {
        "@type": "Legislation",
        "name": f"{work.title} ({version.label})",
        "version": version.label,
        "url": _absolute(request, work.version_url(version, language, request)),
        "inLanguage": _text_language(version, language),
        "legislationLegalForce": IN_FORCE if status == VersionStatus.IN_FORCE else NOT_IN_FORCE,
    }
    if version.approving_instrument:
        data["legislationIdentifier"] = version.approving_instrument
    if version.approving_instrument_type:
        data["legislationType"] = str(version.get_approving_instrument_type_display())
    if version.approval_date:
        data["legislationDate"] = version.approval_date.isoformat()
    if version.effective_date:
        data["legislationDateVersion"] = version.effective_date.isoformat()
    if version.approving_body:
        data["legislationPassedBy"] = {
            "@type": "GovernmentOrganization",
            "name": str(version.approving_body),
        }
    if version.approving_instrument_url:
        data["sameAs"] = version.approving_instrument_url
    encodings = []
    # Search engines are the public: a file in a private collection is never described.
    for document in documents_shown_to(version.files(), None):
        encodings.append(
            {
                "@type": "MediaObject",
                "contentUrl": _absolute(request, document.url),
                "encodingFormat": CONTENT_TYPES.get(document.file_extension.lower(), ""),
                "inLanguage": document.language,
            }
        )
    if encodings:
        data["encoding"] = encodings
    return data


def work_legislation(work, timeline, request, language):
    """The work, described by its version in force, listing every published version."""
    data = {
        "@context": SCHEMA,
        "@type": "Legislation",
        "name": work.title,
        "url": _absolute(request, work.route_url("current", language, request)),
        "inLanguage": language if work.is_available_in(language) else settings.LANGUAGE_CODE,
        "legislationLegalForce": IN_FORCE if timeline.in_force else NOT_IN_FORCE,
        "legislationJurisdiction": "PE",
    }
    if work.description:
        data["description"] = work.description
    in_force = timeline.in_force
    if in_force is not None:
        described = version_legislation(work, in_force, timeline, request, language)
        for key in (
            "legislationIdentifier",
            "legislationDate",
            "legislationDateVersion",
            "legislationPassedBy",
            "legislationType",
            "version",
        ):
            if key in described:
                data[key] = described[key]
    data["workExample"] = [
        version_legislation(work, version, timeline, request, language)
        for version in timeline.published
    ]
    return data


def version_page_legislation(work, version, timeline, request, language):
    """A version's own page: the version, and the work it belongs to."""
    data = {"@context": SCHEMA, **version_legislation(work, version, timeline, request, language)}
    data["exampleOfWork"] = {
        "@type": "Legislation",
        "name": work.title,
        "url": _absolute(request, work.route_url("current", language, request)),
    }
    return data
