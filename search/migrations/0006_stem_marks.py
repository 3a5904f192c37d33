"""English stems are now stored with a mark (search/backends/database.py, STEM_MARKS).

The database engine's index is emptied so that no entry keeps unmarked English stems; the
next `manage.py search_index fix` (or rebuild, which `load_demo` runs) writes it again.
"""

from django.db import migrations


def empty_database_index(apps, schema_editor):
    using = schema_editor.connection.alias
    for name in ("IndexEntry", "IndexWord", "RemovedEntry"):
        model = apps.get_model("quipu_search", name)
        # Deleting entries also deletes their full-text rows (SQLite triggers, PostgreSQL
        # columns).
        model.objects.using(using).all()._raw_delete(using)


class Migration(migrations.Migration):
    dependencies = [("quipu_search", "0005_removedentry")]

    operations = [migrations.RunPython(empty_database_index, migrations.RunPython.noop)]
