"""`manage.py backup` and `manage.py restore`: the whole site in one archive, and back.

The round trips back up a site built here (a page of every type, documents with download
counts, an image and a protocol version), restore the archive into a fresh, empty,
migrated database in a separate process with its own settings and media folder, and compare
what both serve: public pages (status and title in both languages), every document's bytes and
download count, every image, versions, search answers and the rows of every table.

One round trip restores into SQLite, the other into PostgreSQL, so over CI's two passes every
direction is covered (SQLite→SQLite, SQLite→PostgreSQL, PostgreSQL→SQLite, PostgreSQL→
PostgreSQL). PostgreSQL is the server DATABASE_URL names, or TEST_POSTGRES_URL (which .ci/run
sets) in the SQLite pass; the restored database is `<name>_restore` on it.
"""
# The knowledge tests' builders are imported as fixtures, so test arguments "redefine" them.
# ruff: noqa: F811

import io
import json
import os
import stat
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from core.models import QuipuDocument
from tests import builders
from tests.conftest import require_service
from tests.knowledge.conftest import (  # noqa: F401 - fixtures used by these tests
    make_document,
    make_event,
    make_image,
    make_lesson,
    make_material,
    make_version,
    sections,
)
from tests.live import (
    _drop_postgres_database,
    _recreate_postgres_database,
    run_manage,
    target_environment,
)
from tests.operations.site_state import site_state

pytestmark = pytest.mark.django_db

LETTERS = str.maketrans("0123456789", "ghijklmnop")


@dataclass
class Target:
    """A fresh, migrated installation in its own process: database and media folder."""

    env: dict
    media: Path

    def manage(self, *args):
        return run_manage(self.env, *args)

    def state(self, queries):
        output = self.manage(
            "shell",
            "-c",
            f"from tests.operations.site_state import main; main({list(queries)!r})",
        )
        return json.loads(output.strip().splitlines()[-1])

    def counts(self):
        output = self.manage(
            "shell",
            "-c",
            "import json; from wagtail.models import Page; "
            "from core.models import QuipuDocument, QuipuImage; "
            "print(json.dumps([Page.objects.count(), QuipuDocument.objects.count(), "
            "QuipuImage.objects.count()]))",
        )
        return json.loads(output.strip().splitlines()[-1])

    def media_files(self):
        return sorted(str(p.relative_to(self.media)) for p in self.media.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def sqlite_target(tmp_path_factory):
    folder = tmp_path_factory.mktemp("restored-sqlite")
    target = Target(
        target_environment(f"sqlite:///{folder / 'restored.sqlite3'}", folder / "media"),
        folder / "media",
    )
    target.manage("migrate", "--noinput")
    return target


def postgres_server_url():
    for url in (os.environ.get("DATABASE_URL", ""), os.environ.get("TEST_POSTGRES_URL", "")):
        if urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}:
            return url
    return ""


def postgres_is_up(url):
    import psycopg

    parts = urlsplit(url)
    try:
        psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except Exception:
        return False
    return True


@pytest.fixture(scope="module")
def postgres_target(tmp_path_factory):
    url = postgres_server_url()
    require_service(
        bool(url) and postgres_is_up(url),
        "no PostgreSQL for the restore test: set DATABASE_URL or TEST_POSTGRES_URL to a "
        "postgres:// URL (.ci/run sets TEST_POSTGRES_URL)",
    )
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'quipu'}_restore"
    _recreate_postgres_database(url, name)
    folder = tmp_path_factory.mktemp("restored-postgres")
    target = Target(
        target_environment(urlunsplit(parts._replace(path=f"/{name}")), folder / "media"),
        folder / "media",
    )
    try:
        target.manage("migrate", "--noinput")
        yield target
    finally:
        _drop_postgres_database(url, name)


@dataclass
class Source:
    archive: Path
    state: dict
    queries: list
    word: str


