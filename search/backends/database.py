"""The database engine: SQLite FTS5 on a laptop, PostgreSQL full-text search in production.

Text is analysed in Python (search/analysis.py) and stored as stems, so both databases match
exactly the same words and neither needs an extension. Entries live in `IndexEntry`; the
full-text part is vendor-specific (migrations 0002 and 0004):

- SQLite: FTS5 tables per site language: every text (title, summary, body, files) for
  matching, titles and summaries alone for ranking, folded title words for autocomplete;
- PostgreSQL: weighted tsvector columns (title A, summary B, body C, files D; and titles and
  summaries alone) with GIN indexes.

A search asks the database once for the entries containing each word or phrase, keeps the
matches of common ones as bitmaps of entry ids (search/bitmaps.py), and combines, filters and
counts them there: totals and facet counts are exact. Results rank title matches first, then
the other matches, each tier scored with BM25 (SQLite, in Python over the stored stems) or
ts_rank (PostgreSQL), times the item's weight (SearchDocument.weight). So that a word found in most of a large collection costs no more than
a rarer one, each tier scores its most recently indexed candidates only (RANKED_TITLES,
RANKED_MATCHES); below those sizes the order is exact. Entries are never updated in place:
reindexing deletes an item's rows and inserts new ones, which keeps the bitmaps valid.

Removals delete rows in the caller's transaction, so an unpublished page leaves this index
when its unpublishing commits.

Writing is two steps: analysing documents into rows (`prepare_batch`, pure Python, no
database) and writing those rows. A rebuild runs the first step in worker processes
(`WORKERS`, one less than the machine's cores by default) while the main process writes.
"""

import hashlib
import heapq
import json
import logging
import math
import multiprocessing
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from django.db import connections, transaction
from django.utils import timezone

from ..analysis import analyze, fold_words
from ..bitmaps import CURRENT, forget, highest_ids, ids_to_mask, locked_bitmaps
from ..highlight import Passage, best_passage, highlight_all, query_stems
from ..intent import type_factor
from ..models import IndexEntry, IndexWord, RemovedEntry
from ..query import FACETS, TERM_FILTERS
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
# Documents a rebuild writes per transaction: each commit costs a write to the journal.
REBUILD_BATCH_SIZE = 1000
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


# English stems are stored with a mark. On the English site, Spanish text of pages not yet
# translated sits beside English text; the mark keeps an English stem from matching a Spanish
# word that stems alike ("protocols" and "protocolos" both give "protocol"), so each text is
# matched by the query as its own language analyses it, as in Elasticsearch's per-language
# fields. Changing the marks needs the index rebuilt (a migration empties it).
STEM_MARKS = {"es": "", "en": "\u01dd"}


def stored_text(text, language):
    """The stems of a text as one space-separated string, as the FTS tables store them."""
    if not text:
        return ""
    stems = storage_token(" ".join(analyze(text, language)))
    mark = STEM_MARKS[language]
    if mark:
        return " ".join(mark + stem for stem in stems.split())
    return stems


def stored_stems(text, language):
    return stored_text(text, language).split()


def facet_token(value):
    """A facet value ("region:la-libertad") as one FTS5 token."""
    return "x" + value.encode().hex()


def suggestion_words(document):
    """Folded words of the title and summary that spelling suggestions may offer."""
    return {
        word
        for word in fold_words(f"{document.title} {document.summary}")
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and word.isalpha()
    }


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


