"""The database engine: SQLite FTS5 on a laptop, PostgreSQL full-text search in production.

Text is analysed in Python (search/analysis.py) and stored as stems, so both databases match
exactly the same words and neither needs an extension. Entries live in `IndexEntry`; the
full-text part is vendor-specific (see migrations/0002_fulltext.py):

- SQLite: FTS5 tables per site language with columns title, summary, body, attachments and
  filters (facet values as opaque tokens), ranked with bm25() weighting the title highest;
- PostgreSQL: a weighted tsvector (title A, summary B, body C, files D) ranked with
  ts_rank(), and facets filtered through a GIN index on a jsonb array.

Removals delete rows in the caller's transaction, so an unpublished page leaves this index
when its unpublishing commits.
"""

import heapq
import json
import logging
from collections import Counter

from django.db import connections, transaction

from ..analysis import analyze, fold_words
from ..highlight import count_matches, highlight_all, query_stems, snippet
from ..models import IndexEntry, IndexWord
from .base import (
    AttachmentMatch,
    BaseSearchBackend,
    Completion,
    FacetCount,
    Health,
    Hit,
    IndexState,
    SearchResults,
)

logger = logging.getLogger("quipu.search")

BATCH_SIZE = 200
# bm25() weights for title, summary, body, attachments, filters.
SQLITE_WEIGHTS = "10.0, 4.0, 1.0, 0.6, 0.0"
# Words of titles and summaries offered as spelling suggestions.
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 40
# PostgreSQL keeps at most 256 positions per lexeme; fewer keeps long files' vectors small.
MAX_POSITIONS = 64
MAX_POSITION = 16383
EARLIER_VERSION_FILTER = "zearlier"


def storage_token(token):
    """A stem as stored: FTS5 and tsvector lexemes carry no inner punctuation."""
    return token.replace(".", "").replace("'", "").replace("\u2019", "").replace("_", "")


def stored_stems(text, language):
    return [token for token in (storage_token(stem) for stem in analyze(text, language)) if token]


def facet_token(value):
    """A facet value ("region:la-libertad") as one FTS5 token."""
    return "x" + value.encode().hex()


def suggestion_words(document):
    words = set()
    for text in (document.title, document.summary):
        for word in fold_words(text or ""):
            if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and word.isalpha():
                words.add(word)
    return words


