"""`SearchEngine`: the one interface views, tasks and commands use.

It wraps the configured backend and the database backend, which is always kept up to date
as the fallback: writes go to both (the database first, in the caller's transaction), and a
search the configured backend cannot answer in time is answered by the database instead.
Around every search it adds what both engines share: glossary synonyms, a last check that
nothing shown has stopped being public, and spelling suggestions when little was found.

An engine's index can be stale: Elasticsearch was down when a page was unpublished, or a
change has not been synced yet. Search never reveals what it does not show, so an object
whose entries an engine may hold stale (a PendingChange row for that engine) is left out by
the engine itself, in the query: out of the hits, the total, the facet counts and the counts
that validate spelling suggestions alike. A change that hides something writes those rows in
the editor's transaction and applies itself to every engine before the request returns
(`apply_now`), so the rows are there from the moment the change commits until the engine is
in line. An entry found stale with no row (changed behind the engines' back) gets one the
moment a search meets it, and the search is asked again without it.
"""

import datetime
import itertools
import logging
import threading
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from knowledge.visibility import private_collection_ids, public_page_ids

from .adapters import page_id_from_key
from .backends.base import PartialResults, SearchResults, SearchUnavailable
from .indexing import all_documents, documents_for_objects
from .intent import understood
from .models import PendingChange
from .query import without_stop_words
from .spelling import spelling
from .synonyms import expand, glossary_index, with_spellings

logger = logging.getLogger("quipu.search")

_applied = threading.local()

# Below this many results, spelling corrections are looked for.
SUGGEST_BELOW = 3
# Groups of words counted when looking for the best partial matches of a query.
MAX_PARTIAL_TRIES = 24
RETRY_DELAYS = (30, 120, 600, 1800, 3600)
# Objects an engine other than the database may leave out of a query; with more pending,
# the database engine answers until the other has caught up.
MAX_EXCLUDED = 5000
# Times a search is asked again after meeting entries that were not known to be stale.
MAX_STALE_ROUNDS = 3


