"""Announces the works whose version in force changes today; run it daily after midnight."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from protocols_library.audit import record_status_changes
from protocols_library.models import ProtocolVersion, ProtocolWorkPage
from protocols_library.signals import in_force_changed


class Command(BaseCommand):
    help = (
        "Find the protocols and instruments whose version in force changes on a day (a version "
        "enters into force, ends or is repealed), record each change in the audit log, and send "
        "`in_force_changed` so the search index and caches follow. Pages themselves never need "
        "it: they read the date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to check, YYYY-MM-DD (default: today in Peru).")
        parser.add_argument(
            "--days",
            type=int,
            default=1,
            help="Also check the days before, in case a daily run was missed (default: 1).",
        )

    def handle(self, *args, **options):
        try:
            last = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        if options["days"] < 1:
            raise CommandError("--days must be 1 or more.")
        days = [last - datetime.timedelta(days=n) for n in range(options["days"] - 1, -1, -1)]
        page_ids = set()
        for position, day in enumerate(days, start=1):
            changing = ProtocolVersion.objects.changing_status_on(day).values_list(
                "page_id", flat=True
            )
            found = set(changing)
            page_ids |= found
            self.stdout.write(f"[{position}/{len(days)}] {day.isoformat()}: {len(found)} works")
            # The audit trail: one entry per change, written once however often this runs.
            for entry in record_status_changes(day):
                self.stdout.write(f"  {entry.label}: {entry.message}")
        pages = list(ProtocolWorkPage.objects.live().filter(pk__in=page_ids).order_by("pk"))
        if pages:
            in_force_changed.send(sender=ProtocolWorkPage, pages=pages, date=last)
        self.stdout.write(self.style.SUCCESS(f"{len(pages)} works announced."))
