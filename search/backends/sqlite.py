"""The database engine on SQLite: FTS5 tables per site language (migrations 0002, 0004).

Every text (title, summary, body, files) is stored for matching, titles and summaries alone
for ranking, and folded title words for autocomplete. MATCH expressions are built from
stems, never from user text.
"""

from collections import defaultdict

from ..analysis import languages
from .fulltext import FullText, not_in, stored_text, title_words
from .ranking import BM25_WEIGHTS, SCORED_CHARACTERS, bm25_scores

FTS_COLUMNS = "title, summary, body, attachments"


class SQLiteFullText(FullText):
    vendor = "sqlite"

    @classmethod
    def prepare(cls, document):
        """(title, summary, body, attachments, title words or None) as stored."""
        columns = [
            " ".join(stored_text(text, language) for text, language in texts)
            for texts in cls.fields(document)
        ]
        return (*columns, title_words(document.title) if document.is_current else None)

    def write(self, entries):
        ids = dict(
            self.backend._entries()
            .filter(key__in=[entry.key for entry in entries])
            .values_list("key", "id")
        )
        values = defaultdict(list)  # {(table, columns): rows}
        for entry in entries:
            entry_id, language = ids[entry.key], entry.language
            *columns, prefix = entry.fulltext
            values[f"fts_{language}", FTS_COLUMNS].append((entry_id, *columns))
            values[f"head_{language}", "title, summary"].append((entry_id, *columns[:2]))
            if prefix is not None:
                values[f"prefix_{language}", "words"].append((entry_id, prefix))
        with self.cursor() as cursor:
            for (table, columns), table_rows in values.items():
                placeholders = ", ".join(["%s"] * len(table_rows[0]))
                cursor.executemany(
                    f"INSERT INTO quipu_search_{table} (rowid, {columns}) "  # noqa: S608
                    f"VALUES ({placeholders})",
                    table_rows,
                )

    def clear(self):
        with self.cursor() as cursor:
            for language in languages():
                for kind in ("fts", "prefix", "head"):
                    cursor.execute(f"DELETE FROM quipu_search_{kind}_{language}")  # noqa: S608

    # Queries

    @staticmethod
    def phrase(stems):
        return '"' + " ".join(stems) + '"'

    @staticmethod
    def matching_select(language, clauses, titles):
        """The rest of a SELECT of the ids above an id (a parameter left) matching the clauses
        (FullText.matching); FTS5 combines the words' matches itself."""
        table = f"quipu_search_{'head' if titles else 'fts'}_{language}"
        expression = " AND ".join(f"({' OR '.join(clause)})" for clause in clauses)
        if titles:
            expression = f"{{title}} : ({expression})"
        select = f"group_concat(rowid) FROM {table} WHERE {table} MATCH %s AND rowid > %s"
        return select, [expression]

    def scores(self, cursor, plan, ids, titles):
        """BM25 over the stored stems, scored in Python: asking FTS5 for the scores of chosen
        rows would re-run the whole match once per row."""
        fields = ("title", "summary") if titles else ("title", "summary", "body", "attachments")
        table = f"quipu_search_{'head' if titles else 'fts'}_{plan['language']}"
        placeholders = ", ".join(["%s"] * len(ids))
        # Only what is scored is read (SCORED_CHARACTERS of each field).
        columns = ", ".join(f"substr(f.{field}, 1, {SCORED_CHARACTERS:d})" for field in fields)
        cursor.execute(
            f"SELECT f.rowid, {columns}, json_extract(e.document, '$.weight'), e.kind "  # noqa: S608
            f"FROM {table} f JOIN {self.entries} e ON e.id = f.rowid "
            f"WHERE f.rowid IN ({placeholders})",
            list(ids),
        )
        rows = cursor.fetchall()
        clauses = [[alternative.strip('"') for alternative in clause] for clause in plan["clauses"]]
        scores = bm25_scores([row[:-2] for row in rows], clauses, BM25_WEIGHTS[: len(fields)])
        return [(row[0], scores[row[0]], row[-2], row[-1]) for row in rows]

    def complete(self, words, language, limit, excluded=()):
        table = f"quipu_search_prefix_{language}"
        expression = " AND ".join(f'"{word}"*' for word in words)
        sql = (
            f"SELECT e.id, e.document FROM {table} JOIN {self.entries} e "  # noqa: S608
            f"ON e.id = {table}.rowid WHERE {table} MATCH %s{not_in(excluded)} "
            f"ORDER BY bm25({table}), length({table}.words) LIMIT %s"
        )
        return self.fetch_documents(sql, [expression, *excluded, limit])
