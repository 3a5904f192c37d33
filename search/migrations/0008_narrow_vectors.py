"""PostgreSQL: the search and head vectors move from the wide entry row to a narrow table.

A search asks for the ids of every entry matching its words. GIN indexes cannot return ids by
themselves, so PostgreSQL reads a table row per match: on the entry table that is a row
holding the whole document, several hundred bytes to kilobytes each, about a second for a
common word at 100,000 items. `quipu_search_vectors` holds only (entry id, language, search
vector, head vector); a row longer than 2 kB keeps its search vector out of line
(`toast_tuple_target`), the head vector, small, in the row. Title matches are looked up in
an index of the head vector's title lexemes, with no weight to check row by row. Triggers
delete an entry's vectors with it, whoever deletes it (TRUNCATE too). Existing vectors are
copied: no rebuild needed. SQLite is untouched.
"""

from django.db import migrations

ENTRIES = "quipu_search_indexentry"
VECTORS = "quipu_search_vectors"
# The title's lexemes (weight A) of the head vector: matching them needs no recheck.
TITLES = "ts_filter(head_vector, '{a}')"

# Searches go on while vectors are copied; writes to the index wait (SHARE), so none is missed.
FORWARD = [
    f"LOCK TABLE {ENTRIES} IN SHARE MODE",
    f"CREATE TABLE {VECTORS} (entry_id bigint PRIMARY KEY, language varchar(8) NOT NULL, "
    "search_vector tsvector NOT NULL, head_vector tsvector NOT NULL) "
    "WITH (toast_tuple_target = 128)",
    f"ALTER TABLE {VECTORS} ALTER head_vector SET STORAGE MAIN",
    f"INSERT INTO {VECTORS} SELECT id, language, COALESCE(search_vector, ''), "
    f"COALESCE(head_vector, '') FROM {ENTRIES} ORDER BY id",
    f"CREATE INDEX quipu_search_vectors_gin ON {VECTORS} USING GIN (search_vector)",
    f"CREATE INDEX quipu_search_vectors_title_gin ON {VECTORS} USING GIN ({TITLES})",
    "CREATE FUNCTION quipu_search_vectors_deleted() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN DELETE FROM {VECTORS} WHERE entry_id = OLD.id; RETURN NULL; END $$",
    "CREATE FUNCTION quipu_search_vectors_truncated() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN TRUNCATE {VECTORS}; RETURN NULL; END $$",
    f"CREATE TRIGGER quipu_search_vectors_deleted AFTER DELETE ON {ENTRIES} "
    "FOR EACH ROW EXECUTE FUNCTION quipu_search_vectors_deleted()",
    f"CREATE TRIGGER quipu_search_vectors_truncated AFTER TRUNCATE ON {ENTRIES} "
    "FOR EACH STATEMENT EXECUTE FUNCTION quipu_search_vectors_truncated()",
    f"ALTER TABLE {ENTRIES} DROP COLUMN search_vector, DROP COLUMN head_vector",
]

BACKWARD = [
    f"DROP TRIGGER quipu_search_vectors_truncated ON {ENTRIES}",
    f"DROP TRIGGER quipu_search_vectors_deleted ON {ENTRIES}",
    "DROP FUNCTION quipu_search_vectors_truncated()",
    "DROP FUNCTION quipu_search_vectors_deleted()",
    f"ALTER TABLE {ENTRIES} ADD COLUMN search_vector tsvector, ADD COLUMN head_vector tsvector",
    f"UPDATE {ENTRIES} e SET search_vector = v.search_vector, head_vector = v.head_vector "
    f"FROM {VECTORS} v WHERE v.entry_id = e.id",
    f"DROP TABLE {VECTORS}",
    f"CREATE INDEX quipu_search_vector_gin ON {ENTRIES} USING GIN (search_vector)",
    f"CREATE INDEX quipu_search_head_gin ON {ENTRIES} USING GIN (head_vector)",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("quipu_search", "0007_promotion_translation")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
