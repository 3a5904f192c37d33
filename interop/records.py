"""The items Quipu offers to harvesters, each described once in Dublin Core.

A record is one public item: a publication, lesson learned, training material, event or pilot
page; a protocol or instrument (its work page); or one public version of a protocol or
instrument. What is public is decided by `core.visibility`, as for every other channel.

A record's datestamp is the moment its description last changed: when its page was last
published, or, for a page with dated versions (protocols and their version records, training
materials and their editions), when one of its public versions was last published or the day a
version entered into force, was repealed or expired, if that came later (a status changes with
no one publishing anything). A draft version changes nothing. Datestamps are in UTC and to the
second, the granularity announced to harvesters.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import visibility

# ISO 639-1 (the site's language codes) to ISO 639-3, which repositories' guidelines ask for.
ISO_639_3 = {
    "es": "spa",
    "en": "eng",
    "pt": "por",
    "fr": "fra",
    "qu": "que",
    "ay": "aym",
}
EU_REPO = "info:eu-repo/semantics/"
OPEN_ACCESS = f"{EU_REPO}openAccess"


def iso_639_3(code):
    return ISO_639_3.get(code, code)


def site_language_codes():
    return [code for code, _name in settings.LANGUAGES]


def utc_second(moment):
    """`moment` in UTC without its fraction of a second (the announced granularity)."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0)


def day_start(day):
    """The first moment of `day` in the site's time zone, when a date-driven change happens."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Kind:
    """A kind of record: which model it is, its set, and its resource types."""

    slug: str
    label: str
    app_label: str
    model_name: str
    summary_field: str
    date_field: str | None
    dcmi_type: str
    eu_repo_type: str | None = None

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.app_label, self.model_name)

    @property
    def set_spec(self):
        return f"type:{self.slug}"


PAGE_KINDS = (
    Kind(
        "publication",
        _("Publications"),
        "knowledge",
        "PublicationPage",
        "intro",
        "publication_date",
        "Text",
        "report",
    ),
    Kind(
        "lesson",
        _("Lessons learned"),
        "knowledge",
        "LessonPage",
        "statement",
        "date",
        "Text",
        "other",
    ),
    Kind(
        "training",
        _("Training materials"),
        "knowledge",
        "TrainingMaterialPage",
        "intro",
        "edition_date",
        "InteractiveResource",
        "lecture",
    ),
    Kind("event", _("Events"), "knowledge", "EventPage", "intro", "start_date", "Event"),
    Kind("pilot", _("Pilots"), "knowledge", "PilotPage", "intro", "start_date", "Collection"),
    Kind(
        "protocol",
        _("Protocols and instruments"),
        "protocols_library",
        "ProtocolWorkPage",
        "description",
        None,
        "Text",
        "other",
    ),
)
VERSION_KIND = Kind(
    "version",
    _("Versions of protocols and instruments"),
    "protocols_library",
    "ProtocolVersion",
    "change_summary",
    "effective_date",
    "Text",
    "other",
)
KINDS = (*PAGE_KINDS, VERSION_KIND)
KINDS_BY_SLUG = {kind.slug: kind for kind in KINDS}
PROTOCOL_KIND = KINDS_BY_SLUG["protocol"]


# Relations Dublin Core reads from a page, prefetched for a page of records.
DESCRIBED_RELATIONS = (
    "sectors",
    "topics",
    "regions",
    "institutions",
    "audiences",
)
WORK_RELATIONS = ("sectors", "topics", "regions", "institutions")


def language_set_spec(code):
    return f"language:{iso_639_3(code)}"


def all_sets():
    """[(setSpec, name)] of every set, parents before their children."""
    sets = [("type", _("By type of content"))]
    sets += [(kind.set_spec, kind.label) for kind in KINDS]
    sets.append(("language", _("By language")))
    sets += [(language_set_spec(code), name) for code, name in settings.LANGUAGES]
    return sets


def set_specs():
    return {spec for spec, _name in all_sets()}


def in_set(record_sets, spec):
    """True when a record with these (leaf) sets belongs to `spec` or one of its subsets."""
    return any(own == spec or own.startswith(f"{spec}:") for own in record_sets)


@dataclass
class Record:
    """One item as a harvester sees it: its key ("page/12", "version/7"), datestamp and sets."""

    key: str
    kind: Kind
    datestamp: datetime.datetime
    languages: tuple
    item_id: int
    deleted: bool = False
    deleted_sets: tuple = field(default=())

    @property
    def sets(self):
        if self.deleted:
            return list(self.deleted_sets)
        return [self.kind.set_spec, *(language_set_spec(code) for code in self.languages)]

    @property
    def sort_key(self):
        return (self.datestamp, self.key)


def page_key(page_id):
    return f"page/{page_id}"


def version_key(version_id):
    return f"version/{version_id}"


def parse_key(key):
    """("page", 12) or ("version", 7), or None for anything else."""
    prefix, _slash, number = key.partition("/")
    if prefix not in {"page", "version"} or not number.isdigit() or number.startswith("0"):
        return None
    return prefix, int(number)


# Dates that change a protocol's description without anyone publishing -----------------


def status_change_days(versions):
    """Days on which one of these published versions entered into force, was repealed or ended."""
    days = set()
    for version in versions:
        if not version.is_published or version.effective_date is None:
            continue
        days.add(version.effective_date)
        if getattr(version, "repeal_date", None):
            days.add(version.repeal_date)
        if getattr(version, "end_date", None):
            days.add(version.end_date + datetime.timedelta(days=1))
    return days


def last_status_change(versions, today):
    """The first moment of the latest such day up to `today`, or None."""
    past = [day for day in status_change_days(versions) if day <= today]
    return day_start(max(past)) if past else None


def last_version_publication(versions):
    """When the latest of these published versions was published on its own screen, or None."""
    moments = [
        version.last_published_at or version.first_published_at
        for version in versions
        if version.is_published
    ]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def versions_changed_at(versions, today):
    """The last moment these versions changed what their page's record says, or None."""
    moments = [last_version_publication(versions), last_status_change(versions, today)]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def published_at(row):
    """When a page (a `values()` row) was last published; pages made live in code may lack it."""
    return (
        row["last_published_at"] or row["first_published_at"] or row["latest_revision_created_at"]
    )