def default_workers():
    """Processes that analyse documents during a rebuild: one core is left for writing."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


@dataclass(frozen=True)
class PreparedEntry:
    """One document analysed and serialised, ready to be written: everything but its id."""

    key: str
    language: str
    row: tuple  # IndexEntry's columns, in INSERT order, without updated_at
    words: frozenset  # spelling-suggestion words
    fulltext: tuple  # the vendor's full-text values (FullText.prepare)


def prepare_entry(document, vendor):
    serialised = json.dumps(document.as_dict(), ensure_ascii=False)
    words = frozenset(suggestion_words(document))
    row = (
        document.key,
        document.object_key,
        document.language,
        document.kind,
        document.is_current,
        document.date.isoformat() if document.date else None,
        document.status,
        json.dumps(document.facet_tokens()),
        serialised,
        "".join(f" {item.document_id} " for item in document.attachments),
        " ".join(sorted(words)),
        hashlib.sha256(serialised.encode()).hexdigest(),
    )
    fulltext = FULLTEXT[vendor].prepare(document)
    return PreparedEntry(document.key, document.language, row, words, fulltext)


def prepare_batch(documents, vendor):
    """PreparedEntries of documents, the last of each key winning. No database access, so
    it runs as well in a worker process."""
    by_key = {document.key: document for document in documents}
    return [prepare_entry(document, vendor) for document in by_key.values()]


def query_alternatives(query, render_phrase):
    """Each clause's alternatives as phrases of stored stems, in every language searched."""
    clauses = []
    for clause in query.clauses:
        alternatives = []
        for language in query.site_text_languages:
            for alternative in clause.wordings_in(language):
                stems = stored_stems(" ".join(alternative), language)
                if stems:
                    phrase = render_phrase(stems)
                    if phrase not in alternatives:
                        alternatives.append(phrase)
        if alternatives:
            clauses.append(alternatives)
    return clauses


