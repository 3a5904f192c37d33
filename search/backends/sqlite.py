"""The database engine on SQLite: FTS5 tables per site language (migrations 0002, 0004).

Every text (title, summary, body, files) is stored for matching, titles and summaries alone
for ranking, and folded title words for autocomplete. MATCH expressions are built from
stems, never from user text.
"""

from ..analysis import fold_words, languages
from ..intent import type_factor
from .fulltext import FullText, not_in, storage_token, stored_text
from .ranking import BM25_WEIGHTS, SCORED_CHARACTERS, bm25_scores

FTS_COLUMNS = "title, summary, body, attachments"


class SQLiteFullText(FullText):
    vendor = "sqlite"

    TABLES = ("fts", "prefix", "head")

    @staticmethod
    def prepare(document):
        """(title, summary, body, attachments, title words or None) as stored."""
        attachments = " ".join(
            stored_text(f"{item.title} {item.text}", item.language) for item in document.attachments
        )
        prefix = None
        if document.is_current:
            prefix = storage_token(" ".join(fold_words(document.title)))
        return (
            stored_text(document.title, document.title_language),
            stored_text(document.summary, document.summary_language),
            stored_text(document.body, document.body_language),
            attachments,
            prefix,
        )

    def write(self, rows):
        """Full-text rows of new entries: (entry id, PreparedEntry)."""
        values = {}  # {(table, columns): rows}
        for entry_id, entry in rows:
            *columns, prefix = entry.fulltext
            language = entry.language
            values.setdefault((f"fts_{language}", FTS_COLUMNS), []).append((entry_id, *columns))
            head = (entry_id, columns[0], columns[1])
            values.setdefault((f"head_{language}", "title, summary"), []).append(head)
            if prefix is not None:
                values.setdefault((f"prefix_{language}", "words"), []).append((entry_id, prefix))
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
                for kind in self.TABLES:
                    cursor.execute(f"DELETE FROM quipu_search_{kind}_{language}")  # noqa: S608

    # Queries

    @staticmethod
    def phrase(stems):
        """A MATCH phrase of stems."""
        return '"' + " ".join(stems) + '"'

    @staticmethod
    def matching_select(language, clauses, titles):
        """The ids matching the clauses above an id (a parameter left), as the rest of a
        SELECT; FTS5 combines the words' matches itself."""
        table = f"quipu_search_{'head' if titles else 'fts'}_{language}"
        expression = " AND ".join(f"({' OR '.join(clause)})" for clause in clauses)
        if titles:
            expression = f"{{title}} : ({expression})"
        select = f"group_concat(rowid) FROM {table} WHERE {table} MATCH %s AND rowid > %s"
        return select, [expression]

    def score(self, plan, ids, titles=False):
        """(id, BM25 score times the item's weight) of these entries, best first, over titles
        and summaries alone (`titles`) or every field. Scored in Python from the stored stems:
        asking FTS5 for the scores of chosen rows would re-run the whole match once per row."""
        if not ids:
            return []
        fields = ("title", "summary") if titles else ("title", "summary", "body", "attachments")
        table = f"quipu_search_{'head' if titles else 'fts'}_{plan['language']}"
        placeholders = ", ".join(["%s"] * len(ids))
        # Only what is scored is read (SCORED_CHARACTERS of each field).
        columns = ", ".join(f"substr(f.{field}, 1, {SCORED_CHARACTERS:d})" for field in fields)
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid, {columns}, json_extract(e.document, '$.weight'), e.kind "  # noqa: S608
                f"FROM {table} f JOIN {self.entries} e ON e.id = f.rowid "
                f"WHERE f.rowid IN ({placeholders})",
                list(ids),
            )
            rows = cursor.fetchall()
        item_weights = {
            row[0]: (row[-2] if row[-2] is not None else 1.0)
            * type_factor(row[-1], plan["boost_kinds"])
            for row in rows
        }
        phrases = [alternative.strip('"') for clause in plan["clauses"] for alternative in clause]
        scores = bm25_scores([row[:-2] for row in rows], phrases, BM25_WEIGHTS[: len(fields)])
        weighted = {key: score * item_weights[key] for key, score in scores.items()}
        return sorted(weighted.items(), key=lambda item: (-item[1], -item[0]))

    def complete(self, words, language, limit, excluded=()):
        table = f"quipu_search_prefix_{language}"
        expression = " AND ".join(f'"{word}"*' for word in words)
        sql = (
            f"SELECT e.document FROM {table} JOIN {self.entries} e "  # noqa: S608
            f"ON e.id = {table}.rowid WHERE {table} MATCH %s{not_in(excluded)} "
            f"ORDER BY bm25({table}), length({table}.words) LIMIT %s"
        )
        return self.fetch_documents(sql, [expression, *excluded, limit])
