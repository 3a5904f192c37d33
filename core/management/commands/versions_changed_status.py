"""Announces the versioned pages whose current version changes on a day; run it daily."""

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.versioning.models import DatedVersion
from core.versioning.signals import versions_changed


def versioned_models():
    """Every concrete model of dated versions (protocol versions, training editions...)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, DatedVersion) and not model._meta.abstract
    ]


class Command(BaseCommand):
    help = (
        "Find the versioned pages (protocols and instruments, training materials) whose current "
        "version changes on a day (a version enters into force, ends or is repealed, an edition "
        "is issued), let each page update what it keeps of its current version, and send "
        "`versions_changed` so the search index and caches follow and the protocols' audit log "
        "records each dated change. Pages themselves read the date; this only refreshes copies."
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
        announced = 0
        for model in versioned_models():
            page_model = model._meta.get_field("page").related_model
            page_ids = set()
            for day in days:
                page_ids |= set(
                    model.objects.changing_status_on(day).values_list("page_id", flat=True)
                )
            pages = list(page_model.objects.live().filter(pk__in=page_ids).order_by("pk"))
            for page in pages:
                page.versions_changed()
            responses = []
            if pages:
                responses = versions_changed.send(
                    sender=page_model, pages=pages, date=last, days=days
                )
            announced += len(pages)
            self.stdout.write(f"{model._meta.verbose_name_plural}: {len(pages)} pages")
            # What the receivers did about it (the protocols' audit log entries, for example).
            for _receiver, lines in responses:
                for line in lines or ():
                    self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(f"{announced} pages announced."))
