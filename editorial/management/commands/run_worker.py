"""Quipu's background worker: scheduled publishing, dated changes and queued tasks."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from editorial.scheduling import Scheduler, local_time


class Command(BaseCommand):
    help = (
        "Publish and unpublish pages whose scheduled time has come, apply protocol versions "
        "whose effective date arrived, and (with TASKS_BACKEND=database) run queued background "
        "tasks such as search indexing. Runs every --interval seconds until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between passes.")
        parser.add_argument("--once", action="store_true", help="Do one pass and stop.")

    def handle(self, *args, interval, once, **options):
        uses_database_tasks = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
        self.stdout.write(
            f"Quipu worker: a pass every {interval} s"
            + (", with queued tasks" if uses_database_tasks else "")
        )
        scheduler = Scheduler()
        while True:
            started = timezone.now()
            scheduler.run_pass(started, stdout=self.stdout)
            if uses_database_tasks:
                call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
            self.stdout.write(f"{local_time(timezone.now())} pass done")
            if once:
                return
            time.sleep(interval)