def edit_distance(first, second, limit):
    """Levenshtein distance, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            current.append(
                min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (char != other))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class DatabaseSearchBackend(BaseSearchBackend):
    """Full-text search in the site's own database; no server of its own."""

    name = "database"

    def __init__(self, using="default", **options):
        super().__init__(**options)
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    @property
    def fulltext(self):
        vendor = self.connection.vendor
        if vendor == "postgresql":
            return PostgresFullText(self)
        if vendor == "sqlite":
            return SQLiteFullText(self)
        raise NotImplementedError(f"The database engine does not support {vendor}.")

    def _entries(self):
        return IndexEntry.objects.using(self.using)

    # Writing

    def index(self, documents):
        written = 0
        batch = []
        for document in documents:
            batch.append(document)
            if len(batch) >= BATCH_SIZE:
                written += self._index_batch(batch)
                batch = []
        if batch:
            written += self._index_batch(batch)
        return written

    def _index_batch(self, documents):
        by_key = {document.key: document for document in documents}
        fulltext = self.fulltext
        with transaction.atomic(using=self.using):
            existing = {
                entry.key: entry
                for entry in self._entries()
                .filter(key__in=list(by_key))
                .only("id", "key", "language", "document")
            }
            removed_words = Counter()
            for entry in existing.values():
                for word in suggestion_words(_document_from(entry)):
                    removed_words[(entry.language, word)] += 1
            new, changed = [], []
            for key, document in by_key.items():
                entry = existing.get(key) or IndexEntry(key=key)
                entry.object_key = document.object_key
                entry.language = document.language
                entry.kind = document.kind
                entry.is_current = document.is_current
                entry.date = document.date
                entry.status = document.status
                entry.facets = document.facet_tokens()
                entry.document = document.as_dict()
                entry.attachment_ids = "".join(
                    f" {item.document_id} " for item in document.attachments
                )
                entry.fingerprint = document.fingerprint()
                (changed if entry.pk else new).append(entry)
            if new:
                self._entries().bulk_create(new)
                if any(entry.pk is None for entry in new):
                    ids = dict(
                        self._entries()
                        .filter(key__in=[e.key for e in new])
                        .values_list("key", "id")
                    )
                    for entry in new:
                        entry.pk = entry.id = ids[entry.key]
            if changed:
                self._entries().bulk_update(
                    changed,
                    [
                        "object_key",
                        "language",
                        "kind",
                        "is_current",
                        "date",
                        "status",
                        "facets",
                        "document",
                        "attachment_ids",
                        "fingerprint",
                        "updated_at",
                    ],
                )
            entries = new + changed
            fulltext.write([(entry.pk, by_key[entry.key]) for entry in entries])
            added_words = Counter()
            for entry in entries:
                for word in suggestion_words(by_key[entry.key]):
                    added_words[(entry.language, word)] += 1
            self._update_words(added_words, removed_words)
        return len(entries)

    def remove(self, object_keys):
        object_keys = list(object_keys)
        removed = 0
        for start in range(0, len(object_keys), BATCH_SIZE):
            chunk = object_keys[start : start + BATCH_SIZE]
            removed += self._delete(self._entries().filter(object_key__in=chunk))
        return removed

    def remove_keys(self, keys):
        keys = list(keys)
        removed = 0
        for start in range(0, len(keys), BATCH_SIZE):
            removed += self._delete(
                self._entries().filter(key__in=keys[start : start + BATCH_SIZE])
            )
        return removed

    def _delete(self, queryset):
        with transaction.atomic(using=self.using):
            entries = list(queryset.only("id", "language", "document"))
            if not entries:
                return 0
            removed_words = Counter()
            for entry in entries:
                for word in suggestion_words(_document_from(entry)):
                    removed_words[(entry.language, word)] += 1
            ids = [entry.pk for entry in entries]
            self.fulltext.delete(ids)
            self._entries().filter(pk__in=ids).delete()
            self._update_words(Counter(), removed_words)
        return len(entries)

    def keys_for(self, object_keys):
        return list(
            self._entries().filter(object_key__in=list(object_keys)).values_list("key", flat=True)
        )

    def _update_words(self, added, removed):
        delta = Counter(added)
        delta.subtract(removed)
        increments = [(lang, word, count) for (lang, word), count in delta.items() if count > 0]
        decrements = [(-count, lang, word) for (lang, word), count in delta.items() if count < 0]
        table = IndexWord._meta.db_table
        with self.connection.cursor() as cursor:
            if increments:
                cursor.executemany(
                    f"INSERT INTO {table} (language, word, entries) VALUES (%s, %s, %s) "  # noqa: S608
                    f"ON CONFLICT (language, word) "
                    f"DO UPDATE SET entries = {table}.entries + excluded.entries",
                    increments,
                )
            if decrements:
                cursor.executemany(
                    f"UPDATE {table} SET entries = entries - %s "  # noqa: S608
                    "WHERE language = %s AND word = %s",
                    decrements,
                )
                cursor.execute(f"DELETE FROM {table} WHERE entries <= 0")  # noqa: S608

    def rebuild(self, documents, progress=None):
        """Rewrites every entry in batches, then drops entries no longer public.

        Each batch commits on its own, so searches keep answering from the existing entries
        and editors can publish while a rebuild runs.
        """
        seen = set()
        batch = []
        written = 0
        for document in documents:
            batch.append(document)
            seen.add(document.key)
            if len(batch) >= BATCH_SIZE:
                written += self._index_batch(batch)
                batch = []
                if progress:
                    progress(written)
        if batch:
            written += self._index_batch(batch)
            if progress:
                progress(written)
        stale = [key for key in self.state().fingerprints if key not in seen]
        self.remove_keys(stale)
        self._recount_words()
        return written

    def _recount_words(self):
        """Vocabulary counts recomputed from the entries, correcting any drift."""
        counts = Counter()
        for entry in self._entries().only("language", "document").iterator(chunk_size=500):
            for word in suggestion_words(_document_from(entry)):
                counts[(entry.language, word)] += 1
        with transaction.atomic(using=self.using):
            IndexWord.objects.using(self.using).all().delete()
            IndexWord.objects.using(self.using).bulk_create(
                [
                    IndexWord(language=language, word=word, entries=count)
                    for (language, word), count in counts.items()
                ],
                batch_size=1000,
            )

    def clear(self):
        with transaction.atomic(using=self.using):
            self.fulltext.clear()
            self._entries().all().delete()
            IndexWord.objects.using(self.using).all().delete()

    # Reading

    def search(self, query):
        if query.is_empty:
            return SearchResults(engine=self.name)
        fulltext = self.fulltext
        plan = fulltext.plan(query)
        if plan is None:
            return SearchResults(engine=self.name)
        ranked = fulltext.hits(plan, query)
        total = fulltext.count(plan, query.filters)
        facets = self._facets(fulltext, plan, query)
        stems = query_stems(query.clauses, query.site_text_languages)
        hits = [self._hit(entry_document, score, stems) for entry_document, score in ranked]
        return SearchResults(hits=hits, total=total, facets=facets, engine=self.name)

    def count(self, query):
        if query.is_empty:
            return 0
        fulltext = self.fulltext
        plan = fulltext.plan(query)
        return 0 if plan is None else fulltext.count(plan, query.filters)

    def _facets(self, fulltext, plan, query):
        """Counts per facet value; a facet with a selection is counted without it."""
        filters = query.filters
        selected = {name for name, _values in filters.terms()}
        counts = {}
        base = fulltext.facet_counts(plan, filters)
        for token, count in base.items():
            name, _sep, value = token.partition(":")
            if name not in selected:
                counts.setdefault(name, {})[value] = count
        for name in selected:
            partial = fulltext.facet_counts(plan, filters.without(name), only=name)
            for token, count in partial.items():
                facet, _sep, value = token.partition(":")
                if facet == name:
                    counts.setdefault(name, {})[value] = count
        result = {}
        for name, values in counts.items():
            chosen = set(getattr(filters, name, ()) or ())
            result[name] = [
                FacetCount(value=value, count=count, selected=value in chosen)
                for value, count in sorted(values.items(), key=lambda item: (-item[1], item[0]))
            ]
        return result

    def _hit(self, data, score, stems):
        document = _document_from_dict(data)
        title_html = highlight_all(document.title, document.title_language, stems)
        text_snippet = ""
        if count_matches(document.body, document.body_language, stems):
            text_snippet = snippet(document.body, document.body_language, stems)
        elif document.summary:
            text_snippet = snippet(document.summary, document.summary_language, stems)
        attachment = None
        best = 0
        for item in document.attachments:
            matches = count_matches(item.text, item.language, stems)
            if matches > best:
                best = matches
                attachment = AttachmentMatch(
                    document_id=item.document_id,
                    title=item.title,
                    url=item.url,
                    extension=item.extension,
                    language=item.language,
                    snippet=snippet(item.text, item.language, stems),
                )
        if not text_snippet and document.body:
            text_snippet = snippet(document.body, document.body_language, stems)
        return Hit(
            key=document.key,
            object_key=document.object_key,
            kind=document.kind,
            url=document.url,
            title=document.title,
            title_html=title_html,
            snippet=text_snippet,
            language=document.language,
            title_language=document.title_language,
            date=document.date,
            status=document.status,
            is_current=document.is_current,
            attachment=attachment,
            score=float(score or 0),
        )

    def autocomplete(self, text, language, limit=8):
        words = [word for word in (storage_token(w) for w in fold_words(text)) if word]
        if not words:
            return []
        documents = self.fulltext.complete(words[-6:], language, limit)
        return [
            Completion(
                title=data["title"],
                url=data["url"],
                kind=data["kind"],
                language=language,
                object_key=data["object_key"],
            )
            for data in documents
        ]

    def spelling_candidates(self, word, language, limit=5):
        if len(word) < MIN_WORD_LENGTH + 1 or not word.isalpha():
            return []
        allowed = 1 if len(word) <= 5 else 2
        rows = (
            IndexWord.objects.using(self.using)
            .filter(language=language, word__startswith=word[0])
            .exclude(word=word)
            .values_list("word", "entries")
        )
        scored = []
        for candidate, entries in rows:
            if abs(len(candidate) - len(word)) > allowed:
                continue
            distance = edit_distance(word, candidate, allowed)
            if distance <= allowed:
                scored.append((distance, -entries, candidate))
        return [candidate for _distance, _entries, candidate in heapq.nsmallest(limit, scored)]

    def state(self):
        return IndexState(fingerprints=dict(self._entries().values_list("key", "fingerprint")))

    def health(self):
        try:
            documents = self._entries().count()
        except Exception as error:  # the database itself is the site; report, do not raise
            return Health(engine=self.name, is_healthy=False, detail=str(error))
        return Health(
            engine=self.name,
            is_healthy=True,
            documents=documents,
            detail=self.connection.vendor,
        )


