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
every translation stamp its summary in each language (now one row per language), and every
table that exists on both sides keeps its rows. A redesign that moves or renames models
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
    # Training editions (knowledge/migrations/0010): each chain of pages linked by
    # `previous_edition` became one page whose editions hold the chain's texts and file rows;
    # the earlier pages, their revisions and references went, their addresses became
    # permanent redirects, and their taxonomy and links moved onto the kept page
    # (test_earlier_edition_addresses_lead_to_their_edition checks what each now shows).
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtailcore_referenceindex",
    "wagtailredirects_redirect",
    "knowledge_trainingmaterialpage",
    "knowledge_trainingmaterialpage_audiences",
    "knowledge_trainingmaterialpage_institutions",
    "knowledge_trainingmaterialpage_regions",
    "knowledge_trainingmaterialpage_sectors",
    "knowledge_trainingmaterialpage_topics",
    "knowledge_trainingmaterialpage_protocol_versions",
    "knowledge_eventpage_materials",
    "knowledge_lessonpage_materials",
    # The removed pages' translation status.
    "editorial_translationstamp",
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
    stamp_summaries = _stamp_summaries_before(database)
    media = folder / "media"
    with tarfile.open(snapshot / "media.tar.gz") as archive:
        archive.extractall(media, filter="data")
    chained = _chained_pages(database)
    env = target_environment(f"sqlite:///{database}", media)
    first = run_manage(env, "migrate", "--noinput")
    stamp_rows = _stamp_rows_after(database)
    again = run_manage(env, "migrate", "--noinput")
    output = run_manage(
        env, "shell", "-c", "from tests.operations.upgrade_state import main; main()"
    )
    expected = json.loads((snapshot / "expected.json").read_text(encoding="utf-8"))
    old_addresses = [
        url for url, page in expected["pages"].items() if page["page"] in chained["replaced"]
    ]
    followed = run_manage(
        env,
        "shell",
        "-c",
        "from tests.operations.edition_state import main; "
        f"main({json.dumps(json.dumps(old_addresses))})",
    )
    return {
        "snapshot": request.param,
        "chained": chained,
        "old_addresses": old_addresses,
        "followed": json.loads(followed.strip().splitlines()[-1]),
        "migrate": first,
        "migrate_again": again,
        "state": json.loads(output.strip().splitlines()[-1]),
        "expected": expected,
        "version_files": version_files,
        "stamp_summaries": stamp_summaries,
        "stamp_rows": stamp_rows,
    }


