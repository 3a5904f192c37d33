"""The database engine's writing: index, remove and rebuild entries.

Entries are never updated in place: reindexing deletes an item's rows and inserts new ones.
Removals delete rows in the caller's transaction, so an unpublished page leaves this index
when its unpublishing commits.

Writing is two steps: analysing documents into rows (`prepare_batch`, pure Python, no
database) and writing those rows. A rebuild runs the first step in worker processes
(`WORKERS`, one less than the machine's cores by default) while the main process writes.
"""

import hashlib
import json
import multiprocessing
import os
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from django.db import transaction
from django.utils import timezone

from ..bitmaps import forget, written
from ..models import IndexWord, RemovedEntry
from .postgres import PostgresFullText
from .spelling import suggestion_words
from .sqlite import SQLiteFullText

BATCH_SIZE = 200
# Documents a rebuild writes per transaction: each commit costs a write to the journal.
REBUILD_BATCH_SIZE = 1000

FULLTEXT = {"sqlite": SQLiteFullText, "postgresql": PostgresFullText}


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


class DatabaseWriter:
    """The writing half of DatabaseSearchBackend."""

    def index(self, documents):
        documents = list(documents)
        vendor = self.fulltext.vendor
        return sum(
            self._write_batch(prepare_batch(documents[start : start + BATCH_SIZE], vendor))
            for start in range(0, len(documents), BATCH_SIZE)
        )

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
        fulltext = self.fulltext
        with transaction.atomic(using=self.using):
            written(self.using)
            _deleted, removed_words = self._delete_rows(self._entries().filter(key__in=keys))
            with self.connection.cursor() as cursor:
                cursor.executemany(
                    fulltext.inserting(
                        "key, object_key, language, kind, is_current, date, status, facets, "
                        "document, attachment_ids, words, fingerprint, updated_at",
                        f"%s, %s, %s, %s, %s, %s, %s, %s{json_cast}, %s{json_cast}, %s, %s, %s, %s",
                    ),
                    [(*entry.row, now, *fulltext.entry_values(entry)) for entry in entries],
                )
            fulltext.write(entries)
            self._update_words(added_words, removed_words)
        return len(entries)

    def remove(self, object_keys):
        return self._delete_in("object_key", object_keys)

    def remove_keys(self, keys):
        return self._delete_in("key", keys)

    def _delete_in(self, column, values):
        values = list(values)
        removed = 0
        for start in range(0, len(values), BATCH_SIZE):
            chunk = self._entries().filter(**{f"{column}__in": values[start : start + BATCH_SIZE]})
            with transaction.atomic(using=self.using):
                written(self.using)
                deleted, removed_words = self._delete_rows(chunk)
                self._update_words(Counter(), removed_words)
            removed += deleted
        return removed

    def _delete_rows(self, queryset):
        """Deletes entries, full text included; (how many, Counter of the words they had)."""
        rows = list(queryset.values_list("id", "language", "words"))
        removed_words = Counter(
            (language, word) for _id, language, words in rows for word in words.split()
        )
        ids = [identifier for identifier, _language, _words in rows]
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
            remaining = iter(documents)
            while batch := list(islice(remaining, REBUILD_BATCH_SIZE)):
                seen.update(document.key for document in batch)
                yield batch

        if self.workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from (prepare_batch(batch, vendor) for batch in batches())
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
        rows = self._entries().values_list("language", "words").iterator(chunk_size=2000)
        counts = Counter((language, word) for language, words in rows for word in words.split())
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
            written(self.using)