def _document_from_dict(data):
    from ..documents import SearchDocument

    return SearchDocument.from_dict(data)


def _document_from(entry):
    return _document_from_dict(entry.document)


class SQLiteFullText:
    """FTS5 tables per site language; MATCH expressions built from stems, never user text."""

    def __init__(self, backend):
        self.backend = backend
        self.entries = IndexEntry._meta.db_table

    def cursor(self):
        return self.backend.connection.cursor()

    def write(self, rows):
        with self.cursor() as cursor:
            ids = [(entry_id,) for entry_id, _document in rows]
            for table in self._tables():
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", ids)  # noqa: S608
            by_language = {}
            prefixes = {}
            for entry_id, document in rows:
                by_language.setdefault(document.language, []).append(
                    (entry_id, *self._columns(document))
                )
                if document.is_current:
                    words = " ".join(storage_token(word) for word in fold_words(document.title))
                    prefixes.setdefault(document.language, []).append((entry_id, words))
            for language, values in by_language.items():
                cursor.executemany(
                    f"INSERT INTO quipu_search_fts_{language} "  # noqa: S608
                    "(rowid, title, summary, body, attachments, filters) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    values,
                )
            for language, values in prefixes.items():
                cursor.executemany(
                    f"INSERT INTO quipu_search_prefix_{language} (rowid, words) "  # noqa: S608
                    "VALUES (%s, %s)",
                    values,
                )

    def _tables(self):
        from ..analysis import LANGUAGES

        return [
            f"quipu_search_{kind}_{language}"
            for language in LANGUAGES
            for kind in ("fts", "prefix")
        ]

    @staticmethod
    def _columns(document):
        attachments = " ".join(
            " ".join(stored_stems(f"{item.title} {item.text}", item.language))
            for item in document.attachments
        )
        filters = [facet_token(token) for token in document.facet_tokens()]
        if not document.is_current:
            filters.append(EARLIER_VERSION_FILTER)
        return (
            " ".join(stored_stems(document.title, document.title_language)),
            " ".join(stored_stems(document.summary, document.summary_language)),
            " ".join(stored_stems(document.body, document.body_language)),
            attachments,
            " ".join(filters),
        )

    def delete(self, ids):
        with self.cursor() as cursor:
            for table in self._tables():
                cursor.executemany(
                    f"DELETE FROM {table} WHERE rowid = %s",  # noqa: S608
                    [(entry_id,) for entry_id in ids],
                )

    def clear(self):
        with self.cursor() as cursor:
            for table in self._tables():
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    # Queries

    def plan(self, query):
        """The MATCH expression of the query's text, or None when nothing can match."""
        clauses = []
        for clause in query.clauses:
            alternatives = []
            for alternative in clause.alternatives:
                for language in query.site_text_languages:
                    stems = stored_stems(" ".join(alternative), language)
                    if stems:
                        phrase = '"' + " ".join(stems) + '"'
                        if phrase not in alternatives:
                            alternatives.append(phrase)
            if alternatives:
                clauses.append("(" + " OR ".join(alternatives) + ")")
        if not clauses:
            return None
        text = "{title summary body attachments} : (" + " AND ".join(clauses) + ")"
        return {
            "text": text,
            "language": query.language,
            "include_versions": query.include_versions,
        }

    def _match(self, plan, filters):
        expression = plan["text"]
        for name, values in filters.terms():
            tokens = " OR ".join(facet_token(f"{name}:{value}") for value in values)
            expression += f" AND filters : ({tokens})"
        if not plan["include_versions"]:
            expression += f" NOT filters : {EARLIER_VERSION_FILTER}"
        return expression

    def _date_condition(self, filters, alias="e"):
        conditions, params = [], []
        if filters.year_from is not None:
            conditions.append(f"{alias}.date >= %s")
            params.append(f"{filters.year_from:04d}-01-01")
        if filters.year_to is not None:
            conditions.append(f"{alias}.date <= %s")
            params.append(f"{filters.year_to:04d}-12-31")
        return conditions, params

    def hits(self, plan, query):
        table = f"quipu_search_fts_{plan['language']}"
        conditions, params = self._date_condition(query.filters)
        where = "".join(f" AND {condition}" for condition in conditions)
        if query.sort == "date":
            order = "e.date IS NULL, e.date DESC, score"
        else:
            order = "score"
        sql = (
            f"SELECT e.document, bm25({table}, {SQLITE_WEIGHTS}) AS score "  # noqa: S608
            f"FROM {table} JOIN {self.entries} e ON e.id = {table}.rowid "
            f"WHERE {table} MATCH %s{where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with self.cursor() as cursor:
            cursor.execute(
                sql, [self._match(plan, query.filters), *params, query.per_page, query.offset]
            )
            return [(json.loads(document), -score) for document, score in cursor.fetchall()]

    def count(self, plan, filters):
        table = f"quipu_search_fts_{plan['language']}"
        conditions, params = self._date_condition(filters)
        if conditions:
            sql = (
                f"SELECT count(*) FROM {table} JOIN {self.entries} e "  # noqa: S608
                f"ON e.id = {table}.rowid WHERE {table} MATCH %s AND " + " AND ".join(conditions)
            )
        else:
            sql = f"SELECT count(*) FROM {table} WHERE {table} MATCH %s"  # noqa: S608
        with self.cursor() as cursor:
            cursor.execute(sql, [self._match(plan, filters), *params])
            return cursor.fetchone()[0]

    def facet_counts(self, plan, filters, only=None):
        table = f"quipu_search_fts_{plan['language']}"
        conditions, params = self._date_condition(filters)
        where = "".join(f" AND {condition}" for condition in conditions)
        facet_filter = ""
        facet_params = []
        if only:
            facet_filter = " AND j.value LIKE %s"
            facet_params = [f"{only}:%"]
        sql = (
            f"SELECT j.value, count(*) FROM {self.entries} e, json_each(e.facets) j "  # noqa: S608
            f"WHERE e.id IN (SELECT rowid FROM {table} WHERE {table} MATCH %s){where}"
            f"{facet_filter} GROUP BY j.value"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, [self._match(plan, filters), *params, *facet_params])
            return dict(cursor.fetchall())

    def complete(self, words, language, limit):
        table = f"quipu_search_prefix_{language}"
        expression = " AND ".join(f'"{word}"*' for word in words)
        sql = (
            f"SELECT e.document FROM {table} JOIN {self.entries} e "  # noqa: S608
            f"ON e.id = {table}.rowid WHERE {table} MATCH %s "
            f"ORDER BY bm25({table}), length({table}.words) LIMIT %s"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, [expression, limit])
            return [json.loads(document) for (document,) in cursor.fetchall()]


class PostgresFullText:
    """Weighted tsvector columns on IndexEntry, written and queried as literals of stems."""

    WEIGHTS = ("A", "B", "C", "D")

    def __init__(self, backend):
        self.backend = backend
        self.entries = IndexEntry._meta.db_table

    def cursor(self):
        return self.backend.connection.cursor()

    def write(self, rows):
        values = [
            (self._vector(document), self._prefix_vector(document), entry_id)
            for entry_id, document in rows
        ]
        with self.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.entries} SET search_vector = %s::tsvector, "  # noqa: S608
                "prefix_vector = %s::tsvector WHERE id = %s",
                values,
            )

    def _vector(self, document):
        positions = {}
        position = 0
        parts = [
            ("A", [(document.title, document.title_language)]),
            ("B", [(document.summary, document.summary_language)]),
            ("C", [(document.body, document.body_language)]),
            ("D", [(f"{item.title} {item.text}", item.language) for item in document.attachments]),
        ]
        for weight, texts in parts:
            for text, language in texts:
                for stem in stored_stems(text or "", language):
                    position = min(position + 1, MAX_POSITION)
                    found = positions.setdefault(stem, [])
                    if len(found) < MAX_POSITIONS:
                        found.append(f"{position}{weight}")
        return " ".join(f"'{stem}':{','.join(found)}" for stem, found in positions.items())

    @staticmethod
    def _prefix_vector(document):
        if not document.is_current:
            return ""
        words = {storage_token(word) for word in fold_words(document.title)}
        return " ".join(f"'{word}'" for word in words if word)

    def delete(self, ids):
        """Rows go with their entries; nothing else to do."""

    def clear(self):
        """Rows go with their entries; nothing else to do."""

    # Queries

    def plan(self, query):
        clauses = []
        for clause in query.clauses:
            alternatives = []
            for alternative in clause.alternatives:
                for language in query.site_text_languages:
                    stems = stored_stems(" ".join(alternative), language)
                    if stems:
                        phrase = " <-> ".join(f"'{stem}'" for stem in stems)
                        if phrase not in alternatives:
                            alternatives.append(phrase)
            if alternatives:
                clauses.append("(" + " | ".join(alternatives) + ")")
        if not clauses:
            return None
        return {
            "tsquery": " & ".join(clauses),
            "language": query.language,
            "include_versions": query.include_versions,
        }

    def _where(self, plan, filters):
        conditions = ["e.language = %s", "e.search_vector @@ %s::tsquery"]
        params = [plan["language"], plan["tsquery"]]
        if not plan["include_versions"]:
            conditions.append("e.is_current")
        for name, values in filters.terms():
            conditions.append("(" + " OR ".join("e.facets @> %s::jsonb" for _value in values) + ")")
            params.extend(json.dumps([f"{name}:{value}"]) for value in values)
        if filters.year_from is not None:
            conditions.append("e.date >= %s")
            params.append(f"{filters.year_from:04d}-01-01")
        if filters.year_to is not None:
            conditions.append("e.date <= %s")
            params.append(f"{filters.year_to:04d}-12-31")
        return " AND ".join(conditions), params

    def hits(self, plan, query):
        where, params = self._where(plan, query.filters)
        score = "ts_rank(e.search_vector, %s::tsquery, 1)"
        if query.sort == "date":
            order = "e.date DESC NULLS LAST, score DESC"
        else:
            order = "score DESC, e.date DESC NULLS LAST"
        sql = (
            f"SELECT e.document, {score} AS score FROM {self.entries} e "  # noqa: S608
            f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, [plan["tsquery"], *params, query.per_page, query.offset])
            return [
                (document if isinstance(document, dict) else json.loads(document), score)
                for document, score in cursor.fetchall()
            ]

    def count(self, plan, filters):
        where, params = self._where(plan, filters)
        with self.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {self.entries} e WHERE {where}", params)  # noqa: S608
            return cursor.fetchone()[0]

    def facet_counts(self, plan, filters, only=None):
        where, params = self._where(plan, filters)
        facet_filter = ""
        if only:
            facet_filter = " AND value LIKE %s"
            params = [*params, f"{only}:%"]
        sql = (
            f"SELECT value, count(*) FROM {self.entries} e, "  # noqa: S608
            f"jsonb_array_elements_text(e.facets) value WHERE {where}{facet_filter} GROUP BY value"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, params)
            return dict(cursor.fetchall())

    def complete(self, words, language, limit):
        tsquery = " & ".join(f"'{word}':*" for word in words)
        sql = (
            f"SELECT e.document FROM {self.entries} e WHERE e.language = %s "  # noqa: S608
            "AND e.is_current AND e.prefix_vector @@ %s::tsquery "
            "ORDER BY length(e.document->>'title'), e.id LIMIT %s"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, [language, tsquery, limit])
            return [
                document if isinstance(document, dict) else json.loads(document)
                for (document,) in cursor.fetchall()
            ]


SearchBackend = DatabaseSearchBackend
