"""Tasks queued by a release before the foundation app keep running after the upgrade.

With TASKS_BACKEND=database a queued task names its function by module: a text extraction
queued as `knowledge.tasks.extract_document_text` must run as `core.tasks.…` once the code has
moved (knowledge/migrations/0008). The migration's function is run here on a real queue row.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from core.tasks import extract_document_text

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("knowledge.migrations.0008_queued_tasks_follow_core")


@pytest.fixture
def queued(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = extract_document_text.enqueue(0)
    row = DBTaskResult.objects.get(pk=result.id)
    # As the release before the move queued it.
    DBTaskResult.objects.filter(pk=row.pk).update(task_path="knowledge.tasks.extract_document_text")
    row.refresh_from_db()
    return row


def test_a_task_queued_under_the_old_module_runs_from_core_after_migrating(queued):
    with pytest.raises(ImportError):
        queued.task  # noqa: B018 - the old path no longer imports

    MIGRATION.carry_task_paths(None, SimpleNamespace(connection=connection))

    queued.refresh_from_db()
    assert queued.task_path == "core.tasks.extract_document_text"
    assert queued.task.func is extract_document_text.func


def test_migrating_back_restores_the_old_module(queued):
    schema_editor = SimpleNamespace(connection=connection)
    MIGRATION.carry_task_paths(None, schema_editor)
    MIGRATION.restore_task_paths(None, schema_editor)

    queued.refresh_from_db()
    assert queued.task_path == "knowledge.tasks.extract_document_text"
