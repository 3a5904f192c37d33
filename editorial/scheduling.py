"""Work that happens at a time rather than at a click: scheduled publishing and dated changes."""

import logging

from django.core.management import call_command, get_commands
from django.utils import timezone

logger = logging.getLogger("quipu.worker")

# Commands run once per day (and on the worker's first pass). `--days 2` also covers a day the
# worker missed; the commands are idempotent, so running one twice does no harm.
DAILY_COMMANDS = [("protocols_in_force_changed", ["--days", "2"])]


class Scheduler:
    """Remembers which day's daily commands already ran, across the worker's passes."""

    def __init__(self):
        self.last_daily_run = None

    def run_pass(self, now=None, stdout=None):
        now = now or timezone.now()
        call_command("publish_scheduled", verbosity=0, stdout=stdout)
        today = timezone.localdate(now)
        if self.last_daily_run != today:
            self.run_daily(stdout)
            self.last_daily_run = today

    def run_daily(self, stdout=None):
        available = get_commands()
        for name, arguments in DAILY_COMMANDS:
            if name not in available:
                continue
            try:
                call_command(name, *arguments, stdout=stdout)
            except Exception:
                # One failing daily job must not stop scheduled publishing.
                logger.exception("Daily command %s failed", name)
