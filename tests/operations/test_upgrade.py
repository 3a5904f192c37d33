"""An existing Quipu database upgrades to today's code with nothing lost.

Each snapshot folder holds a site made by an earlier release: its SQLite database as an SQL
dump (`migrate` + `load_demo`, then download counts set on every document, 3 x id - 2) and its
media folder, and `expected.json`, what that release itself served from it, recorded with
`tests/operations/upgrade_state.py` run by that release's code.

- `upgrade/`: the release of 29 November 2026 (commit b8bf7d9).
- `upgrade_main/`: the release of 30 November 2026 (commit 743f08c), the last before the
  foundation app `core` took media, taxonomy, site pages and settings from `knowledge` (their
  tables kept, their content types renamed).

The test restores the dump into a fresh file, runs today's `migrate` in a separate process (as
an operator would), then records the same state with today's code and compares: every public
page address in both languages answers as before and still shows its title, every document
keeps its file, bytes and download count, every image its file, every protocol version its
work, label and date, every account its groups and password, every group its permissions, and
every table that exists on both sides keeps its rows. A redesign that moves or renames models
maps them here instead of dropping the check.
"""

import gzip
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest

from tests.live import run_manage, target_environment

SNAPSHOTS = {
    "2026-11-29": Path(__file__).parent / "upgrade",
    "2026-11-30": Path(__file__).parent / "upgrade_main",
}

# Tables whose rows an upgrade may legitimately change, each with the reason.
CHANGING_TABLES = {
    # One row per applied migration, content type and model permission: new models add rows.
    "django_migrations",
    "django_content_type",
    "auth_permission",
    # The editorial roles are restated by editorial/migrations/0005 with the permissions
    # Wagtail actually checks (its docstring lists them; tests/editorial test the rights):
    # group and collection grants, the regions' collections and the moderation task's groups.
    "auth_group_permissions",
    "wagtailcore_groupcollectionpermission",
    "wagtailcore_collection",
    "wagtailcore_groupapprovaltask_groups",
    # Image sizes made on demand while pages are shown: a cache, not content.
    "knowledge_quipurendition",
}


@pytest.fixture(scope="module", params=sorted(SNAPSHOTS))
def upgraded(request, tmp_path_factory):
    snapshot = SNAPSHOTS[request.param]
    folder = tmp_path_factory.mktemp("upgrade")
    database = folder / "quipu.sqlite3"
    with gzip.open(snapshot / "database.sql.gz", "rt", encoding="utf-8") as dump:
        connection = sqlite3.connect(database)
        connection.executescript(dump.read())
        connection.close()
    version_files = _version_files_before(database)
    media = folder / "media"
    with tarfile.open(snapshot / "media.tar.gz") as archive:
        archive.extractall(media, filter="data")
    env = target_environment(f"sqlite:///{database}", media)
    first = run_manage(env, "migrate", "--noinput")
    again = run_manage(env, "migrate", "--noinput")
    output = run_manage(
        env, "shell", "-c", "from tests.operations.upgrade_state import main; main()"
    )
    return {
        "snapshot": request.param,
        "migrate": first,
        "migrate_again": again,
        "state": json.loads(output.strip().splitlines()[-1]),
        "expected": json.loads((snapshot / "expected.json").read_text(encoding="utf-8")),
        "version_files": version_files,
    }


# The release databases kept one column per version file and language.
FILE_COLUMNS = (("pdf_es", "es"), ("docx_es", "es"), ("pdf_en", "en"), ("docx_en", "en"))


def _version_files_before(database):
    """{version id: [[document id, language, extension], ...]} read from the old columns."""
    connection = sqlite3.connect(database)
    try:
        columns = ", ".join(f"{column}_id" for column, _language in FILE_COLUMNS)
        rows = connection.execute(
            f"SELECT id, {columns} FROM protocols_library_protocolversion ORDER BY id"  # noqa: S608
        ).fetchall()
        names = dict(connection.execute("SELECT id, file FROM knowledge_quipudocument"))
    finally:
        connection.close()
    files = {}
    for version_id, *document_ids in rows:
        files[str(version_id)] = [
            [document_id, language, names[document_id].rsplit(".", 1)[-1].lower()]
            for document_id, (_column, language) in zip(document_ids, FILE_COLUMNS, strict=True)
            if document_id is not None
        ]
    return files


