"""Background tasks queued before the move (TASKS_BACKEND=database) name their function by its
old module, `knowledge.tasks`, which is now `core.tasks`: a text extraction or a set of image
sizes waiting in the queue during an upgrade would otherwise fail to import and never run.

Plain SQL on the queue's table when it exists, so this needs nothing from the queue's app."""

from django.db import migrations

OLD, NEW = "knowledge.tasks.", "core.tasks."
TABLE = "django_tasks_database_dbtaskresult"


def _carry(schema_editor, old, new):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if TABLE not in connection.introspection.table_names(cursor):
            return
        table = connection.ops.quote_name(TABLE)
        cursor.execute(
            f"UPDATE {table} SET task_path = %s || substr(task_path, %s) "  # noqa: S608
            f"WHERE task_path LIKE %s",
            [new, len(old) + 1, old + "%"],
        )


def carry_task_paths(apps, schema_editor):
    _carry(schema_editor, OLD, NEW)


def restore_task_paths(apps, schema_editor):
    _carry(schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0007_foundation_models_moved_to_core"),
    ]

    operations = [migrations.RunPython(carry_task_paths, restore_task_paths)]
