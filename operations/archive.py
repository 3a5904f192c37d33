"""Backup archives: the whole site (database, media, manifest) in one tar file, and back.

An archive holds, in this order:

    database.json   every row, as `dumpdata --natural-foreign` writes it: content types and
                    permissions are named, not numbered, so it loads into SQLite or PostgreSQL
                    whichever wrote it
    media/…         every stored file a row refers to (documents, original images, avatars),
                    read from whatever storage is configured (disk or bucket)
    manifest.json   format, Quipu's version, the migrations the database had, row counts, and
                    the size and SHA-256 of every other member

Left out, because they are rebuilt or expire: the search indexes (rebuilt after a restore),
image renditions (made again on demand), sessions, sign-in lockouts, queued tasks, unfinished
uploads and who-is-editing marks. Content types and permissions come from `migrate`.

The archive holds password hashes and two-factor secrets: it is written readable by its owner
only, and must be kept like the database itself.
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import json as json_serializer
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from core.progress import Progress

FORMAT = "quipu-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media/"
CHUNK = 1024 * 1024

# Rows that are rebuilt, regenerated or expire: never archived, emptied on restore.
EXCLUDED_MODELS = (
    "contenttypes",  # created by migrate; rows refer to them by name
    "auth.permission",
    "sessions",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "django_tasks_database.dbtaskresult",
    "quipu_search.indexentry",
    "quipu_search.indexword",
    "quipu_search.removedentry",
    "quipu_search.pendingchange",
    "wagtailsearch",
    "wagtailimages.rendition",
    "core.quipurendition",
    "wagtailadmin.editingsession",
    "wagtailcore.uploadedfile",
)
# Tables a restore never empties: the migrated installation's own.
KEPT_MODELS = ("contenttypes.contenttype", "auth.permission")


class ArchiveError(Exception):
    """The archive cannot be written or restored; the message says why and what to do."""


def quipu_version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("quipu")
    except PackageNotFoundError:
        return "unknown"


def _excluded(model):
    label = model._meta.label_lower
    return model._meta.app_label in EXCLUDED_MODELS or label in EXCLUDED_MODELS


def archived_models():
    """Concrete models whose rows go into the archive."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not _excluded(model)
    ]


def applied_migrations(connection):
    applied = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def stored_file_names(using):
    """Every file name an archived row refers to, sorted, once each."""
    names = set()
    for model in archived_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                values = (
                    model._base_manager.using(using)
                    .exclude(**{model_field.attname: ""})
                    .exclude(**{f"{model_field.attname}__isnull": True})
                    .values_list(model_field.attname, flat=True)
                )
                names.update(values)
    return sorted(names)


def row_counts(using):
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in archived_models()
    }


def safe_member_name(name):
    """The archive member name for a stored file, refusing anything that could escape."""
    path = PurePosixPath(name)
    if path.is_absolute() or any(part in {"", ".", ".."} for part in path.parts) or "\\" in name:
        raise ArchiveError(f"Refusing the unsafe file name {name!r}.")
    return f"{MEDIA}{path}"


def megabytes(size):
    return f"{size / 1_000_000:.1f} MB"


class HashingReader:
    """Reads from `source`, counting and hashing what passes."""

    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


# Backup ---------------------------------------------------------------------------------


