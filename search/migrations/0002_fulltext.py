"""Full-text structures of the database engine, for the database in use.

SQLite: one FTS5 table per site language for matching and ranking, and one per language of
folded title words with a prefix index for autocomplete; rowid is IndexEntry.id.
PostgreSQL: tsvector columns on IndexEntry with GIN indexes, and a GIN index on the facets.
Both hold text already analysed in Python (search/analysis.py), so no database extension
or text-search configuration beyond 'simple' is needed, and both databases match alike.
"""

from django.db import migrations

LANGUAGES = ("es", "en")

SQLITE_CREATE = [
    statement
    for language in LANGUAGES
    for statement in (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS quipu_search_fts_{language} USING fts5("
        "title, summary, body, attachments, filters, "
        "tokenize = 'unicode61 remove_diacritics 0')",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS quipu_search_prefix_{language} USING fts5("
        "words, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')",
    )
] + [
    # Whoever deletes an entry (the engine, a cascade, a test flush) deletes its full text.
    "CREATE TRIGGER IF NOT EXISTS quipu_search_entry_deleted "
    "AFTER DELETE ON quipu_search_indexentry BEGIN "
    + " ".join(
        f"DELETE FROM quipu_search_{kind}_{language} WHERE rowid = old.id;"
        for language in LANGUAGES
        for kind in ("fts", "prefix")
    )
    + " END"
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS quipu_search_entry_deleted"] + [
    f"DROP TABLE IF EXISTS quipu_search_{kind}_{language}"
    for language in LANGUAGES
    for kind in ("fts", "prefix")
]

POSTGRES_CREATE = [
    "ALTER TABLE quipu_search_indexentry ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "ALTER TABLE quipu_search_indexentry ADD COLUMN IF NOT EXISTS prefix_vector tsvector",
    "CREATE INDEX IF NOT EXISTS quipu_search_vector_gin "
    "ON quipu_search_indexentry USING GIN (search_vector)",
    "CREATE INDEX IF NOT EXISTS quipu_search_prefix_gin "
    "ON quipu_search_indexentry USING GIN (prefix_vector)",
    "CREATE INDEX IF NOT EXISTS quipu_search_facets_gin "
    "ON quipu_search_indexentry USING GIN (facets jsonb_path_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS quipu_search_facets_gin",
    "DROP INDEX IF EXISTS quipu_search_prefix_gin",
    "DROP INDEX IF EXISTS quipu_search_vector_gin",
    "ALTER TABLE quipu_search_indexentry DROP COLUMN IF EXISTS prefix_vector",
    "ALTER TABLE quipu_search_indexentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("quipu_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
            elidable=False,
        )
    ]