class SearchEngine:
    """Index, remove, search, rebuild and check health, whichever engine is configured."""

    def __init__(self, primary, fallback=None):
        self.primary = primary
        self.fallback = fallback if fallback is not None and fallback is not primary else None

    @property
    def name(self):
        return self.primary.name

    @property
    def backends(self):
        """Every backend that must hold the index, the database one first."""
        return [self.fallback, self.primary] if self.fallback else [self.primary]

    # Writing

    @property
    def database(self):
        """The database backend, or None when no backend is the database engine."""
        for backend in self.backends:
            if backend.name == "database":
                return backend
        return None

    def sync(self, object_keys, backends=None):
        """Brings every backend in line with what these objects look like to the public now.

        Returns the names of backends that could not be updated; those changes are kept as
        PendingChange rows and retried by `retry_pending()`. A backend brought in line
        forgets the rows of these objects recorded before the sync began.
        """
        object_keys = list(dict.fromkeys(object_keys))
        if not object_keys:
            return []
        started = timezone.now()
        documents = documents_for_objects(object_keys)
        flat = [document for found in documents.values() for document in found]
        failed = []
        for backend in self.backends if backends is None else backends:
            try:
                backend.replace(object_keys, flat)
            except Exception as error:
                logger.warning(
                    "Search engine %s could not index %s: %s",
                    backend.name,
                    ", ".join(object_keys[:5]),
                    error,
                )
                self._remember(backend.name, object_keys, error)
                failed.append(backend.name)
            else:
                self._caught_up(backend.name, object_keys, started)
        return failed

    def apply_now(self, object_keys):
        """Applies a change that hides something to every engine before the request returns.

        Called in the editor's transaction. The database index is brought in line at once,
        in that transaction; every other engine gets a PendingChange row, in that transaction
        too, which leaves the objects out of its answers, and is synced as soon as the
        change commits, before the request returns. A row stays (and the objects stay left
        out) only while that engine cannot be reached; it is retried like any missed change.
        """
        object_keys = list(dict.fromkeys(key for key in object_keys if key))
        if not object_keys:
            return
        others = [backend for backend in self.backends if backend.name != "database"]
        database = self.database
        if database is not None:
            try:
                with transaction.atomic():
                    documents = documents_for_objects(object_keys)
                    database.replace(
                        object_keys, [item for found in documents.values() for item in found]
                    )
            except Exception as error:
                logger.exception("Could not update the search index for %s", object_keys[:5])
                self.mark_stale(database, object_keys, error)
                others.append(database)
        for backend in others:
            self.mark_stale(backend, object_keys, "waiting for the change to commit")
        if not others:
            return
        # Keys wait per thread; the first callback after commit syncs them all at once, so
        # deleting a section of many pages costs one sync, not one per page.
        waiting = getattr(_applied, "waiting", None)
        if waiting is None:
            waiting = _applied.waiting = {}
        for backend in others:
            waiting.setdefault(backend.name, set()).update(object_keys)
        transaction.on_commit(self._apply_committed)

    def _apply_committed(self):
        from .tasks import schedule_retry

        waiting = getattr(_applied, "waiting", None) or {}
        _applied.waiting = {}
        failed = False
        for backend in self.backends:
            object_keys = sorted(waiting.get(backend.name, ()))
            if not object_keys:
                continue
            try:
                failed = bool(self.sync(object_keys, backends=[backend])) or failed
            except Exception:
                logger.exception("Could not sync %s with %s", object_keys[:5], backend.name)
                failed = True
        if failed:
            schedule_retry()

    def mark_stale(self, backend, object_keys, reason):
        """Records that `backend` may hold stale entries of these objects: it leaves them out
        of every answer until a sync brings it in line."""
        now = timezone.now()
        name = getattr(backend, "name", backend)
        object_keys = list(dict.fromkeys(object_keys))
        with transaction.atomic():
            for start in range(0, len(object_keys), 500):
                chunk = object_keys[start : start + 500]
                rows = PendingChange.objects.filter(engine=name, object_key__in=chunk)
                known = set(rows.values_list("object_key", flat=True))
                rows.update(created_at=now, next_attempt_at=now, last_error=str(reason)[:2000])
                PendingChange.objects.bulk_create(
                    [
                        PendingChange(
                            object_key=key,
                            engine=name,
                            next_attempt_at=now,
                            last_error=str(reason)[:2000],
                        )
                        for key in chunk
                        if key not in known
                    ],
                    ignore_conflicts=True,
                )

    def found_stale(self, backend, object_keys, where):
        """An answer of `backend` held entries of these objects that are not public: it
        leaves them out from now on, and a retry brings it in line."""
        from .tasks import schedule_retry

        self.mark_stale(backend, object_keys, f"found in {where} but not public")
        try:
            schedule_retry()
        except Exception:
            logger.exception("Could not schedule a retry of pending search changes")

    def _caught_up(self, engine, object_keys, started):
        for start in range(0, len(object_keys), 500):
            PendingChange.objects.filter(
                engine=engine,
                object_key__in=object_keys[start : start + 500],
                created_at__lte=started,
            ).delete()

    def excluded_for(self, backend):
        """Objects whose entries `backend` may hold stale, to leave out of its answers.

        Raises SearchUnavailable when an engine other than the database has so many that
        the database engine should answer instead.
        """
        keys = PendingChange.objects.filter(engine=backend.name).values_list(
            "object_key", flat=True
        )
        if backend.name != "database":
            keys = keys[: MAX_EXCLUDED + 1]
        keys = tuple(sorted(set(keys)))
        if len(keys) > MAX_EXCLUDED and backend.name != "database":
            raise SearchUnavailable(f"{len(keys)} changes are waiting for {backend.name}")
        return keys

    def remove_now(self, object_keys):
        """Removes objects from the database backend in the caller's transaction.

        Used when something stops being public: it is gone from the fallback index the
        moment the change commits, whatever happens to the task that syncs the others.
        """
        database = self.fallback or self.primary
        if database.name != "database":
            return
        try:
            with transaction.atomic():
                database.remove(object_keys)
        except Exception:
            logger.exception("Could not remove %s from the search index", object_keys[:5])

    def _remember(self, engine, object_keys, error):
        now = timezone.now()
        for key in object_keys:
            change, _created = PendingChange.objects.get_or_create(object_key=key, engine=engine)
            change.attempts += 1
            change.last_error = str(error)[:2000]
            delay = RETRY_DELAYS[min(change.attempts, len(RETRY_DELAYS)) - 1]
            change.next_attempt_at = now + datetime.timedelta(seconds=delay)
            change.save()

    def pending(self):
        return PendingChange.objects.filter(engine__in=[backend.name for backend in self.backends])

    def retry_pending(self, limit=500, due_only=True):
        """Syncs objects a backend missed; returns how many are still pending."""
        for backend in self.backends:
            changes = PendingChange.objects.filter(engine=backend.name)
            if due_only:
                changes = changes.exclude(next_attempt_at__gt=timezone.now())
            keys = list(changes.values_list("object_key", flat=True)[:limit])
            if not keys:
                continue
            documents = documents_for_objects(keys)
            flat = [document for found in documents.values() for document in found]
            try:
                backend.replace(keys, flat)
            except Exception as error:
                self._remember(backend.name, keys, error)
                continue
            PendingChange.objects.filter(engine=backend.name, object_key__in=keys).delete()
        return self.pending().count()

    def index(self, documents):
        """Writes ready-made SearchDocuments to every backend (benchmarks, tests)."""
        documents = list(documents)
        for backend in self.backends:
            backend.index(documents)
        return len(documents)

    def remove(self, object_keys):
        for backend in self.backends:
            backend.remove(object_keys)

    def rebuild(self, progress=None, backends=None):
        """Rebuilds each backend from every public page, searches answering throughout."""
        written = {}
        for backend in backends or self.backends:
            written[backend.name] = backend.rebuild(all_documents(), progress=progress)
            PendingChange.objects.filter(engine=backend.name).delete()
        return written

    def health(self):
        return [backend.health() for backend in self.backends]

    # Reading

    def prepare(self, query):
        """The query with glossary synonyms and British or American spellings added to its
        clauses, stop words and question words left out, and the kinds of item its words name to rank first."""
        synonyms = glossary_index(query.language)
        clauses, kinds = understood(expand(query.clauses, synonyms, query.language))
        clauses = without_stop_words(with_spellings(clauses), query.site_text_languages)
        return replace(query, clauses=clauses, boost_kinds=kinds)

    def search(self, query, correct=True):
        """SearchResults for a SearchQuery; falls back to the database when it must.

        With `correct`, a clear spelling correction is searched instead of the words typed.
        """
        if query.is_empty:
            return SearchResults(engine=self.name)
        prepared = self.prepare(query)
        results, backend = self._answer(lambda engine: self._public_search(engine, prepared))
        results.engine = backend.name
        results.is_fallback = backend is not self.primary
        if results.total < SUGGEST_BELOW:
            # Spelling (search/spelling.py): search a clear correction instead, unless the
            # visitor asked for the words as typed; else suggest corrections.
            found = spelling(self, query, backend, results.total)
            if found.corrected and correct:
                prepared = self.prepare(replace(query, text=found.corrected, clauses=None))
                results = self._public_search(backend, prepared)
                results.engine, results.is_fallback = backend.name, backend is not self.primary
                results.corrected, results.corrected_from = found.corrected, query.text
            else:
                results.suggestions = [found.corrected] if found.corrected else found.suggestions
        if results.total == 0 or (query.page == 1 and results.total < query.per_page):
            try:
                results.partial = self._partial(prepared, backend, results)
                results.other_versions = self._other_versions(prepared, backend, results)
            except SearchUnavailable:
                logger.warning("Partial matches of %r not available", query.text[:100])
        return results

    def _other_versions(self, query, backend, results):
        """{status: matches} of versions left out of the results (earlier and future ones).

        Counted, not shown: the visitor includes them with the versions filter.
        """
        if query.include_versions:
            return {}
        wider = backend.search(
            replace(
                query,
                include_versions=True,
                page=1,
                per_page=1,
                excluded=self.excluded_for(backend),
            )
        )
        if wider.total <= results.total:
            return {}
        shown = {count.value: count.count for count in results.facets.get("status", [])}
        return {
            count.value: count.count - shown.get(count.value, 0)
            for count in wider.facets.get("status", [])
            if count.count > shown.get(count.value, 0)
        }

    def _partial(self, query, backend, results):
        """The best results for some of the words, when all of them find a page or less.

        Words that find nothing are left out first; then the largest group of the others
        found together, the one finding most when several are as large. The results for all
        the words, shown above, are not repeated.
        """
        clauses = query.clauses
        if len(clauses) < 2:
            return None
        excluded = self.excluded_for(backend)

        def count(kept):
            return backend.count(replace(query, clauses=tuple(kept), excluded=excluded))

        found = [clause for clause in clauses if count([clause])]
        if not found:
            return None
        tries = MAX_PARTIAL_TRIES
        best = None
        for size in range(len(found), 0, -1):
            if size == len(clauses):
                continue
            for kept in itertools.combinations(found, size):
                tries -= 1
                total = count(kept)
                if total > results.total and (best is None or total > best[1]):
                    best = (kept, total)
                if tries <= 0:
                    break
            if best is not None or tries <= 0:
                break
        if best is None:
            return None
        kept, total = best
        shown = {hit.object_key for hit in results.hits}
        partial_query = replace(query, clauses=kept, page=1, per_page=query.per_page + len(shown))
        partial = self._public_search(backend, partial_query)
        hits = [hit for hit in partial.hits if hit.object_key not in shown][: query.per_page]
        if not hits:
            return None
        return PartialResults(
            words=[" ".join(clause.original) for clause in kept],
            missing=[" ".join(clause.original) for clause in clauses if clause not in found],
            hits=hits,
            total=partial.total,
        )

    def _public_search(self, backend, query):
        """The backend's results with whatever is not public left out of everything.

        Objects known to be stale are left out by the engine; an entry found not public with
        no such record is recorded, and the search asked again without it, so the total and
        the facets never count what the hits do not show.
        """
        for _round in range(MAX_STALE_ROUNDS):
            results = backend.search(replace(query, excluded=self.excluded_for(backend)))
            hits, stale = self._public_only(results.hits)
            if not stale:
                results.hits = hits
                return results
            self.found_stale(backend, stale, "results")
        raise SearchUnavailable(f"{backend.name} holds too many entries that are not public")

    def _answer(self, call):
        try:
            return call(self.primary), self.primary
        except SearchUnavailable as error:
            if self.fallback is None:
                raise
            logger.warning(
                "Search engine %s did not answer (%s); the database engine answers instead.",
                self.primary.name,
                error,
            )
        except Exception:
            if self.fallback is None:
                raise
            logger.exception("Search engine %s failed; the database engine answers.", self.name)
        return call(self.fallback), self.fallback

    def autocomplete(self, text, language, limit=8):
        """Titles completing what was typed, current and public only."""
        completions, _backend = self._answer(
            lambda engine: self._public_completions(engine, text, language, limit)
        )
        return completions

    def _public_completions(self, backend, text, language, limit):
        for _round in range(MAX_STALE_ROUNDS):
            completions = backend.autocomplete(
                text, language, limit, excluded=self.excluded_for(backend)
            )
            public = self._public_page_ids(
                {page_id_from_key(completion.object_key) for completion in completions}
            )
            stale = [
                completion.object_key
                for completion in completions
                if page_id_from_key(completion.object_key) not in public
            ]
            if not stale:
                return completions
            logger.warning("Search index held %s, which is not public; skipped.", stale[:5])
            self.found_stale(backend, stale, "completions")
        return [
            completion
            for completion in completions
            if page_id_from_key(completion.object_key) in public
        ]

    def _public_page_ids(self, page_ids):
        return public_page_ids(page_ids)

    def _public_only(self, hits):
        """(hits still public, object keys of those that are not).

        A hit whose matching file stopped being public counts as not public either: the
        page may have been found by that file's text alone.
        """
        if not hits:
            return hits, []
        public = self._public_page_ids({page_id_from_key(hit.object_key) for hit in hits})
        files = {hit.attachment.document_id for hit in hits if hit.attachment}
        private_files = set()
        if files:
            from wagtail.documents import get_document_model

            private_files = files - set(
                get_document_model()
                .objects.filter(pk__in=files)
                .exclude(collection_id__in=private_collection_ids())
                .values_list("pk", flat=True)
            )
        kept, stale = [], []
        for hit in hits:
            if page_id_from_key(hit.object_key) not in public:
                logger.warning("Search index held %s, which is not public; skipped.", hit.key)
                stale.append(hit.object_key)
                continue
            if hit.attachment and hit.attachment.document_id in private_files:
                logger.warning("Search index held a private file's text in %s.", hit.key)
                stale.append(hit.object_key)
                continue
            kept.append(hit)
        return kept, stale

    def _public_count(self, backend, query, total):
        """How many public results a query has, exactly when it is `total` or fewer.

        Above that, the first `total + 1` results are checked to be public: then at least
        that many are.
        """
        for _round in range(MAX_STALE_ROUNDS):
            excluded = self.excluded_for(backend)
            found = backend.count(replace(query, excluded=excluded))
            if found <= total:
                return found
            first = backend.search(replace(query, excluded=excluded, per_page=total + 1))
            _hits, stale = self._public_only(first.hits)
            if not stale:
                return found
            self.found_stale(backend, stale, "results")
        return 0
