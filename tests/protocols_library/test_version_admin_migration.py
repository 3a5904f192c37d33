"""The move of versions to their own screens keeps every version and every draft being written.

The migration runs for real on a fresh SQLite database in a separate process: the schema before
it is built, a work is written there as the old admin saved it (versions as rows, plus a
newer page revision holding an edited version and a version drafted only in that revision),
then the migration runs and the result is read back with today's models.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import datetime, json, uuid
import django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Only what the schema before the move needs: the apps protocols_library 0001 depends on.
call_command("migrate", "protocols_library", "0001", verbosity=0, interactive=False)
state = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True)
apps = state.apps
ContentType = apps.get_model("contenttypes", "ContentType")
Page = apps.get_model("wagtailcore", "Page")
Locale = apps.get_model("wagtailcore", "Locale")
Revision = apps.get_model("wagtailcore", "Revision")
Work = apps.get_model("protocols_library", "ProtocolWorkPage")
Version = apps.get_model("protocols_library", "ProtocolVersion")

work_type, _ = ContentType.objects.get_or_create(app_label="protocols_library", model="protocolworkpage")
page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
root = Page.objects.get(depth=1)
published_at = datetime.datetime(2023, 5, 1, 12, 0, tzinfo=datetime.timezone.utc)
work = Work.objects.create(
    path=root.path + "0099", depth=2, numchild=0, title="Obra", draft_title="Obra", slug="obra",
    url_path="/obra/", content_type=work_type, live=True, has_unpublished_changes=True,
    locale=Locale.objects.first(), translation_key=uuid.uuid4(),
    first_published_at=published_at, last_published_at=published_at,
)
root.numchild += 1
root.save()

def text(words):
    return json.dumps([{"type": "section", "id": words[:8], "value": {"heading": "Objeto", "body": f"<p>{words}</p>"}}])

v1 = Version.objects.create(page_id=work.pk, label="v1", slug="v1", is_published=True,
    effective_date=datetime.date(2019, 3, 10), sections_es=text("Primera versión"),
    change_summary_es="Original.")
v2 = Version.objects.create(page_id=work.pk, label="v2", slug="v2", is_published=True,
    effective_date=datetime.date(2022, 3, 15), sections_es=text("Segunda versión"),
    change_summary_es="Lo que cambió.")
old_draft = Version.objects.create(page_id=work.pk, label="borrador", slug="borrador",
    is_published=False, sections_es=text("Un borrador guardado"))

def item(version, **changes):
    data = {"pk": version.pk if version else None, "page": work.pk}
    for field in Version._meta.concrete_fields:
        if field.name in ("id", "page"):
            continue
        value = field.value_from_object(version) if version else None
        if hasattr(field, "stream_block"):
            value = field.get_prep_value(value) if version else "[]"
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        data[field.name] = value
    data.update(changes)
    return data

live_revision = Revision.objects.create(
    content_type=work_type, base_content_type=page_type, object_id=str(work.pk),
    object_str="Obra", created_at=published_at,
    content={"pk": work.pk, "title": "Obra", "versions": [item(v1), item(v2), item(old_draft)]},
)
new_item = item(None, label="2024", slug="2024", is_published=False,
    sections_es=text("Texto nuevo en preparación"), change_summary_es="Nuevo plazo.",
    approving_instrument_type="resolucion_ministerial", effective_date=None,
    is_demo_reference=False, label_es=None)
latest = Revision.objects.create(
    content_type=work_type, base_content_type=page_type, object_id=str(work.pk),
    object_str="Obra", created_at=published_at + datetime.timedelta(days=30),
    content={"pk": work.pk, "title": "Obra", "versions": [
        item(v1), item(v2, change_summary_es="Lo que cambió, corregido."), item(old_draft), new_item,
    ]},
)
Work.objects.filter(pk=work.pk).update(live_revision=live_revision, latest_revision=latest)

# Everything to today's schema, the move included.
call_command("migrate", verbosity=0, interactive=False)

from protocols_library.models import ProtocolVersion, ProtocolWorkPage
from wagtail.models import Revision as RealRevision

versions = {v.label: v for v in ProtocolVersion.objects.filter(page_id=work.pk)}
edited = versions["v2"].get_latest_revision_as_object()
new = versions["2024"]
work_now = ProtocolWorkPage.objects.get(pk=work.pk)
result = {
    "labels": sorted(versions),
    "live": {label: v.live for label, v in versions.items()},
    "published_row_summary": versions["v2"].change_summary_es,
    "draft_summary": edited.change_summary_es,
    "v2_has_unpublished_changes": versions["v2"].has_unpublished_changes,
    "v1_has_revision": versions["v1"].latest_revision_id is not None,
    "first_published_at": versions["v1"].first_published_at.isoformat(),
    "new_text": new.sections_es[0].value["body"].source,
    "new_type": new.approving_instrument_type,
    "new_latest_text": new.get_latest_revision_as_object().sections_es[0].value["body"].source,
    "in_force": work_now.timeline(on=datetime.date(2024, 6, 15)).in_force.label,
    "work_revision_loads": work_now.get_latest_revision_as_object().title,
}
call_command("migrate", "protocols_library", "0001", verbosity=0, interactive=False)
with connection.cursor() as cursor:
    cursor.execute("SELECT label, is_published FROM protocols_library_protocolversion ORDER BY id")
    result["reversed"] = [[label, bool(flag)] for label, flag in cursor.fetchall()]
print("RESULT" + json.dumps(result))
"""


@pytest.mark.database_vendor("sqlite")
def test_migration_keeps_versions_and_moves_drafts_from_work_revisions(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'before.sqlite3'}",
        "SEARCH_AUTOSYNC": "false",
    }
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT"))
    result = json.loads(line[len("RESULT") :])
    assert result["labels"] == ["2024", "borrador", "v1", "v2"]
    assert result["live"] == {"v1": True, "v2": True, "borrador": False, "2024": False}
    # The public keeps seeing what was published; the edit waits as the version's draft.
    assert result["published_row_summary"] == "Lo que cambió."
    assert result["draft_summary"] == "Lo que cambió, corregido."
    assert result["v2_has_unpublished_changes"] is True
    assert result["v1_has_revision"] is False
    assert result["first_published_at"].startswith("2023-05-01")
    # The version drafted only inside the work's revision is now a draft version of its own.
    assert result["new_text"] == "<p>Texto nuevo en preparación</p>"
    assert result["new_latest_text"] == "<p>Texto nuevo en preparación</p>"
    assert result["new_type"] == "resolucion_ministerial"
    assert result["in_force"] == "v2"
    assert result["work_revision_loads"] == "Obra"
    # And back: approved versions are "published" again, drafts are not.
    assert ["v1", True] in result["reversed"] and ["borrador", False] in result["reversed"]