@contextlib.contextmanager
def consistent_database(using=DEFAULT_DB_ALIAS):
    """Yields a database alias that reads one moment of the site, however long the backup.

    SQLite: a copy taken with SQLite's backup API (readers and writers carry on meanwhile).
    PostgreSQL: a read-only REPEATABLE READ transaction. Inside an open transaction (a test),
    that transaction already is the moment.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        yield using
        return
    if connection.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="quipu-backup-")
        snapshot_path = os.path.join(folder, "snapshot.sqlite3")
        connection.ensure_connection()
        target = sqlite3.connect(snapshot_path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        alias = f"{using}-backup-snapshot"
        connections.settings[alias] = {
            **connection.settings_dict,
            "NAME": snapshot_path,
            "OPTIONS": {},
        }
        try:
            yield alias
        finally:
            connections[alias].close()
            del connections.settings[alias]
            with contextlib.suppress(AttributeError):
                delattr(connections._connections, alias)
            shutil.rmtree(folder, ignore_errors=True)
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield using


class PortableSerializer(json_serializer.Serializer):
    """Django's JSON, with content types and permissions named instead of numbered.

    Their ids differ between two installations (each `migrate` numbers them), so a row that
    points at one says which by name: ["knowledge", "lessonpage"]. Every other row keeps its
    primary key, and so does every reference to it: ids inside page revisions and StreamField
    blocks stay right. `loaddata` reads both forms.
    """

    def _named(self, model_field):
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        return issubclass(model_field.remote_field.model, (ContentType, Permission))

    def handle_fk_field(self, obj, model_field):
        self.use_natural_foreign_keys = self._named(model_field)
        super().handle_fk_field(obj, model_field)

    def handle_m2m_field(self, obj, model_field):
        self.use_natural_foreign_keys = self._named(model_field)
        super().handle_m2m_field(obj, model_field)


def dump_database(using, path, total, write=None):
    """Every archived row into one JSON file, model by model, in primary-key order."""
    progress = Progress(write, "Database", total, " rows")
    done = 0

    def rows():
        nonlocal done
        for model in sorted(archived_models(), key=lambda model: model._meta.label_lower):
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            for row in queryset.iterator(chunk_size=2000):
                yield row
                done += 1
                if done % 500 == 0:
                    progress.update(done)

    with open(path, "w", encoding="utf-8") as out:
        PortableSerializer().serialize(rows(), stream=out, indent=None)
    progress.update(done)


def write_backup(path, write=None, skip_missing_files=False, storage=None):
    """Writes the archive to `path` (tar; gzip-compressed when it ends in .gz or .tgz).

    The archive appears under its name only once complete: it is written beside it first.
    Returns the manifest.
    """
    storage = storage or default_storage
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"{path} is a folder; give the name of the archive file to write.")
    if not path.parent.is_dir():
        raise ArchiveError(f"The folder {path.parent} does not exist.")
    compressed = path.name.endswith((".gz", ".tgz"))
    partial = path.with_name(f".{path.name}.partial")
    files = {}
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with (
            os.fdopen(fd, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz" if compressed else "w") as archive,
            consistent_database() as using,
        ):
            connection = connections[using]
            migrations = applied_migrations(connection)
            counts = row_counts(using)
            names = stored_file_names(using)
            if write:
                write(f"Database: {sum(counts.values())} rows in {len(counts)} tables")
            with tempfile.TemporaryDirectory(prefix="quipu-backup-") as folder:
                dump = os.path.join(folder, DATABASE)
                dump_database(using, dump, sum(counts.values()), write)
                files[DATABASE] = add_file(archive, DATABASE, dump)
            if write:
                write(f"Database: {megabytes(files[DATABASE]['size'])} written")
            missing = add_media(archive, storage, names, files, write)
            if missing and not skip_missing_files:
                shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
                raise ArchiveError(
                    f"{len(missing)} stored files are missing: {shown}. Put them back (from an "
                    "older backup) or delete what uses them, then back up again; or run with "
                    "--skip-missing-files to write the archive without them."
                )
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "quipu_version": quipu_version(),
                "django_version": _version("django"),
                "wagtail_version": _version("wagtail"),
                "database_vendor": connection.vendor,
                "migrations": migrations,
                "counts": counts,
                "missing_files": missing,
                "files": files,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(time.time())
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise
    return manifest


def _version(package):
    from importlib.metadata import version

    return version(package)


def add_file(archive, name, local_path):
    with open(local_path, "rb") as source:
        info = tarfile.TarInfo(name)
        info.size = os.fstat(source.fileno()).st_size
        info.mtime = int(time.time())
        info.mode = 0o600
        reader = HashingReader(source)
        archive.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": reader.size}


def add_media(archive, storage, names, files, write):
    """Adds every stored file; returns the names of those the storage does not have."""
    missing = []
    progress = Progress(write, "Media", len(names), " files")
    written = 0
    for number, name in enumerate(names, start=1):
        member = safe_member_name(name)
        try:
            source = storage.open(name, "rb")
        except FileNotFoundError:
            missing.append(name)
            continue
        with source:
            size = source.size
            info = tarfile.TarInfo(member)
            info.size = size
            info.mtime = int(time.time())
            info.mode = 0o600
            reader = HashingReader(source)
            try:
                archive.addfile(info, reader)
            except OSError as error:
                raise ArchiveError(f"{name} changed size while it was read ({error}).") from error
        files[member] = {"sha256": reader.digest.hexdigest(), "size": reader.size}
        written += reader.size
        progress.update(number, f", {megabytes(written)}")
    progress.finish(f", {len(names) - len(missing)} files, {megabytes(written)}")
    return missing


# Restore --------------------------------------------------------------------------------


@dataclass
class Unpacked:
    """An archive checked and unpacked into a temporary folder."""

    folder: Path
    manifest: dict
    media: list = field(default_factory=list)  # stored file names

    def local(self, member):
        return self.folder / member


DAMAGED = (
    "The archive {path} is damaged ({reason}); nothing was restored. Copy it again from where "
    "backups are kept, or use another backup."
)


def unpack(path, folder, write=None):
    """Reads the whole archive into `folder`, checking every member against the manifest."""
    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"There is no archive at {path}.")
    digests = {}
    progress = Progress(write, "Reading the archive", path.stat().st_size, " bytes")
    try:
        with path.open("rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as archive:
            for member in archive:
                name = member.name
                if not member.isfile() or (
                    name not in {MANIFEST, DATABASE} and not name.startswith(MEDIA)
                ):
                    raise ArchiveError(DAMAGED.format(path=path, reason=f"unexpected {name!r}"))
                if name.startswith(MEDIA):
                    safe_member_name(name.removeprefix(MEDIA))
                if name in digests:
                    raise ArchiveError(DAMAGED.format(path=path, reason=f"{name} twice"))
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                digest = hashlib.sha256()
                size = 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                if size != member.size:
                    raise ArchiveError(DAMAGED.format(path=path, reason=f"{name} is cut short"))
                digests[name] = {"sha256": digest.hexdigest(), "size": size}
                progress.update(raw.tell())
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise ArchiveError(DAMAGED.format(path=path, reason=f"unreadable: {error}")) from error
    if MANIFEST not in digests:
        raise ArchiveError(DAMAGED.format(path=path, reason="it has no manifest; it is incomplete"))
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ArchiveError(
            DAMAGED.format(path=path, reason="its manifest is unreadable")
        ) from error
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("files"), dict):
        raise ArchiveError(f"{path} is not a Quipu backup (no Quipu manifest in it).")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise ArchiveError(
            f"{path} was written by a newer Quipu ({manifest.get('quipu_version')}) in a format "
            "this version cannot read. Upgrade Quipu, run `manage.py migrate`, then restore."
        )
    del digests[MANIFEST]
    expected = manifest["files"]
    for name in sorted(set(expected) | set(digests)):
        if name not in digests:
            raise ArchiveError(DAMAGED.format(path=path, reason=f"{name} is missing"))
        if name not in expected:
            raise ArchiveError(DAMAGED.format(path=path, reason=f"{name} is not in the manifest"))
        if digests[name] != expected[name]:
            raise ArchiveError(
                DAMAGED.format(path=path, reason=f"{name} does not match its SHA-256 checksum")
            )
    if DATABASE not in digests:
        raise ArchiveError(DAMAGED.format(path=path, reason="it has no database"))
    progress.finish()
    media = sorted(name.removeprefix(MEDIA) for name in digests if name.startswith(MEDIA))
    return Unpacked(folder=folder, manifest=manifest, media=media)


def check_schema(manifest, using=DEFAULT_DB_ALIAS):
    """Refuses an archive whose migrations differ from this installation's, saying what to do."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise ArchiveError(
            "This installation's database is not fully migrated. Run `manage.py migrate`, then "
            "restore again."
        )
    here = {(app, name) for app, names in applied_migrations(connection).items() for name in names}
    there = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
    version = manifest.get("quipu_version", "unknown")
    newer = sorted(there - here)
    if newer:
        shown = ", ".join(f"{app}.{name}" for app, name in newer[:5])
        raise ArchiveError(
            f"This backup comes from a newer Quipu ({version}, schema with {shown}"
            f"{' …' if len(newer) > 5 else ''}) than this installation ({quipu_version()}). "
            "Upgrade this installation to that version or later, run `manage.py migrate`, then "
            "restore again."
        )
    older = sorted(here - there)
    if older:
        shown = ", ".join(f"{app}.{name}" for app, name in older[:5])
        raise ArchiveError(
            f"This backup comes from an older Quipu ({version}): its database lacks {shown}"
            f"{' …' if len(older) > 5 else ''}. Restore it into an installation of Quipu "
            f"{version}, then upgrade that installation and run `manage.py migrate`."
        )


