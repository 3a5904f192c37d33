"""schema.org `Legislation` descriptions of works and versions, for search engines."""

import datetime

from django.conf import settings

from core.versioning.timeline import VersionStatus
from core.visibility import documents_shown_to

from .models.versions import InstrumentType

SCHEMA = "https://schema.org"
IN_FORCE = f"{SCHEMA}/InForce"
NOT_IN_FORCE = f"{SCHEMA}/NotInForce"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


# Instruments a regional government issues: they apply in its region, not in all of Peru.
REGIONAL_INSTRUMENTS = {
    InstrumentType.REGIONAL_ORDINANCE,
    InstrumentType.REGIONAL_EXECUTIVE_RESOLUTION,
    InstrumentType.REGIONAL_DECREE,
}
# Machine-readable words for each status; schema.org's legal force only knows in force or not,
# so creativeWorkStatus tells a superseded version from one not yet in force.
STATUS_WORDS = {
    VersionStatus.NOT_YET_IN_FORCE: "NotYetInForce",
    VersionStatus.IN_FORCE: "InForce",
    VersionStatus.SUPERSEDED: "Superseded",
    VersionStatus.REPEALED: "Repealed",
    VersionStatus.EXPIRED: "Expired",
    VersionStatus.DRAFT: "Draft",
}


def jurisdiction(work, version):
    """Peru, or for a regional instrument the work's regions (as administrative areas)."""
    if version is None or version.approving_instrument_type not in REGIONAL_INSTRUMENTS:
        return "PE"
    regions = list(work.regions.all())
    if not regions:
        return "PE"
    areas = [
        {
            "@type": "AdministrativeArea",
            "name": str(region),
            "identifier": f"UBIGEO {region.ubigeo}",
            "containedInPlace": {"@type": "Country", "name": "PE"},
        }
        for region in regions
    ]
    return areas[0] if len(areas) == 1 else areas


def last_day_in_force(version, timeline):
    """The last day a version that is no longer in force applied, or None."""
    days = []
    successor = timeline.successor_of(version)
    if successor is not None and successor.effective_date:
        days.append(successor.effective_date - datetime.timedelta(days=1))
    if version.declared_last_day:
        days.append(version.declared_last_day)
    return min(days) if days else None


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
        "creativeWorkStatus": STATUS_WORDS[status],
        "legislationJurisdiction": jurisdiction(work, version),
    }
    if version.effective_date:
        last_day = None
        if status in {VersionStatus.SUPERSEDED, VersionStatus.REPEALED, VersionStatus.EXPIRED}:
            last_day = last_day_in_force(version, timeline)
        if last_day is not None:
            data["expires"] = last_day.isoformat()
        end = last_day.isoformat() if last_day else ".."
        data["temporalCoverage"] = f"{version.effective_date.isoformat()}/{end}"
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
    for document in documents_shown_to(version.documents(), None):
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
        "legislationJurisdiction": jurisdiction(work, timeline.governing),
    }
    if timeline.governing is not None:
        data["creativeWorkStatus"] = STATUS_WORDS[timeline.status_of(timeline.governing)]
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