class DatabaseSearchBackend(BaseSearchBackend):
    """Full-text search in the site's own database; no server of its own."""

    name = "database"

    def __init__(self, using="default", workers=None, **options):
        super().__init__(**options)
        self.using = using
        self.workers = default_workers() if workers is None else int(workers)

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
        return self._write_batch(prepare_batch(documents, self.fulltext.vendor))

    def _write_batch(self, entries):
        """Replaces the entries of these keys by the prepared ones, full text included.

        Rows are written with one executemany of serialised JSON: the ORM would serialise
        every document a second time, which costs as much as analysing it.
        """
        if not entries:
            return 0
        now = self.connection.ops.adapt_datetimefield_value(timezone.now())
        json_cast = "::jsonb" if self.connection.vendor == "postgresql" else ""
        keys = [entry.key for entry in entries]
        added_words = Counter((entry.language, word) for entry in entries for word in entry.words)
        table = IndexEntry._meta.db_table
        fulltext = self.fulltext
        # Full-text values stored in the entry's own row are written with it, in one write.
        columns = "".join(f", {column}" for column, _cast in fulltext.ENTRY_COLUMNS)
        values = "".join(f", %s{cast}" for _column, cast in fulltext.ENTRY_COLUMNS)
        with transaction.atomic(using=self.using):
            _deleted, removed_words = self._delete_rows(self._entries().filter(key__in=keys))
            with self.connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} (key, object_key, language, kind, is_current, date, "  # noqa: S608
                    f"status, facets, document, attachment_ids, words, fingerprint, updated_at"
                    f"{columns}) "
                    f"VALUES (%s, %s, %s, %s, %s, %s, %s, %s{json_cast}, %s{json_cast}, "
                    f"%s, %s, %s, %s{values})",
                    [(*entry.row, now, *fulltext.entry_values(entry)) for entry in entries],
                )
            if fulltext.WRITES_ROWS:
                ids = dict(self._entries().filter(key__in=keys).values_list("key", "id"))
                fulltext.write([(ids[entry.key], entry) for entry in entries])
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
            deleted, removed_words = self._delete_rows(queryset)
            self._update_words(Counter(), removed_words)
        return deleted

    def _delete_rows(self, queryset):
        """Deletes entries, full text included; (how many, Counter of the words they had)."""
        rows = list(queryset.values_list("id", "language", "words"))
        removed_words = Counter()
        if not rows:
            return 0, removed_words
        for _id, language, words in rows:
            for word in words.split():
                removed_words[(language, word)] += 1
        ids = [identifier for identifier, _language, _words in rows]
        self.fulltext.delete(ids)
        for start in range(0, len(ids), 500):
            self._entries().filter(pk__in=ids[start : start + 500]).delete()
        RemovedEntry.objects.using(self.using).bulk_create(
            [RemovedEntry(entry_id=identifier) for identifier in ids], batch_size=1000
        )
        return len(rows), removed_words

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
        written = 0
        for entries in self._prepared(documents, seen):
            written += self._write_batch(entries)
            if progress:
                progress(written)
        stale = [key for key in self.state().fingerprints if key not in seen]
        self.remove_keys(stale)
        return written

    def _prepared(self, documents, seen):
        """PreparedEntries of the documents, batch by batch, recording their keys in `seen`.

        With workers, batches are analysed in other processes, a few ahead of the one being
        written; the order of batches is kept.
        """
        vendor = self.fulltext.vendor

        def batches():
            batch = []
            for document in documents:
                batch.append(document)
                seen.add(document.key)
                if len(batch) >= REBUILD_BATCH_SIZE:
                    yield batch
                    batch = []
            if batch:
                yield batch

        if self.workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
            for batch in batches():
                yield prepare_batch(batch, vendor)
            return
        # Forked workers only analyse text; they never touch the inherited connections.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            pending = deque()
            for batch in batches():
                pending.append(pool.submit(prepare_batch, batch, vendor))
                if len(pending) > 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def recount_words(self):
        """Vocabulary counts recomputed from the entries, correcting any drift."""
        counts = Counter()
        for language, words in (
            self._entries().values_list("language", "words").iterator(chunk_size=2000)
        ):
            for word in words.split():
                counts[(language, word)] += 1
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
            RemovedEntry.objects.using(self.using).all().delete()
        forget(self.using)

    # Reading

    def search(self, query):
        if query.is_empty:
            return SearchResults(engine=self.name)
        fulltext = self.fulltext
        plan = fulltext.plan(query)
        if plan is None:
            return SearchResults(engine=self.name)
        with locked_bitmaps(self.using) as bitmaps:
            matches = self._matches(bitmaps, fulltext, plan)
            plan["bitmaps"] = bitmaps
            base, selections = self._restrictions(bitmaps, matches, query)
            found = base
            for mask in selections.values():
                found &= mask
            total = found.bit_count()
            facets = self._facets(bitmaps, base, selections, query)
            if not total:
                return SearchResults(total=0, facets=facets, engine=self.name)
            if query.sort == "date":
                ranked = self._newest(bitmaps, found, query)
            else:
                ranked = self._most_relevant(fulltext, plan, found, total, query)
        documents = fulltext.documents([identifier for identifier, _score in ranked])
        stems = query_stems(query.clauses, query.site_text_languages)
        hits = [
            self._hit(documents[identifier], score, stems)
            for identifier, score in ranked
            if identifier in documents
        ]
        return SearchResults(hits=hits, total=total, facets=facets, engine=self.name)

    def _matches(self, bitmaps, fulltext, plan, fields="all"):
        """Entries matching every clause (any of its alternatives) in these fields."""
        language = plan["language"]
        matches = None
        for alternatives in plan["clauses"]:
            clause = 0
            for alternative in alternatives:
                clause |= bitmaps.matching(
                    (fulltext.vendor, language, fields, alternative),
                    lambda after, alternative=alternative: fulltext.matching_ids(
                        language, alternative, after, fields
                    ),
                )
            matches = clause if matches is None else matches & clause
            if not matches:
                return 0
        return matches or 0

    def _restrictions(self, bitmaps, matches, query):
        """(matches within language, currency and years; {facet: mask of chosen values})."""
        base = matches & bitmaps.mask(f"language:{query.language}")
        if not query.include_versions:
            base &= bitmaps.mask(CURRENT)
        if query.excluded:
            base &= ~self._entries_of(query.excluded)
        filters = query.filters
        if filters.year_from is not None or filters.year_to is not None:
            base &= bitmaps.years_between(filters.year_from, filters.year_to)
        selections = {name: bitmaps.any_of(name, values) for name, values in filters.terms()}
        return base, selections

    def _entries_of(self, object_keys):
        """The bitmap of the entries of these objects."""
        object_keys = list(object_keys)
        ids = []
        for start in range(0, len(object_keys), 500):
            ids += (
                self._entries()
                .filter(object_key__in=object_keys[start : start + 500])
                .values_list("id", flat=True)
            )
        return ids_to_mask(ids)

    def _facets(self, bitmaps, base, selections, query):
        """Counts per facet value; a facet with a selection is counted without it."""
        result = {}
        for name in FACETS:
            context = base
            for other, mask in selections.items():
                if other != name:
                    context &= mask
            chosen = set(getattr(query.filters, name, ()) or ()) if name in TERM_FILTERS else set()
            counts = []
            for value in bitmaps.values.get(name, ()):
                count = (context & bitmaps.mask(f"{name}:{value}")).bit_count()
                if count:
                    counts.append(FacetCount(value=value, count=count, selected=value in chosen))
            if counts:
                result[name] = sorted(counts, key=lambda item: (-item.count, item.value))
        return result

    def _newest(self, bitmaps, found, query):
        wanted = query.offset + query.per_page
        newest = bitmaps.newest(found, wanted)
        return [(identifier, 0.0) for identifier in newest[query.offset : wanted]]

    def _most_relevant(self, fulltext, plan, found, total, query):
        """Title matches and items of the kind named first (scored over titles), then the
        other matches (over everything).

        The second tier scores the most recently indexed RANKED_MATCHES matches that pass
        the filters: below that many results, every match is scored.
        """
        wanted = query.offset + query.per_page
        titled = self._matches(plan["bitmaps"], fulltext, plan, fields="title") & found
        # Items of the kind the query names rank with the title matches (search/intent.py).
        titled |= found & plan["bitmaps"].any_of("kind", [k for k, _f in plan["boost_kinds"]])
        head = fulltext.score(plan, highest_ids(titled, fulltext.RANKED_TITLES), titles=True)
        if len(head) >= wanted or len(head) >= total:
            return head[query.offset : wanted]
        candidates = highest_ids(found & ~titled, fulltext.RANKED_MATCHES)
        rest = fulltext.score(plan, candidates)
        return (head + rest)[query.offset : wanted]

    def count(self, query):
        if query.is_empty:
            return 0
        fulltext = self.fulltext
        plan = fulltext.plan(query)
        if plan is None:
            return 0
        with locked_bitmaps(self.using) as bitmaps:
            base, selections = self._restrictions(
                bitmaps, self._matches(bitmaps, fulltext, plan), query
            )
            for mask in selections.values():
                base &= mask
            return base.bit_count()

    def _hit(self, data, score, stems):
        document = _document_from_dict(data)
        body = Passage(document.body, document.body_language, stems)
        if body.matches or not document.summary:
            text_snippet = body.snippet()
        else:
            text_snippet = Passage(document.summary, document.summary_language, stems).snippet()
        attachment = None
        found = best_passage([(item.text, item.language) for item in document.attachments], stems)
        if found:
            index, passage = found
            item = document.attachments[index]
            attachment = AttachmentMatch(
                document_id=item.document_id,
                title=item.title,
                url=item.url,
                extension=item.extension,
                language=item.language,
                snippet=passage.snippet(),
            )
        return Hit(
            key=document.key,
            object_key=document.object_key,
            kind=document.kind,
            url=document.url,
            title=document.title,
            title_html=highlight_all(document.title, document.title_language, stems),
            snippet=text_snippet,
            language=document.language,
            title_language=document.title_language,
            date=document.date,
            status=document.status,
            is_current=document.is_current,
            attachment=attachment,
            score=float(score or 0),
        )

    def autocomplete(self, text, language, limit=8, excluded=()):
        words = [word for word in storage_token(" ".join(fold_words(text))).split() if word]
        if not words:
            return []
        documents = self.fulltext.complete(words[-6:], language, limit, list(excluded))
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


