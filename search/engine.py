"""`SearchEngine`: the one interface views, tasks and commands use.

It wraps the configured backend and the database backend, which is always kept up to date
as the fallback: writes go to both (the database first, in the caller's transaction), and a
search the configured backend cannot answer in time is answered by the database instead.
Around every search it adds what both engines share: glossary synonyms, a last check that
nothing shown has stopped being public, and spelling suggestions when little was found.
"""

import datetime
import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .adapters import page_id_from_key, restricted_collection_ids
from .analysis import fold
from .backends.base import SearchResults, SearchUnavailable
from .indexing import all_documents, documents_for_objects
from .models import PendingChange
from .synonyms import expand, glossary_index

logger = logging.getLogger("quipu.search")

# Below this many results, spelling suggestions are looked for.
SUGGEST_BELOW = 3
MAX_SUGGESTION_WORDS = 3
RETRY_DELAYS = (30, 120, 600, 1800, 3600)


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

    def sync(self, object_keys):
        """Brings every backend in line with what these objects look like to the public now.

        Returns the names of backends that could not be updated; those changes are kept as
        PendingChange rows and retried by `retry_pending()`.
        """
        object_keys = list(dict.fromkeys(object_keys))
        if not object_keys:
            return []
        documents = documents_for_objects(object_keys)
        flat = [document for found in documents.values() for document in found]
        failed = []
        for backend in self.backends:
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
        return failed

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
        """The query with glossary synonyms added to its clauses."""
        synonyms = glossary_index(query.language)
        return replace(query, clauses=expand(query.clauses, synonyms, query.language))

    def search(self, query):
        """SearchResults for a SearchQuery; falls back to the database when it must."""
        if query.is_empty:
            return SearchResults(engine=self.name)
        prepared = self.prepare(query)
        results, backend = self._answer(lambda engine: engine.search(prepared))
        results.engine = backend.name
        results.is_fallback = backend is not self.primary
        results.hits = self._public_only(results.hits)
        if results.total < SUGGEST_BELOW:
            results.suggestions = self._suggestions(query, backend, results.total)
        return results

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
            lambda engine: engine.autocomplete(text, language, limit)
        )
        public = self._public_page_ids(
            {page_id_from_key(completion.object_key) for completion in completions}
        )
        return [
            completion
            for completion in completions
            if page_id_from_key(completion.object_key) in public
        ]

    def _public_page_ids(self, page_ids):
        page_ids = {identifier for identifier in page_ids if identifier}
        if not page_ids:
            return set()
        return set(
            Page.objects.filter(pk__in=page_ids)
            .live()
            .public()
            .filter(expired=False)
            .values_list("pk", flat=True)
        )

    def _public_only(self, hits):
        """Drops hits (and file matches) that stopped being public since they were indexed."""
        if not hits:
            return hits
        public = self._public_page_ids({page_id_from_key(hit.object_key) for hit in hits})
        files = {hit.attachment.document_id for hit in hits if hit.attachment}
        private_files = set()
        if files:
            from wagtail.documents import get_document_model

            restricted = restricted_collection_ids()
            private_files = files - set(
                get_document_model()
                .objects.filter(pk__in=files)
                .exclude(collection_id__in=restricted)
                .values_list("pk", flat=True)
            )
        kept = []
        for hit in hits:
            if page_id_from_key(hit.object_key) not in public:
                logger.warning("Search index held %s, which is not public; skipped.", hit.key)
                continue
            if hit.attachment and hit.attachment.document_id in private_files:
                hit.attachment = None
            kept.append(hit)
        return kept

    def _suggestions(self, query, backend, total):
        """Corrected queries that find more than the original, best first."""
        words = [clause.original[0] for clause in query.clauses if len(clause.original) == 1]
        suggestions = []
        for word in words[:MAX_SUGGESTION_WORDS]:
            folded = fold(word)
            try:
                candidates = backend.spelling_candidates(folded, query.language)
            except SearchUnavailable:
                return suggestions
            for candidate in candidates[:3]:
                if candidate == folded:
                    continue
                corrected = _replace_word(query.text, word, candidate)
                corrected_query = self.prepare(replace(query, text=corrected, clauses=None, page=1))
                try:
                    found = backend.count(corrected_query)
                except SearchUnavailable:
                    return suggestions
                if found > total:
                    suggestions.append(corrected)
                    break
        return suggestions


def _replace_word(text, word, replacement):
    import re

    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return pattern.sub(replacement, text, count=1)
