"""Full text of titles and summaries alone, to rank title matches first without scanning
every body that mentions a common word.

SQLite: one FTS5 table per site language (title, summary), deleted with the entry by the
trigger. PostgreSQL: a weighted tsvector column with a GIN index.
"""

from django.db import migrations

LANGUAGES = ("es", "en")
KINDS = ("fts", "prefix", "head")

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS quipu_search_head_{language} USING fts5("
    "title, summary, tokenize = 'unicode61 remove_diacritics 0')"
    for language in LANGUAGES
] + [
    "DROP TRIGGER IF EXISTS quipu_search_entry_deleted",
    "CREATE TRIGGER quipu_search_entry_deleted AFTER DELETE ON quipu_search_indexentry BEGIN "
    + " ".join(
        f"DELETE FROM quipu_search_{kind}_{language} WHERE rowid = old.id;"
        for language in LANGUAGES
        for kind in KINDS
    )
    + " END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS quipu_search_entry_deleted",
    "CREATE TRIGGER quipu_search_entry_deleted AFTER DELETE ON quipu_search_indexentry BEGIN "
    + " ".join(
        f"DELETE FROM quipu_search_{kind}_{language} WHERE rowid = old.id;"
        for language in LANGUAGES
        for kind in ("fts", "prefix")
    )
    + " END",
] + [f"DROP TABLE IF EXISTS quipu_search_head_{language}" for language in LANGUAGES]

POSTGRES_CREATE = [
    "ALTER TABLE quipu_search_indexentry ADD COLUMN IF NOT EXISTS head_vector tsvector",
    "CREATE INDEX IF NOT EXISTS quipu_search_head_gin "
    "ON quipu_search_indexentry USING GIN (head_vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS quipu_search_head_gin",
    "ALTER TABLE quipu_search_indexentry DROP COLUMN IF EXISTS head_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("quipu_search", "0003_indexentry_words")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        )
    ]
