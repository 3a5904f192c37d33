"""The database engine: SQLite FTS5 on a laptop, PostgreSQL full-text search in production.

Entries live in `IndexEntry`; the full-text part is the dialect's (sqlite.py, postgres.py),
written by writer.py.

A search asks the database once for the entries containing each word or phrase, keeps the
matches of common ones as bitmaps of entry ids (search/bitmaps.py), and combines, filters and
counts them there: totals and facet counts are exact. Results rank title matches and items of
the kind the query names first, then the other matches, each tier scored with BM25 (SQLite,
in Python over the stored stems) or ts_rank of each word times its rarity (PostgreSQL),
times the item's weight (SearchDocument.weight) and the factor of the kind named
(search/intent.py). So that a word found
in most of a large collection costs no more than a rarer one, each tier scores its most
recently indexed candidates only (RANKED_TITLES, RANKED_MATCHES); below those sizes the
order is exact. Entries are never updated in place, which keeps the bitmaps valid.
"""

from django.db import connections

from ..analysis import fold_words
from ..bitmaps import CURRENT, highest_ids, ids_to_mask, locked_bitmaps
from ..highlight import Passage, best_passage, highlight_all, query_stems
from ..models import IndexEntry
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
from .fulltext import storage_token
from .spelling import spelling_candidates
from .writer import FULLTEXT, DatabaseWriter, default_workers


class DatabaseSearchBackend(DatabaseWriter, BaseSearchBackend):
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
        try:
            return FULLTEXT[vendor](self)
        except KeyError:
            raise NotImplementedError(f"The database engine does not support {vendor}.") from None

    def _entries(self):
        return IndexEntry.objects.using(self.using)

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
        return spelling_candidates(self.using, word, language, limit)

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


SearchBackend = DatabaseSearchBackend
