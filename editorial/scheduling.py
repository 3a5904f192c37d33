"""Work that happens at a time rather than at a click: scheduled publishing and dated changes."""

import logging

from django.core.management import call_command, get_commands
from django.utils import timezone
from wagtail.log_actions import registry as log_registry

logger = logging.getLogger("quipu.worker")

# Commands run once per day (and on the worker's first pass). `--days 2` also covers a day the
# worker missed; the commands are idempotent, so running one twice does no harm.
DAILY_COMMANDS = [
    # Every versioned page whose current version changes today (protocols and instruments,
    # training materials); the protocols' audit log records each change.
    ("versions_changed_status", ["--days", "2"]),
]
# Commands run on every pass: the searches counted in the cache go to the search analytics.
PASS_COMMANDS = [("flush_search_analytics", [])]


class Scheduler:
    """Remembers which day's daily commands already ran, across the worker's passes."""

    def __init__(self):
        self.last_daily_run = None

    def run_pass(self, now=None, stdout=None):
        """One pass; returns the audit entries it wrote and writes them to `stdout`."""
        now = now or timezone.now()
        call_command("publish_scheduled", verbosity=0, stdout=stdout)
        self.run_commands(PASS_COMMANDS, stdout, verbosity=0)
        today = timezone.localdate(now)
        if self.last_daily_run != today:
            self.run_daily(stdout)
            self.last_daily_run = today
        entries = system_entries_since(now)
        if stdout is not None:
            for entry in entries:
                stdout.write(describe(entry))
        return entries

    def run_daily(self, stdout=None):
        self.run_commands(DAILY_COMMANDS, stdout)

    def run_commands(self, commands, stdout=None, **options):
        available = get_commands()
        for name, arguments in commands:
            if name not in available:
                continue
            try:
                call_command(name, *arguments, stdout=stdout, **options)
            except Exception:
                # One failing job must not stop scheduled publishing.
                logger.exception("Command %s failed", name)


def local_time(moment):
    """A moment as the site's clock shows it (TIME_ZONE, America/Lima), with its UTC offset."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S %z")


def system_entries_since(moment):
    """Audit entries written without a user (by the worker) from `moment` on, oldest first.

    What the worker did is read back from Wagtail's audit log, so its report is exactly what
    the page and site histories show: scheduled publishing and unpublishing, versions entering
    into force.
    """
    entries = []
    for model in log_registry.get_log_entry_models():
        entries += model.objects.filter(timestamp__gte=moment, user__isnull=True).select_related(
            "content_type"
        )
    return sorted(entries, key=lambda entry: (entry.timestamp, entry.pk))


def describe(entry):
    object_id = getattr(entry, "page_id", None) or entry.object_id
    return (
        f"{local_time(entry.timestamp)} {entry.object_verbose_name} "
        f"#{object_id} “{entry.label}”: {entry.message}"
    )
