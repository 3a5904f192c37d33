"""What the database engine's two dialects share: stems as stored, query phrases, documents.

Text is analysed in Python (search/analysis.py) and stored as stems, so SQLite FTS5 and
PostgreSQL match exactly the same words and neither needs an extension.
"""

import json
from functools import lru_cache

from django.conf import settings
from pyroaring import BitMap

from ..analysis import analyze, fold_words
from ..intent import type_factor
from ..models import IndexEntry

# PostgreSQL keeps at most 256 positions per lexeme; fewer keeps long files' vectors small.
MAX_POSITIONS = 64
MAX_POSITION = 16383
# Queries matched in one statement (SQLite allows 500 SELECTs in a compound one).
MAX_COMPOUND = 200


def storage_token(token):
    """A stem as stored: FTS5 and tsvector lexemes carry no inner punctuation."""
    return token.replace(".", "").replace("'", "").replace("\u2019", "").replace("_", "")


def title_words(text):
    """Folded words as autocomplete stores and looks them up, space-separated."""
    return storage_token(" ".join(fold_words(text)))


# Stems of every language but the source language (LANGUAGE_CODE) are stored with a mark of
# their own. On the English site, Spanish text of pages not yet translated sits beside
# English text; the mark keeps an English stem from matching a Spanish word that stems alike
# ("protocols" and "protocolos" both give "protocol"), so each text is matched by the query
# as its own language analyses it, as in Elasticsearch's per-language fields. The marks follow
# the order of LANGUAGES ("ǝ" for the second language, "ǝǝ" for the third...): adding a
# language at the end keeps the others'; changing them needs the index rebuilt.
STEM_MARK = "\u01dd"


def stem_mark(language):
    """The mark of `language`'s stored stems: none for the source language."""
    others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return STEM_MARK * (others.index(language) + 1) if language in others else ""


@lru_cache(maxsize=32)
def stored_text(text, language):
    """The stems of a text as one space-separated string, as the FTS tables store them.

    The last few are kept: the documents of one item (its languages, its versions) written
    one after another often share a text (a page not yet translated, a version's files)."""
    if not text:
        return ""
    stems = storage_token(" ".join(analyze(text, language)))
    mark = stem_mark(language)
    if mark:
        return " ".join(mark + stem for stem in stems.split())
    return stems


class FullText:
    """What both databases share: the query's plan, matching, and weighting the scores.

    Deleting an entry deletes its full text too: SQLite's trigger deletes its rows, and
    PostgreSQL's trigger deletes its vectors."""

    # Title matches scored for the first tier of results, the most recently indexed first.
    RANKED_TITLES = 200
    # Other matches scored for the second tier, likewise.
    RANKED_MATCHES = 200

    def __init__(self, backend):
        self.backend = backend
        self.entries = IndexEntry._meta.db_table

    def entry_values(self, entry):
        """Parameters of a PreparedEntry's INSERT after IndexEntry's own (`inserting`)."""
        return ()

    def inserting(self, columns, values):
        """The INSERT of an entry (IndexEntry's `columns`, the placeholders of their
        `values`), with whatever the dialect writes with it."""
        return f"INSERT INTO {self.entries} ({columns}) VALUES ({values})"  # noqa: S608

    def write(self, entries):
        """Full text in rows of its own, of the PreparedEntries just inserted (SQLite's)."""

    def clear(self):
        """Empties the dialect's own full-text tables, if it has any."""

    @staticmethod
    def fields(document):
        """[(text, language)] of the title, of the summary, of the body and of the files."""
        return (
            [(document.title, document.title_language)],
            [(document.summary, document.summary_language)],
            [(document.body, document.body_language)],
            [(f"{item.title} {item.text}", item.language) for item in document.attachments],
        )

    def plan(self, query):
        """The query's clauses, each a list of its alternatives in every language searched,
        as the dialect's phrases of stored stems (`phrase`); None when nothing can match."""
        clauses = []
        for clause in query.clauses:
            alternatives = []
            for language in query.site_text_languages:
                for alternative in clause.wordings_in(language):
                    stems = stored_text(" ".join(alternative), language).split()
                    if stems and (phrase := self.phrase(stems)) not in alternatives:
                        alternatives.append(phrase)
            if alternatives:
                clauses.append(alternatives)
        if not clauses:
            return None
        return {"clauses": clauses, "language": query.language, "boost_kinds": query.boost_kinds}

    def cursor(self):
        return self.backend.connection.cursor()

    def matching(self, language, queries, titles=False):
        """For each (clauses, after), the bitmap of the entries above `after` matching the
        clauses (every clause, any of its alternatives) anywhere, or in the title (`titles`).

        The database combines the words' matches and returns the ids as one string: the
        matches of a common word are many, and JSON parses them ten times faster than int().
        """
        found = []
        for start in range(0, len(queries), MAX_COMPOUND):
            chunk = queries[start : start + MAX_COMPOUND]
            selects, parameters = [], []
            for position, (clauses, after) in enumerate(chunk):
                select, values = self.matching_select(language, clauses, titles)
                selects.append(f"SELECT {position:d}, {select}")
                parameters += [*values, after]
            with self.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(selects), parameters)
                ids = dict(cursor.fetchall())
            found += [
                BitMap(json.loads(f"[{ids[position]}]") if ids.get(position) else ())
                for position in range(len(chunk))
            ]
        return found

    def score(self, plan, ids, titles=False):
        """(id, score times the item's weight and the factor of its kind, search/intent.py) of
        these entries, best first, over titles and summaries alone (`titles`) or every field;
        the dialect's `scores` gives (id, score, weight, kind)."""
        if not ids:
            return []
        with self.cursor() as cursor:
            rows = self.scores(cursor, plan, ids, titles)
        kinds = plan["boost_kinds"]
        weighted = [
            (identifier, score * ((1.0 if weight is None else weight) * type_factor(kind, kinds)))
            for identifier, score, weight, kind in rows
        ]
        return sorted(weighted, key=lambda item: (-item[1], -item[0]))

    def fetch_documents(self, sql, params):
        """The document data of the entries a query selects (their id and document)."""
        return [entry.document for entry in self.backend._entries().raw(sql, params)]


def not_in(excluded):
    """SQL leaving out entries of these object keys (one placeholder each), or nothing."""
    if not excluded:
        return ""
    return " AND e.object_key NOT IN (" + ", ".join(["%s"] * len(excluded)) + ")"
