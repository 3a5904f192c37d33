"""The work's edit view lists its versions in a few lines; each version has its own screen.

The list has a fixed length (the version in force, the next one and the latest drafts) and
costs the same two queries whatever the number of versions, so a work with twelve versions
opens as fast as one with three.
"""

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.panels import Panel

SHOWN_VERSIONS = 5

# The columns the list and the statuses need: never the texts, which are the heavy part.
SUMMARY_FIELDS = (
    "id",
    "page_id",
    "label",
    "slug",
    "live",
    "has_unpublished_changes",
    "effective_date",
    "end_date",
    "repeal_date",
)


def version_summary(work):
    """The versions worth listing on the work's screen, with counts of the rest."""
    from .models import ProtocolVersion, Timeline, VersionStatus

    if work.pk is None:
        return {"rows": [], "total": 0, "superseded": 0}
    versions = list(ProtocolVersion.objects.filter(page_id=work.pk).only(*SUMMARY_FIELDS))
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
    edit_url_name = ProtocolVersion.snippet_viewset.get_url_name("edit")
    rows = [
        {
            "version": version,
            "status": timeline.status_of(version),
            "edit_url": reverse(edit_url_name, args=[quote(version.pk)]),
        }
        for version in shown
    ]
    return {
        "rows": rows,
        "total": len(versions),
        "superseded": sum(1 for v in versions if timeline.status_of(v) in past),
        "listing_url": (
            reverse(ProtocolVersion.snippet_viewset.get_url_name("list")) + f"?page={work.pk}"
        ),
        "new_version_url": reverse("protocols_library_new_version", args=[work.pk]),
    }


class VersionsPanel(Panel):
    """A short list of a work's versions with links to their own screens."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "protocols_library/admin/versions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(version_summary(self.instance))
            context["work"] = self.instance
            return context


class VersionStatusPanel(Panel):
    """On a version's screen: its work, and where the approved version stands today."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "protocols_library/admin/version_status_panel.html"

        def get_context_data(self, parent_context=None):
            from .models import ProtocolVersion, ProtocolWorkPage, Timeline, VersionStatus

            context = super().get_context_data(parent_context)
            version = self.instance
            status, work = VersionStatus.DRAFT, None
            if version.page_id:
                # The saved (approved) state, not the draft being edited.
                siblings = list(
                    ProtocolVersion.objects.filter(page_id=version.page_id).only(*SUMMARY_FIELDS)
                )
                saved = next((v for v in siblings if v.pk == version.pk), None)
                if saved is not None:
                    status = Timeline(siblings).status_of(saved)
                work = ProtocolWorkPage.objects.filter(pk=version.page_id).first()
            context.update({"version": version, "status": status, "work": work})
            return context