def _chained_pages(database):
    """What the release's database says of training pages chained by `previous_edition`:
    the ids of the pages a newer one replaced, and each one's edition label and files."""
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute(
            "SELECT page_ptr_id, previous_edition_id, edition_es FROM knowledge_trainingmaterialpage"
        ).fetchall()
        files = connection.execute(
            "SELECT page_id, document_id FROM knowledge_trainingfile"
        ).fetchall()
    finally:
        connection.close()
    replaced = {previous for _page, previous, _label in rows if previous}
    return {
        "replaced": sorted(replaced),
        "labels": {page: label for page, _previous, label in rows},
        "files": {
            page: sorted(document for owner, document in files if owner == page)
            for page, _previous, _label in rows
        },
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


# The release databases summarised each translation stamp in two column pairs: the source
# language's and the first translation's.
STAMP_COLUMNS = (("spanish", "es"), ("english", "en"))


def _stamp_summaries_before(database):
    """{stamp id: {language: [digest, changed at]}} read from the old summary columns."""
    connection = sqlite3.connect(database)
    try:
        columns = ", ".join(
            f"{prefix}_digest, {prefix}_changed_at" for prefix, _language in STAMP_COLUMNS
        )
        rows = connection.execute(
            f"SELECT id, {columns} FROM editorial_translationstamp ORDER BY id"  # noqa: S608
        ).fetchall()
    finally:
        connection.close()
    summaries = {}
    for stamp_id, *values in rows:
        pairs = zip(values[::2], values[1::2], strict=True)
        summaries[stamp_id] = {
            language: [digest, changed_at]
            for (digest, changed_at), (_prefix, language) in zip(pairs, STAMP_COLUMNS, strict=True)
            if digest or changed_at
        }
    return summaries


def _stamp_rows_after(database):
    """{stamp id: {language: [digest, changed at]}} read from the per-language rows, for every
    stamp the upgraded database holds (a stamp with no row maps to {})."""
    connection = sqlite3.connect(database)
    try:
        stamps = [pk for (pk,) in connection.execute("SELECT id FROM editorial_translationstamp")]
        rows = connection.execute(
            "SELECT stamp_id, language, digest, changed_at FROM editorial_translationstamplanguage"
        ).fetchall()
    finally:
        connection.close()
    found = {pk: {} for pk in stamps}
    for stamp_id, language, digest, changed_at in rows:
        found[stamp_id][language] = [digest, changed_at]
    return found


def test_the_release_database_migrates_and_a_second_migrate_has_nothing_to_do(upgraded):
    assert "No migrations to apply." in upgraded["migrate_again"]


def test_every_public_address_answers_as_before_with_its_title(upgraded):
    """Every address but those of the earlier editions merged into their material's page
    (they redirect: the next test)."""
    before, after = upgraded["expected"]["pages"], upgraded["state"]["pages"]
    assert len(before) == 80
    old = set(upgraded["old_addresses"])
    assert len(old) == 2  # the femicide course's first edition, in Spanish and English
    assert after == {url: page for url, page in before.items() if url not in old}


def test_earlier_edition_addresses_lead_to_their_edition(upgraded):
    """The first edition's old page is now an edition of the course: its old addresses
    redirect for good to that edition's permanent address, which shows its label and the
    same file rows (the same documents, with the same download counts)."""
    chained, before = upgraded["chained"], upgraded["expected"]
    for url in upgraded["old_addresses"]:
        old_page = before["pages"][url]["page"]
        found = upgraded["followed"][url]
        language = url.split("/")[1]
        assert found["status"] == 301, url
        assert f"/{language}/" in found["location"] and "/v/" in found["location"], url
        assert found["target_status"] == 200, url
        assert found["label_es"] == chained["labels"][old_page]
        assert found["label_shown"], url
        assert found["documents"] == chained["files"][old_page] and found["documents"], url
        assert found["documents_shown"], url
        assert found["downloads"] == {
            str(pk): before["documents"][str(pk)]["downloads"] for pk in found["documents"]
        }


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


def test_every_translation_stamp_keeps_its_summary_as_one_row_per_language(upgraded):
    """The summary columns became rows: each stamp kept (stamps of the training pages merged
    into editions went with their pages) has a row per language that had a digest or a date,
    with the same digest and date, and no other row."""
    before, after = upgraded["stamp_summaries"], upgraded["stamp_rows"]
    assert after and all(after.values())
    assert set(after) <= set(before)
    assert after == {pk: before[pk] for pk in after}
    assert {language for rows in after.values() for language in rows} == {"es", "en"}


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
    # The merge of chained training pages removed exactly the earlier pages.
    replaced = len(upgraded["chained"]["replaced"])
    assert replaced == 1
    assert after["wagtailcore_page"] == before["wagtailcore_page"] - replaced
    assert after["knowledge_trainingmaterialpage"] == (
        before["knowledge_trainingmaterialpage"] - replaced
    )
    assert after["knowledge_trainingfile"] == before["knowledge_trainingfile"]
    assert after["knowledge_trainingedition"] == before["knowledge_trainingmaterialpage"]


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
    # A training material's editions, each on its own screen.
    "knowledge.trainingedition",
    # A translation stamp's summary in each language, as rows.
    "editorial.translationstamplanguage",
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
    # Django's four model permissions for each new model, and Wagtail's publish and lock
    # permissions for a model with drafts and locks; no role is granted them (a version takes
    # its page's rights).
    rows = before["rows"]
    assert after["rows"]["django_content_type"] == rows["django_content_type"] + len(ADDED_MODELS)
    assert after["rows"]["auth_permission"] >= rows["auth_permission"] + 4 * len(ADDED_MODELS)
    assert after["rows"]["auth_group_permissions"] == rows["auth_group_permissions"]
    for name, group in before["groups"].items():
        expected = sorted(_relabelled(permission) for permission in group["permissions"])
        assert after["groups"][name]["permissions"] == expected, name
    assert any(
        permission.startswith("core.")
        for group in after["groups"].values()
        for permission in group["permissions"]
    )
