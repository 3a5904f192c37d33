"""Work that happens at a time rather than at a click: scheduled publishing and dated changes.

Each Quipu app may ship a `scheduled.py` with `run(now)`; it is called on every pass, and must
be cheap and idempotent when there is nothing to do (e.g. a protocol version whose effective
date arrived today gets its pages, caches and search entries refreshed once).
"""

import importlib
import logging

from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger("quipu.worker")

QUIPU_APPS = ("knowledge", "protocols_library", "search", "editorial")


def scheduled_hooks():
    hooks = []
    for app in QUIPU_APPS:
        try:
            module = importlib.import_module(f"{app}.scheduled")
        except ModuleNotFoundError as error:
            if error.name != f"{app}.scheduled":
                raise
            continue
        hooks.append((app, module.run))
    return hooks


def run_scheduled_work(now=None, stdout=None):
    """One pass: publish what is due, then let each app react to the date."""
    now = now or timezone.now()
    call_command("publish_scheduled", verbosity=0, stdout=stdout)
    for app, run in scheduled_hooks():
        try:
            run(now)
        except Exception:
            # One app's failure must not stop scheduled publishing for the others.
            logger.exception("Scheduled work of %s failed", app)