def check_empty(using=DEFAULT_DB_ALIAS):
    """Refuses to restore over a site that has content."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    found = {
        "pages": max(Page.objects.using(using).count() - 2, 0),  # migrate's root and welcome
        "documents": get_document_model().objects.using(using).count(),
        "images": get_image_model().objects.using(using).count(),
        "users": get_user_model().objects.using(using).count(),
    }
    found = {kind: count for kind, count in found.items() if count}
    if found:
        shown = ", ".join(f"{count} {kind}" for kind, count in found.items())
        raise ArchiveError(
            f"This database already holds a site ({shown}); a restore never overwrites one. "
            "Restore into an empty database: create it, run `manage.py migrate`, then restore."
        )


def check_media_free(unpacked, storage):
    """Names already taken in the storage by other content: refused before anything is written.

    A file already there with the same bytes is kept and not written again.
    """
    taken, same = [], set()
    for name in unpacked.media:
        if not storage.exists(name):
            continue
        digest = hashlib.sha256()
        with storage.open(name, "rb") as existing:
            while chunk := existing.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() == unpacked.manifest["files"][MEDIA + name]["sha256"]:
            same.add(name)
        else:
            taken.append(name)
    if taken:
        shown = ", ".join(taken[:10]) + (" …" if len(taken) > 10 else "")
        raise ArchiveError(
            f"{len(taken)} files the backup holds already exist with other content in the media "
            f"storage ({shown}). Restore into an empty media folder or bucket."
        )
    return same


def put_media(unpacked, storage, skip, write):
    """Copies the unpacked files into the storage; returns the names written."""
    written = []
    names = [name for name in unpacked.media if name not in skip]
    progress = Progress(write, "Media", len(names), " files")
    for number, name in enumerate(names, start=1):
        with open(unpacked.local(MEDIA + name), "rb") as source:
            saved = storage.save(name, File(source, name=name))
        written.append(saved)
        if saved != name:
            raise ArchiveError(
                f"The media storage stored {name} as {saved}: another file took the name "
                "meanwhile. Restore into an empty media folder or bucket."
            )
        progress.update(number)
    progress.finish(f", {len(names)} files")
    return written


def empty_tables(using):
    """Empties every table a restore fills, inside the caller's transaction."""
    connection = connections[using]
    kept = {apps.get_model(label)._meta.db_table for label in KEPT_MODELS}
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in kept
    ]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=False, allow_cascade=False
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def load_database(unpacked, using):
    """Empties the installation's tables and loads the archived rows, all or nothing."""
    manifest = unpacked.manifest
    with transaction.atomic(using=using), override_settings(SEARCH_AUTOSYNC=False):
        empty_tables(using)
        call_command(
            "loaddata",
            str(unpacked.local(DATABASE)),
            database=using,
            verbosity=0,
        )
        counts = row_counts(using)
        wrong = {
            label: (count, counts.get(label))
            for label, count in manifest.get("counts", {}).items()
            if counts.get(label) != count
        }
        if wrong:
            shown = ", ".join(
                f"{label} {found} of {count}" for label, (count, found) in wrong.items()
            )
            raise ArchiveError(f"The restored database does not hold what the backup did: {shown}.")
    return sum(counts.values())


