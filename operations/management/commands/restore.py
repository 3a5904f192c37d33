"""`manage.py restore PATH`: a backup into this empty, migrated installation."""

from django.core.management.base import BaseCommand, CommandError

from operations.archive import ArchiveError, rebuild_derived, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup` into this installation, which must "
        "be empty and migrated (a new database after `manage.py migrate`): the archive is "
        "checked whole first, then the media are written, then the database in one "
        "transaction, and the search index is rebuilt. A damaged archive, or one from another "
        "schema version, is refused and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive written by `manage.py backup`")

    def handle(self, *args, path, verbosity=1, **options):
        write = self.stdout.write if verbosity > 0 else None
        try:
            restore_backup(path, write=write, rebuild=False)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        try:
            rebuild_derived(write)
        except Exception as error:
            raise CommandError(
                f"The site is restored, but its search index could not be rebuilt ({error}). "
                "Run `manage.py search_index rebuild` once the search engine answers."
            ) from error
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(f"Restored from {path}."))
