"""`SearchEngine`: the one interface views, tasks and commands use.

The database backend, kept up to date as the fallback (search/sync.py), answers when the
configured one cannot. Around every search the engine adds what both share: synonyms, a last
check that nothing shown has stopped being public, spelling, partial matches.
"""

import itertools
import logging
from dataclasses import replace

from wagtail.documents import get_document_model

from .adapters import page_id_from_key
from .backends.base import PartialResults, SearchResults, SearchUnavailable
from .intent import understood
from .query import without_stop_words
from .registry import visibility
from .spelling import spelling
from .sync import EngineSync
from .synonyms import expand, glossary_index, with_spellings

logger = logging.getLogger("quipu.search")


# Below this many results, spelling corrections are looked for.
SUGGEST_BELOW = 3
# Groups of words counted when looking for the best partial matches of a query.
MAX_PARTIAL_TRIES = 24
# Times a search is asked again after meeting entries that were not known to be stale.
MAX_STALE_ROUNDS = 3


class SearchEngine(EngineSync):
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

    def prepare(self, query):
        """The query with glossary synonyms and other spellings added, stop words and question
        words left out, and the kinds of item its words name to rank first."""
        synonyms = glossary_index(query.language)
        clauses, kinds = understood(expand(query.clauses, synonyms, query.language))
        clauses = without_stop_words(with_spellings(clauses), query.site_text_languages)
        return replace(query, clauses=clauses, boost_kinds=kinds)

    def search(self, query, correct=True):
        """SearchResults for a SearchQuery; with `correct`, a clear spelling correction is
        searched instead of the words typed."""
        if query.is_empty:
            return SearchResults(engine=self.name)
        prepared = self.prepare(query)
        results, backend = self._answer(lambda engine: self._public_search(engine, prepared))
        if results.total < SUGGEST_BELOW:
            found = spelling(self, query, backend, results.total)
            if found.corrected and correct:
                prepared = self.prepare(replace(query, text=found.corrected, clauses=None))
                results = self._public_search(backend, prepared)
                results.corrected, results.corrected_from = found.corrected, query.text
            else:
                results.suggestions = [found.corrected] if found.corrected else found.suggestions
        results.engine, results.is_fallback = backend.name, backend is not self.primary
        if results.total == 0 or (query.page == 1 and results.total < query.per_page):
            try:
                results.partial = self._partial(prepared, backend, results)
                results.other_versions = self._other_versions(prepared, backend, results)
            except SearchUnavailable:
                logger.warning("Partial matches of %r not available", query.text[:100])
        return results

    def _other_versions(self, query, backend, results):
        """{status: matches} of versions the results leave out (earlier and future ones),
        counted for the visitor to include them with the versions filter."""
        if query.include_versions:
            return {}
        excluded = self.excluded_for(backend)
        wider = replace(query, include_versions=True, page=1, per_page=1, excluded=excluded)
        wider = backend.search(wider)
        if wider.total <= results.total:
            return {}
        shown = {count.value: count.count for count in results.facets.get("status", [])}
        return {
            count.value: count.count - shown.get(count.value, 0)
            for count in wider.facets.get("status", [])
            if count.count > shown.get(count.value, 0)
        }

    def _partial(self, query, backend, results):
        """The best results for some of the words, when all of them find a page or less: the
        largest group found together of the words that find something, the one finding most
        when several are as large; without the results for all the words, shown above."""
        clauses = query.clauses
        if len(clauses) < 2:
            return None
        excluded = self.excluded_for(backend)

        def count(kept):
            return backend.count(replace(query, clauses=tuple(kept), excluded=excluded))

        found = [clause for clause in clauses if count([clause])]
        if not found:
            return None
        best, tries = None, MAX_PARTIAL_TRIES
        for size in range(min(len(found), len(clauses) - 1), 0, -1):
            for kept in itertools.islice(itertools.combinations(found, size), tries):
                tries -= 1
                total = count(kept)
                if total > results.total and (best is None or total > best[1]):
                    best = (kept, total)
            if best is not None or tries <= 0:
                break
        if best is None and not results.total:
            # Too many groups to try: each word, the one finding most first, is kept if the
            # group still finds something, so no query whose words find something gets nothing.
            for clause in sorted(found, key=lambda clause: -count([clause])):
                kept = (*best[0], clause) if best else (clause,)
                if total := count(kept):
                    best = (kept, total)
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

    def _answer(self, call):
        try:
            return call(self.primary), self.primary
        except Exception as error:
            if self.fallback is None:
                raise
            if isinstance(error, SearchUnavailable):
                logger.warning(
                    "Search engine %s did not answer (%s); the database engine answers instead.",
                    self.name,
                    error,
                )
            else:
                logger.exception("Search engine %s failed; the database engine answers.", self.name)
        return call(self.fallback), self.fallback

    def autocomplete(self, text, language, limit=8):
        def public_completions(backend):
            completions, stale = self._asked_public(
                backend,
                lambda excluded: backend.autocomplete(text, language, limit, excluded=excluded),
                lambda completions: self._not_public([item.object_key for item in completions]),
                "completions",
            )
            return [item for item in completions if item.object_key not in stale]

        return self._answer(public_completions)[0]

    def _asked_public(self, backend, ask, stale_in, where):
        """(answer, stale keys) of `ask(excluded)`, asked again after recording entries not
        public that were not known stale, so totals and facets never count what the hits
        do not show; the stale keys are those of the last round."""
        for _round in range(MAX_STALE_ROUNDS):
            answer = ask(self.excluded_for(backend))
            stale = stale_in(answer)
            if not stale:
                break
            logger.warning("Search index held %s, which is not public; skipped.", stale[:5])
            self.found_stale(backend, stale, where)
        return answer, stale

    def _public_search(self, backend, query):
        results, stale = self._asked_public(
            backend,
            lambda excluded: backend.search(replace(query, excluded=excluded)),
            lambda results: self._stale_hits(results.hits),
            "results",
        )
        if stale:
            raise SearchUnavailable(f"{backend.name} holds too many entries that are not public")
        return results

    def _public_counts(self, backend, queries, above):
        """How many public results each query has, asked together (spelling's candidates):
        exact up to `above`; above that, at least `above + 1`, checked to be public."""
        found, stale = self._asked_public(
            backend,
            lambda excluded: backend.counts(
                [replace(query, excluded=excluded) for query in queries], above + 1
            ),
            lambda found: self._not_public([key for _count, sample in found for key in sample]),
            "results",
        )
        return [0] * len(queries) if stale else [count for count, _sample in found]

    def _not_public(self, object_keys):
        public = visibility().public_page_ids({page_id_from_key(key) for key in object_keys})
        return [key for key in dict.fromkeys(object_keys) if page_id_from_key(key) not in public]

    def _stale_hits(self, hits):
        """Object keys of hits the public may not see, or found in a file that stopped being
        public (the page may have been found by that file's text alone)."""
        stale = self._not_public([hit.object_key for hit in hits])
        files = {hit.attachment.document_id for hit in hits if hit.attachment}
        if files:
            public_files = set(
                get_document_model()
                .objects.filter(pk__in=files)
                .exclude(collection_id__in=visibility().private_collection_ids())
                .values_list("pk", flat=True)
            )
            stale += [
                hit.object_key
                for hit in hits
                if hit.attachment and hit.attachment.document_id not in public_files
            ]
        return stale