def restore_backup(path, write=None, storage=None, using=DEFAULT_DB_ALIAS, rebuild=True):
    """Restores the archive at `path` into this empty, migrated installation.

    Everything is checked before anything is written; the media go in first, then the
    database in one transaction; if the database fails, the media written are removed again.
    """
    storage = storage or default_storage
    with tempfile.TemporaryDirectory(prefix="quipu-restore-") as folder:
        unpacked = unpack(path, Path(folder), write)
        check_schema(unpacked.manifest, using)
        check_empty(using)
        same = check_media_free(unpacked, storage)
        if write:
            manifest = unpacked.manifest
            write(
                f"Backup of {manifest.get('created')} by Quipu {manifest.get('quipu_version')} "
                f"on {manifest.get('database_vendor')}: checked, {len(unpacked.media)} files"
            )
        written = []
        try:
            written = put_media(unpacked, storage, same, write)
            if write:
                write("Database: loading…")
            try:
                rows = load_database(unpacked, using)
            except (DatabaseError, DeserializationError, ValueError) as error:
                raise ArchiveError(
                    f"The database could not be loaded ({error}); nothing was restored and the "
                    "files written are removed again. Check that the installation is the same "
                    "Quipu version as the backup's, and that the archive was written by "
                    "`manage.py backup`."
                ) from error
        except BaseException:
            for name in written:
                with contextlib.suppress(Exception):
                    storage.delete(name)
            raise
    if write:
        write(f"Database: {rows} rows restored")
    for name in unpacked.manifest.get("missing_files", []):
        if write:
            write(f"Warning: {name} was missing when the backup was made; it is not restored.")
    if rebuild:
        rebuild_derived(write)
    return unpacked.manifest


def rebuild_derived(write=None):
    """What the archive leaves out and the site needs: search indexes and a fresh cache."""
    from django.core.cache import cache

    cache.clear()
    out = io.StringIO()
    call_command("search_index", "rebuild", stdout=out)
    if write:
        write(out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else "")
    # The admin's own search (Wagtail's), for editors looking for pages, files and snippets.
    call_command("wagtail_update_index", verbosity=0, stdout=io.StringIO())
    if write:
        write("Admin search index rebuilt")
