"""Writes the searches counted in the cache to the editors' search analytics."""

from django.core.management.base import BaseCommand

from search import analytics


class Command(BaseCommand):
    help = (
        "Write the searches counted in the cache since the last flush to the search analytics "
        "(popular searches, searches with no results). The worker does this on every pass."
    )

    def handle(self, *args, **options):
        written = analytics.flush()
        if options["verbosity"] > 0:
            self.stdout.write(f"{written} searches written to the search analytics")