# Weights of title, summary, body and files: a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.6)
BM25_K1 = 1.2
BM25_B = 0.75
# Characters of a long field read when scoring it.
SCORED_CHARACTERS = 8_000


def bm25_scores(rows, phrases, weights):
    """{id: score} of rows (id, *fields of stems), BM25 with per-field weights.

    Term frequencies count each phrase of stems in each field; document frequencies and
    average lengths come from the rows themselves.
    """
    documents = []
    for identifier, *fields in rows:
        fields = [f" {(field or '')[:SCORED_CHARACTERS]} " for field in fields]
        documents.append((identifier, fields, [field.count(" ") - 1 for field in fields]))
    if not documents:
        return {}
    count = len(documents)
    averages = [
        max(sum(lengths[position] for _id, _fields, lengths in documents) / count, 1.0)
        for position in range(len(weights))
    ]
    needles = [f" {phrase} " for phrase in phrases]
    frequencies = {
        needle: sum(1 for _id, fields, _lengths in documents if any(needle in f for f in fields))
        for needle in needles
    }
    scores = {}
    for identifier, fields, lengths in documents:
        score = 0.0
        for needle in needles:
            df = frequencies[needle]
            if not df:
                continue
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            for field, length, average, weight in zip(
                fields, lengths, averages, weights, strict=True
            ):
                tf = field.count(needle)
                if tf:
                    norm = 1 - BM25_B + BM25_B * length / average
                    score += weight * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        scores[identifier] = score
    return scores


