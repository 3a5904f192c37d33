"""Atom feeds, one per language: what is new on the site, per section, and per protocol.

Entries are read from the same catalogue as OAI-PMH (interop/records.py), so a feed shows
exactly what the public may see. A language's feed lists the items that exist in that
language. A protocol's feed tells of each public version twice: when it was approved (made
public) and when it entered into force, each with the version's change summary.
"""

import hashlib
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .dublin_core import publisher_name
from .records import PAGE_KINDS, Catalogue, day_start, version_key

ENTRIES = 30

# The address word of each section's feed, and the kind of record it lists.
SECTIONS = {
    "lessons": ("lesson", _("Lessons learned")),
    "events": ("event", _("Events")),
    "training": ("training", _("Training materials")),
    "publications": ("publication", _("Publications")),
    "pilots": ("pilot", _("Pilots")),
    "protocols": ("protocol", _("Protocols and instruments")),
}
SECTION_OF_KIND = {kind: section for section, (kind, _label) in SECTIONS.items()}


@dataclass
class Entry:
    title: str
    link: str
    unique_id: str
    updated: object
    description: str = ""
    published: object = None
    categories: list = field(default_factory=list)


def _summary(item, field_name):
    return " ".join(str(getattr(item, field_name, "") or "").split())


def _categories(page):
    names = []
    for name in ("sectors", "topics"):
        if hasattr(page, name):
            names += [str(term) for term in getattr(page, name).all()]
    return names


class FeedBuilder:
    """Builds the entries of one feed in the active language."""

    def __init__(self, request, catalogue=None):
        self.request = request
        self.catalogue = catalogue or Catalogue()
        self.language = translation.get_language()

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    def page_entries(self, kinds):
        records = [
            record
            for record in self.catalogue.live.values()
            if record.kind in kinds and self.language in record.languages
        ]
        records.sort(key=lambda record: record.sort_key, reverse=True)
        records = records[:ENTRIES]
        items = self.catalogue.items(records)
        entries = []
        for record in records:
            page = items.get(record.key)
            if page is None:
                continue
            url = self.absolute(page.url_in(self.language, self.request))
            entries.append(
                Entry(
                    title=page.title,
                    link=url,
                    unique_id=url,
                    updated=record.datestamp,
                    published=page.first_published_at,
                    description=_summary(page, record.kind.summary_field),
                    categories=_categories(page),
                )
            )
        return entries

    def work_entries(self, work):
        """A protocol's versions: approved, and in force, newest first."""
        from .models import KnownRecord

        versions = self.catalogue.versions_of(work.pk)
        first_public = dict(
            KnownRecord.objects.filter(
                key__in=[version_key(version.pk) for version in versions]
            ).values_list("key", "first_seen_at")
        )
        entries = []
        for version in versions:
            url = self.absolute(work.version_url(version, self.language, self.request))
            summary = _summary(version, "change_summary")
            effective = date_format(version.effective_date, "DATE_FORMAT")
            approved_at = first_public.get(version_key(version.pk)) or day_start(
                version.approval_date or version.effective_date
            )
            if version.effective_date > self.catalogue.today:
                title = gettext("Version %(label)s approved; it enters into force on %(date)s") % {
                    "label": version.label,
                    "date": effective,
                }
            else:
                title = gettext("Version %(label)s approved") % {"label": version.label}
            entries.append(
                Entry(
                    title=title,
                    link=url,
                    unique_id=f"{url}#approved",
                    updated=approved_at,
                    published=approved_at,
                    description=summary,
                )
            )
            if version.effective_date <= self.catalogue.today:
                in_force_at = day_start(version.effective_date)
                entries.append(
                    Entry(
                        title=gettext("Version %(label)s entered into force on %(date)s")
                        % {"label": version.label, "date": effective},
                        link=url,
                        unique_id=f"{url}#in-force",
                        updated=in_force_at,
                        published=in_force_at,
                        description=summary,
                    )
                )
        entries.sort(key=lambda entry: entry.updated, reverse=True)
        return entries[:ENTRIES]


def render_feed(request, title, subtitle, link, entries):
    """(bytes, last updated) of an Atom document in the active language."""
    language = translation.get_language()
    feed = Atom1Feed(
        title=f"{title} · {publisher_name()}",
        link=request.build_absolute_uri(link),
        description=subtitle,
        language=language,
        feed_url=request.build_absolute_uri(request.path),
        author_name=publisher_name(),
        feed_guid=request.build_absolute_uri(request.path),
    )
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=entry.link,
            description=entry.description,
            unique_id=entry.unique_id,
            unique_id_is_permalink=False,
            updateddate=entry.updated,
            pubdate=entry.published or entry.updated,
            categories=entry.categories or None,
        )
    latest = max((entry.updated for entry in entries), default=None)
    content = feed.writeString("utf-8").encode("utf-8")
    return content, latest


def feed_url(name, language=None, **kwargs):
    with translation.override(language or translation.get_language()):
        return reverse(f"interop:{name}", kwargs=kwargs or None)


def feeds_for_page(page):
    """[(title, url name, kwargs)] of the feeds a page announces in its head."""
    feeds = [(gettext("What's new"), "feed_all", {})]
    if page is None:
        return feeds
    model = type(page).__name__
    for kind in PAGE_KINDS:
        section = SECTION_OF_KIND.get(kind.slug)
        if section is None:
            continue
        index_name = kind.model_name.replace("Page", "IndexPage")
        if model in {kind.model_name, index_name} or (
            kind.slug == "protocol" and model == "ProtocolLibraryPage"
        ):
            feeds.append((str(SECTIONS[section][1]), "feed_section", {"section": section}))
    if model == "ProtocolWorkPage":
        feeds.append(
            (
                gettext("Versions of %(title)s") % {"title": page.title},
                "feed_work",
                {"work_id": page.pk},
            )
        )
    return feeds


def etag_for(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'
