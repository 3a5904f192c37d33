"""Brings the OAI-PMH record list in line with what is public now.

Publishing, unpublishing, deleting, moving and view restrictions do this by themselves; run it
after changing content outside the admin (a data import, a restored backup), so items that
left the public are kept as deleted records and harvesters are told.
"""

from django.core.management.base import BaseCommand

from interop.signals import sync_known_records


class Command(BaseCommand):
    help = (
        "Record which OAI-PMH records are public now: new ones are added, those no longer "
        "public are kept as deleted records. Subscribers are not told of versions found this way."
    )

    def handle(self, *args, **options):
        added, withdrawn, back = sync_known_records(announce_versions=False)
        self.stdout.write(
            self.style.SUCCESS(
                f"{added} records added, {withdrawn} withdrawn, {back} public again or re-filed."
            )
        )
