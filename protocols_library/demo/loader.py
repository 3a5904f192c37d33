"""Builds the protocols library's demo from protocols_library/demo/data/protocols.yaml: the
library page, three works, their versions and files.

Every step looks for what it would create and leaves existing objects untouched, so running it
again changes nothing. Dates are computed from the day of loading (see the data file).
"""

import datetime
import uuid
from pathlib import Path
from xml.sax.saxutils import escape as pdf_escape

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from core.demo import generate
from core.demo.loader import ensure_collection
from core.demo.reader import day, read
from core.models import HomePage, Institution, QuipuDocument, Region, Sector, Topic

from ..models import (
    ProtocolLibraryPage,
    ProtocolVersion,
    ProtocolVersionFile,
    ProtocolWorkPage,
    cite_instrument,
)

APP_PATH = Path(__file__).resolve().parent.parent


def data():
    """The protocols library's demo data."""
    return read(APP_PATH, "protocols")


# Section ids derive from the work and the section's key: the same section keeps its id in
# every version, which is how the comparison pairs it across versions.
SECTION_NAMESPACE = uuid.UUID("6f1c1d2e-3b0a-4c1e-9a57-0c2f5e7d9b11")


def load(report):
    """Creates whatever part of the protocols demo is missing; `report(label, created)`."""
    with transaction.atomic():
        library, created = ensure_library()
        report("protocols library page", created)
        collection = ensure_collection()
        today = timezone.localdate()
        totals = {"works": 0, "versions": 0, "files": 0}
        for spec in data()["works"]:
            for key, count in ensure_work(library, spec, collection, today).items():
                totals[key] += count
        report("protocols and instruments", totals["works"])
        report("protocol versions", totals["versions"])
        report("protocol files", totals["files"])


def ensure_library():
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("The home page must exist: load the knowledge demo first.")
    existing = ProtocolLibraryPage.objects.child_of(home).first()
    if existing:
        return existing, 0
    spec = data()["library"]
    library = ProtocolLibraryPage(show_in_menus=True, **spec)
    home.add_child(instance=library)
    library.save_revision().publish()
    return library, 1


def ensure_work(library, spec, collection, today):
    counts = {"works": 0, "versions": 0, "files": 0}
    work = ProtocolWorkPage.objects.child_of(library).filter(slug_es=spec["slug_es"]).first()
    if work is None:
        work = ProtocolWorkPage(
            title_es=spec["title_es"],
            title_en=spec["title_en"],
            slug_es=spec["slug_es"],
            slug_en=spec["slug_en"],
            kind=spec["kind"],
            description_es=spec["description_es"],
            description_en=spec["description_en"],
            search_description_es=spec["description_es"],
            search_description_en=spec["description_en"],
        )
        work.sectors.set(Sector.objects.filter(slug__in=spec["sectors"]))
        work.institutions.set(Institution.objects.filter(slug__in=spec["institutions"]))
        work.regions.set(Region.objects.filter(slug__in=spec["regions"]))
        work.topics.set(Topic.objects.filter(slug__in=spec["topics"]))
        library.add_child(instance=work)
        counts["works"] += 1

    existing = set(work.versions.values_list("slug", flat=True))
    for version_spec in spec["versions"]:
        if version_spec["label"].lower() in existing:
            continue
        version, files = build_version(work, spec, version_spec, collection, today)
        version.full_clean()
        version.save()
        counts["versions"] += 1
        counts["files"] += files
    if counts["works"] or counts["versions"]:
        # The published revision must hold the versions, or the next edit would drop them.
        work = ProtocolWorkPage.objects.get(pk=work.pk)
        work.save_revision().publish()
    return counts


def build_version(work, spec, version_spec, collection, today):
    approval_date = day(version_spec["approved"], today)
    effective_date = approval_date + datetime.timedelta(days=version_spec["in_force_after_days"])
    number = version_spec["number"].format(year=approval_date.year)
    version = ProtocolVersion(
        page=work,
        label=version_spec["label"],
        is_published=True,
        approving_instrument_type=version_spec["instrument_type"],
        approving_instrument_number=number,
        approval_date=approval_date,
        approving_body=Institution.objects.get(slug=version_spec["body"]),
        is_demo_reference=True,
        effective_date=effective_date,
        review_by=day(version_spec["review_by"], today),
        change_summary_es=version_spec["summary_es"],
        change_summary_en=version_spec["summary_en"],
        sections_es=stream(spec, version_spec, "es"),
        sections_en=stream(spec, version_spec, "en"),
    )
    instrument = cite_instrument(version.approving_instrument_type, number)
    files = 0
    documents = []
    kinds = ["pdf", "docx"] if version_spec.get("docx") else ["pdf"]
    for language in ("es", "en"):
        for kind in kinds:
            document, created = ensure_document(
                work_spec=spec,
                version_spec=version_spec,
                language=language,
                kind=kind,
                instrument=instrument,
                effective_date=effective_date,
                collection=collection,
            )
            documents.append(document)
            files += created
    version.files = [ProtocolVersionFile(document=document) for document in documents]
    return version, files


def sections_of(work_spec, version_spec, language):
    """(key, heading, text) of each section of a version, in `language`."""
    for name in version_spec["sections"]:
        section = work_spec["sections"][name]
        yield section["key"], section[f"heading_{language}"], section[f"text_{language}"]


def stream(work_spec, version_spec, language):
    blocks = []
    for key, heading, text in sections_of(work_spec, version_spec, language):
        blocks.append(
            {
                "type": "section",
                "id": str(uuid.uuid5(SECTION_NAMESPACE, f"{work_spec['slug_es']}/{key}")),
                "value": {"heading": heading, "body": f"<p>{escape(text)}</p>"},
            }
        )
    return blocks


def ensure_document(
    work_spec, version_spec, language, kind, instrument, effective_date, collection
):
    label = version_spec["label"]
    suffix = " (Word)" if kind == "docx" else ""
    title_es = f"{work_spec['title_es']} — versión {label}{suffix}"
    title_en = f"{work_spec['title_en']} — version {label}{suffix}"
    # By title, not file name: storage may have added a suffix to a name already on disk.
    document = QuipuDocument.objects.filter(title_es=title_es, language=language).first()
    if document is not None:
        return document, 0
    with translation.override(language):
        date = date_format(effective_date, "DATE_FORMAT")
    title = title_es if language == "es" else title_en
    title = title.removesuffix(suffix)
    note = data()[f"demo_note_{language}"].format(instrument=instrument, date=date)
    paragraphs = []
    for _key, heading, text in sections_of(work_spec, version_spec, language):
        if kind == "pdf":
            paragraphs.append(f"<b>{pdf_escape(heading)}</b><br/>{pdf_escape(text)}")
        else:
            paragraphs.append(f"{heading}. {text}")
    build = generate.build_pdf if kind == "pdf" else generate.build_docx
    stem = work_spec["slug_es"] if language == "es" else work_spec["slug_en"]
    document = QuipuDocument(
        title_es=title_es, title_en=title_en, language=language, collection=collection
    )
    document.file.save(
        f"{stem}-{label.lower()}-{language}.{kind}",
        ContentFile(build(title, paragraphs, note)),
        save=False,
    )
    document.save()
    return document, 1