def test_the_release_database_migrates_and_a_second_migrate_has_nothing_to_do(upgraded):
    assert "No migrations to apply." in upgraded["migrate_again"]


def test_every_public_address_answers_as_before_with_its_title(upgraded):
    before, after = upgraded["expected"]["pages"], upgraded["state"]["pages"]
    assert len(before) == 80
    assert after == before


def test_documents_keep_their_files_bytes_and_download_counts(upgraded):
    before, after = upgraded["expected"]["documents"], upgraded["state"]["documents"]
    assert before and all(document["downloads"] > 0 for document in before.values())
    assert after == before


def test_images_versions_and_accounts_are_kept(upgraded):
    for part in ("images", "versions", "users"):
        assert upgraded["state"][part] == upgraded["expected"][part], part


def test_every_version_keeps_its_files_in_their_languages_and_order(upgraded):
    """The per-language file columns became rows on the same documents (same downloads and
    addresses), each document in the language of the column it stood in."""
    before, after = upgraded["version_files"], upgraded["state"]["version_files"]
    assert sum(len(files) for files in before.values()) > 0
    assert after == before
    # Revisions made before the upgrade name the same files, so publishing one keeps them.
    revisions = upgraded["state"]["revision_files"]
    for version, documents in revisions.items():
        assert documents == [document for document, *_rest in before[version]], version


def test_groups_keep_their_members_and_page_permissions(upgraded):
    before, after = upgraded["expected"]["groups"], upgraded["state"]["groups"]
    assert sorted(after) == sorted(before)
    for name, group in before.items():
        assert after[name]["pages"] == group["pages"], name
        # Role grants are restated, never emptied: everyone keeps the admin.
        assert "wagtailadmin.access_admin" in after[name]["permissions"], name


def test_every_table_on_both_sides_keeps_its_rows(upgraded):
    before, after = upgraded["expected"]["rows"], upgraded["state"]["rows"]
    changed = {
        table: (count, after[table])
        for table, count in before.items()
        if table in after and table not in CHANGING_TABLES and after[table] != count
    }
    assert changed == {}
    # A table that disappears must have been carried elsewhere: none has, so far.
    assert sorted(set(before) - set(after)) == []


# The foundation's models, moved from knowledge to core with their tables and content types.
MOVED_TO_CORE = {
    "glossarypage",
    "glossaryterm",
    "homepage",
    "institution",
    "programmesettings",
    "quipudocument",
    "quipuimage",
    "quipurendition",
    "region",
    "sector",
    "standardpage",
    "topic",
    # Wagtail's own permission on documents and images.
    "document",
    "image",
}


# Models that did not exist in that release.
ADDED_MODELS = {
    # A version's files as rows, one per file, each in its document's language.
    "protocols_library.protocolversionfile",
}


def _relabelled(permission):
    app_label, codename = permission.split(".", 1)
    if app_label == "knowledge" and codename.split("_", 1)[1] in MOVED_TO_CORE:
        return f"core.{codename}"
    return permission


# Only the release before the foundation app: the earlier one's roles were restated since
# (editorial/migrations/0005) and its content types are fewer.
@pytest.mark.parametrize("upgraded", ["2026-11-30"], indirect=True)
def test_moved_models_keep_their_content_types_and_every_group_its_permissions(upgraded):
    """Moved models' content types are renamed, never added (only models new since then add
    theirs), so every role holds the same permissions, now under `core` for the moved models."""
    before, after = upgraded["expected"], upgraded["state"]
    added = {
        "django_content_type": len(ADDED_MODELS),
        # Django's four model permissions: add, change, delete, view.
        "auth_permission": 4 * len(ADDED_MODELS),
        "auth_group_permissions": 0,
    }
    for table, count in added.items():
        assert after["rows"][table] == before["rows"][table] + count, table
    for name, group in before["groups"].items():
        expected = sorted(_relabelled(permission) for permission in group["permissions"])
        assert after["groups"][name]["permissions"] == expected, name
    assert any(
        permission.startswith("core.")
        for group in after["groups"].values()
        for permission in group["permissions"]
    )
