from django.db import migrations, models

LANGUAGES = ("es", "en")

# Adding a NOT NULL column makes Django rebuild the table on SQLite, which drops its triggers.
SQLITE_TRIGGER = (
    "CREATE TRIGGER IF NOT EXISTS quipu_search_entry_deleted "
    "AFTER DELETE ON quipu_search_indexentry BEGIN "
    + " ".join(
        f"DELETE FROM quipu_search_{kind}_{language} WHERE rowid = old.id;"
        for language in LANGUAGES
        for kind in ("fts", "prefix")
    )
    + " END"
)


def restore_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("quipu_search", "0002_fulltext")]

    operations = [
        migrations.AddField(
            model_name="indexentry",
            name="words",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(restore_trigger, migrations.RunPython.noop, elidable=False),
    ]
