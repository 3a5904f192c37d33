"""The database engine on PostgreSQL: weighted tsvectors with GIN indexes.

The vectors (title A, summary B, body C, files D; and titles and summaries alone) live in a
narrow table of their own (search/migrations/0008_narrow_vectors.py), written with the entry
and queried as literals of stems: the ids of a common word's matches are read from small
rows, not from the entries' wide ones.
"""

from django.db import transaction

from .fulltext import MAX_POSITION, MAX_POSITIONS, FullText, not_in, stored_text, title_words
from .ranking import ts_rank_scores


def vector(positions):
    """A tsvector literal of {stem: [position and weight]}."""
    return " ".join(f"'{stem}':{','.join(found)}" for stem, found in positions.items())


class PostgresFullText(FullText):
    """Weighted tsvectors beside IndexEntry, written and queried as literals of stems."""

    vendor = "postgresql"

    VECTORS = "quipu_search_vectors"

    def entry_values(self, entry):
        search, head, prefix = entry.fulltext
        return prefix, search, head

    def inserting(self, columns, values):
        """The entry's INSERT with its prefix vector, writing its vectors too, in one statement."""
        insert = super().inserting(f"{columns}, prefix_vector", f"{values}, %s::tsvector")
        return (
            f"WITH entry AS ({insert} RETURNING id, language) INSERT INTO {self.VECTORS} "  # noqa: S608
            "SELECT id, language, %s::tsvector, %s::tsvector FROM entry"
        )

    @classmethod
    def prepare(cls, document):
        """(search vector, head vector, prefix vector) as tsvector literals: every field
        (title A, summary B, body C, files D); the title and summary alone; and, of a current
        item, the title's words."""
        positions, position, head = {}, 0, ""
        for weight, texts in zip("ABCD", cls.fields(document), strict=True):
            if weight == "C":
                head = vector(positions)
            for text, language in texts:
                for stem in stored_text(text, language).split():
                    position = min(position + 1, MAX_POSITION)
                    found = positions.setdefault(stem, [])
                    if len(found) < MAX_POSITIONS:
                        found.append(f"{position}{weight}")
        words = set(title_words(document.title).split()) if document.is_current else ()
        return vector(positions), head, " ".join(f"'{word}'" for word in words)

    # Queries

    @staticmethod
    def phrase(stems):
        return " <-> ".join(f"'{stem}'" for stem in stems)

    def matching(self, language, queries, titles=False):
        """As FullText.matching, never by a sequential scan: the planner counts a vector's test
        as cheap, but on the narrow table it reads every row's vector (TOAST included) where
        the GIN index reads only the matching rows."""
        with transaction.atomic(using=self.backend.using), self.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            found = super().matching(language, queries, titles)
            cursor.execute("SET LOCAL enable_seqscan TO DEFAULT")
        return found

    def matching_select(self, language, clauses, titles):
        # Weight A marks the title's lexemes in the head vector (an index of their own).
        column = "ts_filter(head_vector, '{a}')" if titles else "search_vector"
        return (
            f"string_agg(CAST(entry_id AS TEXT), ',') FROM {self.VECTORS} "
            f"WHERE language = %s AND {column} @@ %s::tsquery AND entry_id > %s",
            [language, " & ".join(f"({' | '.join(clause)})" for clause in clauses)],
        )

    def scores(self, cursor, plan, ids, titles):
        """ts_rank of each word times its rarity (search/backends/ranking.py)."""
        return ts_rank_scores(cursor, self.entries, self.VECTORS, plan, ids, titles)

    def complete(self, words, language, limit, excluded=()):
        tsquery = " & ".join(f"'{word}':*" for word in words)
        sql = (
            f"SELECT e.id, e.document FROM {self.entries} e WHERE e.language = %s "  # noqa: S608
            f"AND e.is_current AND e.prefix_vector @@ %s::tsquery{not_in(excluded)} "
            "ORDER BY length(e.document->>'title'), e.id LIMIT %s"
        )
        return self.fetch_documents(sql, [language, tsquery, *excluded, limit])
