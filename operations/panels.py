"""The dashboard panel that shows administrators what /readyz checks, with what went wrong."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .health import run_checks

PART_NAMES = {
    "database": _("Database"),
    "cache": _("Cache"),
    "search": _("Search"),
    "storage": _("File storage"),
    "tasks": _("Background tasks"),
}
STATUS_NAMES = {"ok": _("Working"), "warning": _("Needs attention"), "down": _("Down")}
ENGINE_NAMES = {"database": _("the database engine"), "elasticsearch": _("Elasticsearch")}


def is_administrator(user):
    """Superusers, and members of the Administrators group."""
    return bool(
        user.is_active and (user.is_superuser or user.groups.filter(name="Administrators").exists())
    )


class SiteStatusPanel(Component):
    name = "quipu_site_status"
    order = 50
    template_name = "operations/panels/site_status.html"

    def get_context_data(self, parent_context=None):
        report = run_checks()
        search = report.get("search")
        details = search.details
        rows = [
            {
                "name": PART_NAMES.get(check.name, check.name),
                "status": check.status,
                "status_name": STATUS_NAMES[check.status],
                "required": check.required,
                "problem": check.problem,
                "details": check.details,
            }
            for check in report.checks
        ]
        return {
            "report": report,
            "rows": rows,
            "engine": ENGINE_NAMES.get(details.get("engine"), details.get("engine")),
            "answering": ENGINE_NAMES.get(details.get("answering"), details.get("answering")),
            "is_fallback": details.get("answering") != details.get("engine"),
            "pending": sum((details.get("pending_changes") or {}).values()),
            "search": details,
        }