def _document_from_dict(data):
    from ..documents import SearchDocument

    return SearchDocument.from_dict(data)


class FullText:
    """What both databases share: fetching entries' documents by id."""

    # Title matches scored for the first tier of results, the most recently indexed first.
    RANKED_TITLES = 200
    # Other matches scored for the second tier, likewise.
    RANKED_MATCHES = 200

    # (column, SQL cast) of full-text values kept in IndexEntry's own row.
    ENTRY_COLUMNS = ()
    # Whether full text lives in rows of its own, written by write() once entries have ids.
    WRITES_ROWS = True

    def __init__(self, backend):
        self.backend = backend
        self.entries = IndexEntry._meta.db_table

    def entry_values(self, entry):
        """Values of ENTRY_COLUMNS for a PreparedEntry."""
        return ()

    def cursor(self):
        return self.backend.connection.cursor()

    def documents(self, ids):
        """{id: document data} of these entries."""
        if not ids:
            return {}
        placeholders = ", ".join(["%s"] * len(ids))
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT id, document FROM {self.entries} WHERE id IN ({placeholders})",  # noqa: S608
                list(ids),
            )
            return {
                identifier: document if isinstance(document, dict) else json.loads(document)
                for identifier, document in cursor.fetchall()
            }


class SQLiteFullText(FullText):
    """FTS5 tables per site language; MATCH expressions built from stems, never user text."""

    vendor = "sqlite"

    TABLES = ("fts", "prefix", "head")

    @classmethod
    def prepare(cls, document):
        """(title, summary, body, attachments, filters, title words or None) as stored."""
        prefix = None
        if document.is_current:
            prefix = storage_token(" ".join(fold_words(document.title)))
        return (*cls._columns(document), prefix)

    def write(self, rows):
        """Full-text rows of new entries: (entry id, PreparedEntry)."""
        by_language, heads, prefixes = {}, {}, {}
        for entry_id, entry in rows:
            *columns, prefix = entry.fulltext
            by_language.setdefault(entry.language, []).append((entry_id, *columns))
            heads.setdefault(entry.language, []).append((entry_id, columns[0], columns[1]))
            if prefix is not None:
                prefixes.setdefault(entry.language, []).append((entry_id, prefix))
        with self.cursor() as cursor:
            for language, values in by_language.items():
                cursor.executemany(
                    f"INSERT INTO quipu_search_fts_{language} "  # noqa: S608
                    "(rowid, title, summary, body, attachments, filters) "
                    "VALUES (%s, %s, %s, %s, %s, %s)",
                    values,
                )
            for language, values in heads.items():
                cursor.executemany(
                    f"INSERT INTO quipu_search_head_{language} (rowid, title, summary) "  # noqa: S608
                    "VALUES (%s, %s, %s)",
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

        return [f"quipu_search_{kind}_{language}" for language in LANGUAGES for kind in self.TABLES]

    @staticmethod
    def _columns(document):
        attachments = " ".join(
            stored_text(f"{item.title} {item.text}", item.language) for item in document.attachments
        )
        filters = [facet_token(token) for token in document.facet_tokens()]
        if not document.is_current:
            filters.append(EARLIER_VERSION_FILTER)
        return (
            stored_text(document.title, document.title_language),
            stored_text(document.summary, document.summary_language),
            stored_text(document.body, document.body_language),
            attachments,
            " ".join(filters),
        )

    def delete(self, ids):
        """Nothing to do: the trigger deletes full-text rows with their entries."""

    def clear(self):
        with self.cursor() as cursor:
            for table in self._tables():
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    # Queries

    def plan(self, query):
        """MATCH expressions of the query's text, or None when nothing can match."""
        clauses = query_alternatives(query, lambda stems: '"' + " ".join(stems) + '"')
        if not clauses:
            return None
        text = " AND ".join("(" + " OR ".join(alternatives) + ")" for alternatives in clauses)
        return {
            "text": text,
            "clauses": clauses,
            "language": query.language,
            "boost_kinds": query.boost_kinds,
        }

    def matching_ids(self, language, alternative, after=0, fields="all"):
        """Ids of entries with a word or phrase anywhere (or in the title), newer than `after`."""
        if fields == "title":
            table = f"quipu_search_head_{language}"
            expression = "{title} : (" + alternative + ")"
        else:
            table = f"quipu_search_fts_{language}"
            expression = "{title summary body attachments} : (" + alternative + ")"
        with self.cursor() as cursor:
            # One string instead of a row per match: the matches of a common word are many.
            cursor.execute(
                f"SELECT group_concat(rowid) FROM {table} "  # noqa: S608
                f"WHERE {table} MATCH %s AND rowid > %s",
                [expression, after],
            )
            found = cursor.fetchone()[0]
        return list(map(int, found.split(","))) if found else []

    def score(self, plan, ids, titles=False):
        """(id, BM25 score times the item's weight) of these entries, best first: over titles
        and summaries alone (`titles`), or over every field.

        Scored in Python from the stored stems: asking FTS5 for the scores of chosen rows
        would re-run the whole match once per row.
        """
        if not ids:
            return []
        if titles:
            table, columns, weights = (
                f"quipu_search_head_{plan['language']}",
                "title, summary",
                BM25_WEIGHTS[:2],
            )
        else:
            table, columns, weights = (
                f"quipu_search_fts_{plan['language']}",
                "title, summary, body, attachments",
                BM25_WEIGHTS,
            )
        placeholders = ", ".join(["%s"] * len(ids))
        columns = ", ".join(f"f.{column.strip()}" for column in columns.split(","))
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
        scores = bm25_scores([row[:-2] for row in rows], phrases, weights)
        weighted = {key: score * item_weights[key] for key, score in scores.items()}
        return sorted(weighted.items(), key=lambda item: (-item[1], -item[0]))

    def complete(self, words, language, limit, excluded=()):
        table = f"quipu_search_prefix_{language}"
        expression = " AND ".join(f'"{word}"*' for word in words)
        sql = (
            f"SELECT e.document FROM {table} JOIN {self.entries} e "  # noqa: S608
            f"ON e.id = {table}.rowid WHERE {table} MATCH %s{_not_in(excluded)} "
            f"ORDER BY bm25({table}), length({table}.words) LIMIT %s"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, [expression, *excluded, limit])
            return [json.loads(document) for (document,) in cursor.fetchall()]


class PostgresFullText(FullText):
    """Weighted tsvector columns on IndexEntry, written and queried as literals of stems."""

    vendor = "postgresql"

    @classmethod
    def prepare(cls, document):
        """(search vector, head vector, prefix vector) as tsvector literals."""
        return (
            cls._vector(document),
            cls._vector(document, head_only=True),
            cls._prefix_vector(document),
        )

    ENTRY_COLUMNS = (
        ("search_vector", "::tsvector"),
        ("head_vector", "::tsvector"),
        ("prefix_vector", "::tsvector"),
    )
    WRITES_ROWS = False

    def entry_values(self, entry):
        return entry.fulltext

    @staticmethod
    def _vector(document, head_only=False):
        positions = {}
        position = 0
        parts = [
            ("A", [(document.title, document.title_language)]),
            ("B", [(document.summary, document.summary_language)]),
        ]
        if not head_only:
            parts += [
                ("C", [(document.body, document.body_language)]),
                (
                    "D",
                    [(f"{item.title} {item.text}", item.language) for item in document.attachments],
                ),
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
        words = set(storage_token(" ".join(fold_words(document.title))).split())
        return " ".join(f"'{word}'" for word in words if word)

    def delete(self, ids):
        """Nothing to do: the vectors are columns of the entries."""

    def clear(self):
        """Nothing to do: the vectors are columns of the entries."""

    # Queries

    def plan(self, query):
        clauses = query_alternatives(query, lambda stems: " <-> ".join(f"'{s}'" for s in stems))
        if not clauses:
            return None
        return {
            "tsquery": " & ".join("(" + " | ".join(alternatives) + ")" for alternatives in clauses),
            "clauses": clauses,
            "language": query.language,
            "boost_kinds": query.boost_kinds,
        }

    def matching_ids(self, language, alternative, after=0, fields="all"):
        """Ids of entries with a word or phrase anywhere (or in the title), newer than `after`."""
        if fields == "title":
            # Weight A marks the title's lexemes in the head vector.
            column = "head_vector"
            alternative = " <-> ".join(f"{lexeme}:A" for lexeme in alternative.split(" <-> "))
        else:
            column = "search_vector"
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {self.entries} WHERE language = %s "  # noqa: S608
                f"AND {column} @@ %s::tsquery AND id > %s",
                [language, alternative, after],
            )
            return [identifier for (identifier,) in cursor.fetchall()]

    def score(self, plan, ids, titles=False):
        """(id, ts_rank times the item's weight) of these entries, best first: over titles
        and summaries alone (`titles`), or over every field."""
        if not ids:
            return []
        column = "head_vector" if titles else "search_vector"
        # The factor of the kinds the query names (search/intent.py), 1 for other kinds.
        boosts = plan["boost_kinds"]
        kind_factors = "(CASE kind" + " WHEN %s THEN %s" * len(boosts) + " ELSE 1 END)"
        kind_factors = kind_factors if boosts else "1"
        factor_values = [value for pair in boosts for value in pair]
        with self.cursor() as cursor:
            cursor.execute(
                f"SELECT id, ts_rank({column}, %s::tsquery, 1) "  # noqa: S608
                "* COALESCE((document->>'weight')::float, 1) "
                f"* {kind_factors} AS score "
                f"FROM {self.entries} WHERE id = ANY(%s) ORDER BY score DESC, id DESC",
                [plan["tsquery"], *factor_values, list(ids)],
            )
            return cursor.fetchall()

    def complete(self, words, language, limit, excluded=()):
        tsquery = " & ".join(f"'{word}':*" for word in words)
        sql = (
            f"SELECT e.document FROM {self.entries} e WHERE e.language = %s "  # noqa: S608
            f"AND e.is_current AND e.prefix_vector @@ %s::tsquery{_not_in(excluded)} "
            "ORDER BY length(e.document->>'title'), e.id LIMIT %s"
        )
        with self.cursor() as cursor:
            cursor.execute(sql, [language, tsquery, *excluded, limit])
            return [
                document if isinstance(document, dict) else json.loads(document)
                for (document,) in cursor.fetchall()
            ]


def _not_in(excluded):
    """SQL leaving out entries of these object keys (one placeholder each), or nothing."""
    if not excluded:
        return ""
    return " AND e.object_key NOT IN (" + ", ".join(["%s"] * len(excluded)) + ")"


FULLTEXT = {"sqlite": SQLiteFullText, "postgresql": PostgresFullText}

SearchBackend = DatabaseSearchBackend
