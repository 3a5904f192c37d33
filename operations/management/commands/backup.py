"""`manage.py backup PATH`: the database, the media and a manifest in one archive."""

from django.core.management.base import BaseCommand, CommandError

from operations.archive import ArchiveError, write_backup


class Command(BaseCommand):
    help = (
        "Write one archive with the database (portable JSON), every stored document and image "
        "(from the disk or the bucket) and a manifest with the SHA-256 of each file, Quipu's "
        "version and the migrations applied. PATH ending in .gz or .tgz is compressed. The "
        "archive holds password hashes: keep it as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the archive to write, e.g. quipu-2025-06-01.tar.gz")
        parser.add_argument(
            "--skip-missing-files",
            action="store_true",
            help="Write the archive even if some stored files are missing (listed in it).",
        )

    def handle(self, *args, path, skip_missing_files=False, verbosity=1, **options):
        write = self.stdout.write if verbosity > 0 else None
        try:
            manifest = write_backup(path, write=write, skip_missing_files=skip_missing_files)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        for name in manifest["missing_files"]:
            self.stderr.write(f"Missing, not in the archive: {name}")
        if verbosity > 0:
            files = len(manifest["files"]) - 1
            self.stdout.write(
                self.style.SUCCESS(f"Backup written to {path}: the database and {files} files.")
            )