@pytest.fixture
def source(
    tmp_path, home, make_lesson, make_material, make_document, make_event, make_image, make_version
):
    """A site with a page of every type and content of every kind, backed up, and what it
    serves."""
    word = "quipubak" + uuid.uuid4().hex[:8].translate(LETTERS)
    builders.every_page_type(home)
    make_lesson(statement_es=f"Lección restaurada: {word}.", statement_en=f"Restored: {word}.")
    guide = make_document("es", "pdf", f"Guía {word}", name="guia-respaldo.pdf")
    sheet = make_document("es", "docx", "Fichas", name="fichas-respaldo.docx")
    make_material(documents=[guide, sheet])
    QuipuDocument.objects.filter(pk=guide.pk).update(download_count=7)
    QuipuDocument.objects.filter(pk=sheet.pk).update(download_count=3)
    make_event(photos=[make_image(caption_es="Foto del respaldo")])
    make_version(label="v2")
    call_command("search_index", "fix", "--engine", "database", stdout=io.StringIO())

    archive = tmp_path / "quipu-backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "Backup written" in out.getvalue()
    queries = [word, "lección", "protocolo"]
    return Source(archive=archive, state=site_state(queries), queries=queries, word=word)


def rewrite(archive, destination, change):
    """A copy of `archive` whose members pass through `change(name, data) -> data or None`."""
    with tarfile.open(archive) as original, tarfile.open(destination, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            copy.addfile(info, io.BytesIO(data))
    return destination


def with_database(archive, destination, change_rows):
    """A copy whose database rows are changed, with a manifest that matches (not damaged)."""
    import hashlib

    rows = {}

    def change(name, data):
        if name == "database.json":
            data = json.dumps(change_rows(json.loads(data))).encode()
            rows["data"] = data
        elif name == "manifest.json":
            return None
        return data

    rewrite(archive, destination.with_suffix(".tmp"), change)
    with tarfile.open(archive) as original:
        manifest = json.loads(original.extractfile("manifest.json").read())
    manifest["files"]["database.json"] = {
        "sha256": hashlib.sha256(rows["data"]).hexdigest(),
        "size": len(rows["data"]),
    }
    data = json.dumps(manifest).encode()
    with tarfile.open(destination.with_suffix(".tmp"), "a") as copy:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        copy.addfile(info, io.BytesIO(data))
    destination.with_suffix(".tmp").rename(destination)
    return destination


def compare(source, target):
    restored = target.state(source.queries)
    expected = source.state
    assert restored["rows"] == expected["rows"]
    assert restored["documents"] == expected["documents"]
    assert restored["images"] == expected["images"]
    assert restored["versions"] == expected["versions"]
    assert restored["pages"] == expected["pages"]
    assert len(expected["pages"]) > 20
    assert all(status == 200 for status, _title in expected["pages"].values())
    assert restored["search"] == expected["search"]
    assert len(expected["search"][f"es:{source.word}"]) == 1
    counts = {d["title_es"]: d["downloads"] for d in restored["documents"].values()}
    assert counts["guia-respaldo.pdf"] == 7
    assert counts["fichas-respaldo.docx"] == 3


def test_a_site_restored_into_a_fresh_sqlite_database_serves_the_same(source, sqlite_target):
    # A restore that fails while loading leaves the new site as empty as it found it.
    broken = with_database(
        source.archive,
        source.archive.with_name("broken.tar"),
        lambda rows: [
            *rows,
            {**next(r for r in rows if r["model"] == "wagtailcore.site"), "pk": 999},
        ],
    )
    with pytest.raises(RuntimeError, match="could not be loaded"):
        sqlite_target.manage("restore", str(broken))
    assert sqlite_target.counts() == [2, 0, 0]
    assert sqlite_target.media_files() == []

    output = sqlite_target.manage("restore", str(source.archive))

    assert "Restored from" in output
    assert "Search index rebuilt" in output
    compare(source, sqlite_target)
    # Restoring again is refused: the site is no longer empty.
    with pytest.raises(RuntimeError, match="already holds a site"):
        sqlite_target.manage("restore", str(source.archive))


@pytest.mark.postgres
def test_a_site_restored_into_a_fresh_postgresql_database_serves_the_same(source, postgres_target):
    output = postgres_target.manage("restore", str(source.archive))
    assert "Restored from" in output
    compare(source, postgres_target)


# Refusals: checked before anything is touched, so they run against this test database.


@pytest.fixture
def archive(home, tmp_path, make_lesson, make_material, make_document, make_image):
    """A backup of a small site built here, as `manage.py backup` makes it."""
    make_material(documents=[make_document("es"), make_document("en", "docx")])
    make_lesson(image=make_image())
    path = tmp_path / "site.tar"
    call_command("backup", str(path), verbosity=0)
    return path


def restore(path):
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def untouched():
    return Page.objects.count(), QuipuDocument.objects.count()


def test_the_archive_holds_every_file_with_its_checksum_readable_by_its_owner_only(archive):
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not list(archive.parent.glob(".*partial"))
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert names[0] == "database.json" and names[-1] == "manifest.json"
    assert manifest["format"] == "quipu-backup"
    assert manifest["quipu_version"]
    assert "0001_initial" in manifest["migrations"]["knowledge"]
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    for document in QuipuDocument.objects.all():
        assert manifest["files"][f"media/{document.file.name}"]["sha256"] == document.sha256
    assert not any(name.startswith("media/images/") for name in names), "renditions are remade"
    assert "core.quipurendition" not in manifest["counts"]


def test_a_truncated_archive_is_refused_as_damaged(archive, tmp_path):
    before = untouched()
    data = archive.read_bytes()
    with tarfile.open(archive) as opened:
        manifest = opened.getmember("manifest.json")
    # In the middle; inside the manifest; just before it (every other member whole).
    for cut in (len(data) // 2, manifest.offset_data + 10, manifest.offset):
        truncated = tmp_path / f"cut-{cut}.tar"
        truncated.write_bytes(data[:cut])
        with pytest.raises(CommandError, match="is damaged") as error:
            restore(truncated)
        assert "nothing was restored" in str(error.value)
    assert untouched() == before


def test_an_archive_whose_file_changed_is_refused_naming_the_file(archive, tmp_path):
    before = untouched()
    with tarfile.open(archive) as opened:
        victim = next(name for name in opened.getnames() if name.startswith("media/documents/"))

    def flip(name, data):
        return data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:] if name == victim else data

    damaged = rewrite(archive, tmp_path / "flipped.tar", flip)
    with pytest.raises(CommandError, match="SHA-256") as error:
        restore(damaged)
    assert victim in str(error.value)
    assert untouched() == before


def manifest_changed(archive, destination, change):
    def edit(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            change(manifest)
            return json.dumps(manifest).encode()
        return data

    return rewrite(archive, destination, edit)


def test_an_archive_from_a_newer_schema_is_refused_with_the_fix(archive, tmp_path):
    before = untouched()
    newer = manifest_changed(
        archive,
        tmp_path / "newer.tar",
        lambda manifest: manifest["migrations"]["knowledge"].append("9999_from_the_future"),
    )
    with pytest.raises(CommandError, match="newer Quipu") as error:
        restore(newer)
    assert "knowledge.9999_from_the_future" in str(error.value)
    assert "Upgrade this installation" in str(error.value)
    assert untouched() == before


def test_an_archive_from_an_older_schema_is_refused_with_the_fix(archive, tmp_path):
    older = manifest_changed(
        archive,
        tmp_path / "older.tar",
        lambda manifest: manifest["migrations"]["knowledge"].pop(),
    )
    with pytest.raises(CommandError, match="older Quipu") as error:
        restore(older)
    assert "then upgrade" in str(error.value)


def test_something_that_is_not_a_backup_is_refused(tmp_path):
    not_a_backup = tmp_path / "notes.tar"
    with tarfile.open(not_a_backup, "w") as opened:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        opened.addfile(info, io.BytesIO(b"hello"))
    with pytest.raises(CommandError, match="damaged"):
        restore(not_a_backup)
    with pytest.raises(CommandError, match="no archive"):
        restore(tmp_path / "missing.tar")


def test_a_restore_over_a_site_with_content_is_refused(archive):
    before = untouched()
    with pytest.raises(CommandError, match="already holds a site"):
        restore(archive)
    assert untouched() == before


def test_a_backup_with_a_missing_file_stops_unless_told_to_skip_it(make_document, tmp_path):
    document = make_document("es", "pdf", name="perdido-respaldo.pdf")
    document.file.storage.delete(document.file.name)
    path = tmp_path / "site.tar"

    with pytest.raises(CommandError, match=r"perdido-respaldo\.pdf"):
        call_command("backup", str(path), verbosity=0)
    assert list(tmp_path.iterdir()) == []

    call_command("backup", str(path), "--skip-missing-files", verbosity=0, stderr=io.StringIO())
    with tarfile.open(path) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["missing_files"] == [document.file.name]
    assert f"media/{document.file.name}" not in manifest["files"]
