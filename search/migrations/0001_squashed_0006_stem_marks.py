"""The database engine's tables, and its full-text structures for the database in use.

SQLite: per site language, an FTS5 table for matching and ranking (`fts`), one of title and
summary alone to rank title matches first without scanning every body (`head`), and one of
folded title words with a prefix index for autocomplete (`prefix`); rowid is IndexEntry.id,
and a trigger deletes an entry's rows with it, whoever deletes it. PostgreSQL: tsvector
columns on IndexEntry with GIN indexes, and a GIN index on the facets. Both hold text already
analysed in Python (search/analysis.py), so no database extension or text-search
configuration beyond 'simple' is needed, and both databases match alike.
"""

from django.conf import settings
from django.db import migrations, models

KINDS = {
    "fts": "title, summary, body, attachments, filters",
    "head": "title, summary",
    "prefix": "words",
}
PREFIX_OPTIONS = {"prefix": ", prefix = '2 3 4'"}


def sqlite_statements(languages):
    tables = [(f"quipu_search_{kind}_{language}", kind) for language in languages for kind in KINDS]
    create = [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({KINDS[kind]}, "
        f"tokenize = 'unicode61 remove_diacritics 0'{PREFIX_OPTIONS.get(kind, '')})"
        for table, kind in tables
    ]
    deletes = " ".join(f"DELETE FROM {table} WHERE rowid = old.id;" for table, _kind in tables)
    create.append(
        "CREATE TRIGGER IF NOT EXISTS quipu_search_entry_deleted "
        f"AFTER DELETE ON quipu_search_indexentry BEGIN {deletes} END"
    )
    drop = ["DROP TRIGGER IF EXISTS quipu_search_entry_deleted"]
    return create, drop + [f"DROP TABLE IF EXISTS {table}" for table, _kind in tables]


POSTGRES_CREATE = [
    *(
        f"ALTER TABLE quipu_search_indexentry ADD COLUMN IF NOT EXISTS {kind}_vector tsvector"
        for kind in ("search", "prefix", "head")
    ),
    *(
        f"CREATE INDEX IF NOT EXISTS quipu_search_{name}_gin "
        f"ON quipu_search_indexentry USING GIN ({column})"
        for name, column in (
            ("vector", "search_vector"),
            ("prefix", "prefix_vector"),
            ("head", "head_vector"),
            ("facets", "facets jsonb_path_ops"),
        )
    ),
]


def create_full_text(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    languages = [code for code, _name in settings.LANGUAGES]
    statements = {"sqlite": sqlite_statements(languages)[0], "postgresql": POSTGRES_CREATE}
    for statement in statements.get(vendor, []):
        schema_editor.execute(statement)


def drop_full_text(apps, schema_editor):
    # PostgreSQL's columns and indexes go with the table.
    if schema_editor.connection.vendor == "sqlite":
        languages = [code for code, _name in settings.LANGUAGES]
        for statement in sqlite_statements(languages)[1]:
            schema_editor.execute(statement)


def id_field():
    return models.BigAutoField(
        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
    )


class Migration(migrations.Migration):
    replaces = [
        ("quipu_search", "0001_initial"),
        ("quipu_search", "0002_fulltext"),
        ("quipu_search", "0003_indexentry_words"),
        ("quipu_search", "0004_head_fulltext"),
        ("quipu_search", "0005_removedentry"),
        ("quipu_search", "0006_stem_marks"),
    ]

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                ("id", id_field()),
                ("key", models.CharField(max_length=200, unique=True)),
                ("object_key", models.CharField(db_index=True, max_length=100)),
                ("language", models.CharField(max_length=8)),
                ("kind", models.CharField(max_length=100)),
                ("is_current", models.BooleanField(default=True)),
                ("date", models.DateField(blank=True, null=True)),
                ("status", models.CharField(blank=True, max_length=40)),
                ("facets", models.JSONField(default=list)),
                ("document", models.JSONField(default=dict)),
                ("attachment_ids", models.TextField(blank=True)),
                ("fingerprint", models.CharField(max_length=64)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                ("words", models.TextField(blank=True)),
            ],
            options={
                "verbose_name": "search index entry",
                "verbose_name_plural": "search index entries",
                "indexes": [
                    models.Index(
                        fields=["language", "is_current", "date"], name="quipu_search_lang_date"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="IndexWord",
            fields=[
                ("id", id_field()),
                ("language", models.CharField(max_length=8)),
                ("word", models.CharField(max_length=80)),
                ("entries", models.PositiveIntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language", "word"), name="quipu_search_word_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="PendingChange",
            fields=[
                ("id", id_field()),
                ("object_key", models.CharField(max_length=100)),
                ("engine", models.CharField(max_length=40)),
                ("attempts", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("object_key", "engine"), name="quipu_search_pending_unique"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ZeroResultQuery",
            fields=[
                ("id", id_field()),
                ("query_string", models.CharField(max_length=255, verbose_name="search")),
                ("language", models.CharField(max_length=8, verbose_name="language")),
                ("date", models.DateField(verbose_name="date")),
                ("hits", models.PositiveIntegerField(default=0, verbose_name="times searched")),
            ],
            options={
                "verbose_name": "search with no results",
                "verbose_name_plural": "searches with no results",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("query_string", "language", "date"),
                        name="quipu_search_zero_unique",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="RemovedEntry",
            fields=[("id", id_field()), ("entry_id", models.BigIntegerField())],
        ),
        migrations.RunPython(create_full_text, drop_full_text, elidable=False),
    ]
