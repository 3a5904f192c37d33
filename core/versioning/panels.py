"""A versioned page's screen lists its versions in a few lines; each version has its own screen."""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.panels import Panel

from .timeline import Timeline, VersionStatus
from .words import count

# The list on a page's screen -------------------------------------------------------------

SHOWN_VERSIONS = 5


def version_summary(page):
    """The versions worth listing on the page's screen, with counts of the rest.

    A fixed length (the current version, the next one and the latest drafts) read with the
    same two queries whatever the number of versions, never the texts.
    """
    model = page.versions.model
    if page.pk is None:
        return {"rows": [], "total": 0, "superseded": 0}
    versions = list(model.objects.filter(page_id=page.pk).only(*model.summary_fields()))
    timeline = Timeline(versions)
    drafts = [
        v for v in reversed(timeline.versions) if timeline.status_of(v) == VersionStatus.DRAFT
    ]
    shown = [v for v in (timeline.in_force, timeline.upcoming) if v is not None]
    shown += drafts
    if timeline.in_force is None and timeline.started:
        shown.insert(0, timeline.started[-1])  # repealed or expired: the last one that applied
    shown = shown[:SHOWN_VERSIONS]
    past = (VersionStatus.SUPERSEDED, VersionStatus.REPEALED, VersionStatus.EXPIRED)
    viewset = model.snippet_viewset
    rows = [
        {
            "version": version,
            "status": timeline.status_of(version),
            "status_label": page.status_label(timeline.status_of(version)),
            "edit_url": reverse(viewset.get_url_name("edit"), args=[quote(version.pk)]),
        }
        for version in shown
    ]
    words = page.version_words
    past_count = sum(1 for v in versions if timeline.status_of(v) in past)
    return {
        "rows": rows,
        "total": len(versions),
        "superseded": past_count,
        "all_versions": count(words.all_versions_count, len(versions), "total"),
        "past_versions": count(words.past_versions_count, past_count, "counter")
        if past_count
        else "",
        "listing_url": reverse(viewset.get_url_name("list")) + f"?page={page.pk}",
        "new_version_url": reverse("versioning_new_version", args=[page.pk]),
    }


class VersionsPanel(Panel):
    """On a versioned page's screen: a short list of its versions, each a link to its screen."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "versioning/admin/versions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(version_summary(self.instance))
            context["work"] = self.instance
            context["model"] = self.instance.versions.model._meta
            context["words"] = self.instance.version_words
            return context


class VersionStatusPanel(Panel):
    """On a version's screen: its page, and where the approved version stands today."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "versioning/admin/version_status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            version = self.instance
            model = type(version)
            status, work = VersionStatus.DRAFT, None
            if version.page_id:
                # The saved (approved) state, not the draft being edited.
                siblings = list(
                    model.objects.filter(page_id=version.page_id).only(*model.summary_fields())
                )
                saved = next((v for v in siblings if v.pk == version.pk), None)
                if saved is not None:
                    status = Timeline(siblings).status_of(saved)
                work = (
                    model._meta.get_field("page")
                    .related_model.objects.filter(pk=version.page_id)
                    .first()
                )
            words = work.version_words if work else None
            context.update(
                {
                    "version": version,
                    "status": status,
                    "status_label": work.status_label(status) if work else status.label,
                    "work": work,
                    "words": words,
                    "page_heading": (words.page_heading if words else None)
                    or (work.get_verbose_name() if work else ""),
                }
            )
            return context