def page_datestamp(page_published_at, extra=None):
    moments = [moment for moment in (page_published_at, extra) if moment is not None]
    return utc_second(max(moments)) if moments else None


# The catalogue --------------------------------------------------------------------------


class Catalogue:
    """Every record the public may see now, computed with a fixed number of queries.

    Built once per request; `records()` answers headers, `item(record)` the object that
    describes it (loaded for the records of one response only).
    """

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    @cached_property
    def restricted(self):
        return visibility.restricted_paths()

    def _page_languages(self, row):
        codes = site_language_codes()
        return tuple(
            code
            for code in codes
            if code == settings.LANGUAGE_CODE or (row.get(f"title_{code}") or "").strip()
        )

    @cached_property
    def _pages(self):
        """{kind slug: [value rows]} of the public pages of each page kind."""
        titles = [f"title_{code}" for code in site_language_codes()]
        rows = {}
        for kind in PAGE_KINDS:
            pages = visibility.public_pages(kind.model.objects.all())
            rows[kind.slug] = list(
                pages.values(
                    "pk",
                    "last_published_at",
                    "first_published_at",
                    "latest_revision_created_at",
                    *titles,
                )
            )
        return rows

    @cached_property
    def _versions(self):
        """Public versions of public works (drafts and private works left out), by work id."""
        from protocols_library.models import ProtocolVersion

        work_ids = [row["pk"] for row in self._pages[PROTOCOL_KIND.slug]]
        versions = (
            ProtocolVersion.objects.filter(page_id__in=work_ids)
            .select_related("page", "approving_body")
            .with_files()
            .prefetch_related(*(f"page__{name}" for name in WORK_RELATIONS))
        )
        by_work = {}
        for version in visibility.public_versions(versions, self.restricted):
            by_work.setdefault(version.page_id, []).append(version)
        return by_work

    @cached_property
    def _page_versions(self):
        """{kind slug: {page id: [public versions]}} of every page kind with dated versions.

        Protocols' are the versions their records describe; the others' (training editions)
        are read with only what decides their page's datestamp, in one query per kind.
        """
        found = {PROTOCOL_KIND.slug: self._versions}
        for kind in PAGE_KINDS:
            if kind is PROTOCOL_KIND or not hasattr(kind.model, "versions"):
                continue
            model = kind.model.versions.rel.related_model
            page_ids = [row["pk"] for row in self._pages[kind.slug]]
            # Published versions of public pages: public (core.visibility.is_public_version).
            versions = (
                model.objects.filter(page_id__in=page_ids)
                .published()
                .only(
                    "page_id", "live", "effective_date", "first_published_at", "last_published_at"
                )
            )
            by_page = {}
            for version in versions:
                by_page.setdefault(version.page_id, []).append(version)
            found[kind.slug] = by_page
        return found

    def _version_languages(self, version):
        return tuple(
            code
            for code in site_language_codes()
            if version.has_text_in(code) or version.pdf_in(code) or version.docx_in(code)
        ) or (settings.LANGUAGE_CODE,)

    @cached_property
    def live(self):
        """{key: Record} of everything public now, with a datestamp."""
        records = {}
        for kind in PAGE_KINDS:
            versions = self._page_versions.get(kind.slug, {})
            for row in self._pages[kind.slug]:
                extra = versions_changed_at(versions.get(row["pk"], []), self.today)
                # A live page with no publishing date at all is still listed, dated now.
                datestamp = page_datestamp(published_at(row), extra) or utc_second(self.now)
                key = page_key(row["pk"])
                records[key] = Record(key, kind, datestamp, self._page_languages(row), row["pk"])
        published = {row["pk"]: row for row in self._pages[PROTOCOL_KIND.slug]}
        for work_id, versions in self._versions.items():
            work = published.get(work_id)
            if work is None:
                continue
            datestamp = page_datestamp(
                published_at(work), versions_changed_at(versions, self.today)
            ) or utc_second(self.now)
            for version in versions:
                key = version_key(version.pk)
                records[key] = Record(
                    key, VERSION_KIND, datestamp, self._version_languages(version), version.pk
                )
        return records

    @cached_property
    def withdrawn(self):
        """{key: Record} of records once public and no longer, with when they left."""
        from .models import KnownRecord

        records = {}
        for known in KnownRecord.objects.all():
            if known.key in self.live:
                continue
            parsed = parse_key(known.key)
            if parsed is None:
                continue
            kind = next(
                (KINDS_BY_SLUG[spec[5:]] for spec in known.sets if spec[5:] in KINDS_BY_SLUG),
                None,
            )
            if kind is None:
                kind = VERSION_KIND if parsed[0] == "version" else PAGE_KINDS[0]
            # Not yet marked (an expiry date passed before the scheduler ran): since the last check.
            moment = known.withdrawn_at or known.checked_at
            records[known.key] = Record(
                known.key,
                kind,
                utc_second(moment),
                (),
                parsed[1],
                deleted=True,
                deleted_sets=tuple(known.sets),
            )
        return records

    def records(self):
        """Every record, live and deleted, in datestamp order (then by key)."""
        return sorted([*self.live.values(), *self.withdrawn.values()], key=lambda r: r.sort_key)

    def find(self, key):
        return self.live.get(key) or self.withdrawn.get(key)

    def earliest_datestamp(self):
        from .models import KnownRecord

        moments = [record.datestamp for record in self.records()]
        first_known = KnownRecord.objects.order_by("first_seen_at").first()
        if first_known is not None:
            moments.append(utc_second(first_known.first_seen_at))
        return min(moments) if moments else utc_second(self.now)

    # The objects behind records ------------------------------------------------------

    def items(self, records):
        """{key: page or version} for these live records, with what Dublin Core reads prefetched."""
        by_kind = {}
        for record in records:
            if not record.deleted and record.kind is not VERSION_KIND:
                by_kind.setdefault(record.kind, []).append(record.item_id)
        found = {}
        for kind, ids in by_kind.items():
            model = kind.model
            related = [name for name in DESCRIBED_RELATIONS if hasattr(model, name)]
            pages = model.objects.filter(pk__in=ids).prefetch_related(*related)
            if hasattr(model, "files"):
                attached = model.files.rel.related_model.objects.select_related("document")
                pages = pages.prefetch_related(Prefetch("files", queryset=attached))
            if hasattr(model, "source_document"):
                pages = pages.select_related("source_document")
            found.update({page_key(page.pk): page for page in pages})
        for versions in self._versions.values():
            for version in versions:
                found[version_key(version.pk)] = version
        return {r.key: found[r.key] for r in records if r.key in found}

    def public_versions(self):
        """{work id: [public versions]} of every public work."""
        return self._versions

    def versions_of(self, work_id):
        return self._versions.get(work_id, [])
