"""The database engine: SQLite FTS5 on a laptop, PostgreSQL full-text search in production.

Entries live in `IndexEntry`; the full-text part is the dialect's (sqlite.py, postgres.py),
written by writer.py. A search asks the database once for the entries matching its words
(every clause, any of its alternatives) as a bitmap of entry ids, and filters and counts them
with the bitmaps of search/bitmaps.py: totals and facet counts are exact. Title matches and
items of the kind the query names rank first, then the other matches, each tier scored by
the dialect (BM25 on SQLite, ts_rank times rarity on PostgreSQL) times the item's weight. So
that a common word costs no more than a rarer one, each tier scores its most recently indexed
candidates only (RANKED_TITLES, RANKED_MATCHES); below those sizes the order is exact.
"""

from django.db import connections
from pyroaring import BitMap

from ..bitmaps import CURRENT, bitmaps_for
from ..documents import SearchDocument
from ..highlight import query_stems
from ..models import IndexEntry
from ..query import facet_names
from .base import (
    AttachmentMatch,
    BaseSearchBackend,
    Completion,
    FacetCount,
    Health,
    IndexState,
    SearchResults,
    matched_hit,
)
from .fulltext import title_words
from .spelling import spelling_candidates
from .writer import FULLTEXT, DatabaseWriter, default_workers

# What a hit shows of the document as it is stored.
HIT_FIELDS = "key object_key kind url title language title_language date status is_current".split()


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
        if (vendor := self.connection.vendor) not in FULLTEXT:
            raise NotImplementedError(f"The database engine does not support {vendor}.")
        return FULLTEXT[vendor](self)

    def _entries(self):
        return IndexEntry.objects.using(self.using)

    # Reading

    def search(self, query):
        fulltext = self.fulltext
        plan = fulltext.plan(query)
        if plan is None:  # no words, or none that can match
            return SearchResults(engine=self.name)
        plan["bitmaps"] = bitmaps_for(self.using)
        snapshot = plan["snapshot"] = plan["bitmaps"].current()
        base, selections, found = self._found(snapshot, query, self._matches(plan))
        total = len(found)
        facets = self._facets(snapshot, base, selections, query)
        if not total:
            return SearchResults(total=0, facets=facets, engine=self.name)
        wanted = query.offset + query.per_page
        if query.sort == "date":
            ranked = [(id_, 0.0) for id_ in snapshot.newest(found, wanted)]
        else:
            ranked = self._most_relevant(fulltext, plan, found, wanted)
        ranked = ranked[query.offset : wanted]
        ids = [identifier for identifier, _score in ranked]
        documents = dict(self._entries().filter(id__in=ids).values_list("id", "document"))
        stems = query_stems(query.clauses, query.site_text_languages)
        hits = [
            self._hit(documents[identifier], score, stems)
            for identifier, score in ranked
            if identifier in documents
        ]
        return SearchResults(hits=hits, total=total, facets=facets, engine=self.name)

    def _found(self, snapshot, query, matches, excluded=None):
        """(matches within language, currency, years and exclusions; {facet: mask of chosen
        values}; the matches passing every filter). `excluded`: the entries of
        `query.excluded` when already looked up."""
        base = matches & snapshot.mask(f"language:{query.language}")
        if not query.include_versions:
            base &= snapshot.mask(CURRENT)
        if query.excluded:
            base -= self._entries_of(query.excluded) if excluded is None else excluded
        filters = query.filters
        if filters.year_from is not None or filters.year_to is not None:
            base &= snapshot.years_between(filters.year_from, filters.year_to)
        selections = {name: snapshot.any_of(name, values) for name, values in filters.terms()}
        found = base
        for mask in selections.values():
            found = found & mask
        return base, selections, found

    def _matches(self, plan, titles=False):
        """The live entries matching the plan's words anywhere, or in the title."""
        return self._matching(plan["bitmaps"], plan["snapshot"], [plan], titles)[0]

    def _matching(self, bitmaps, snapshot, plans, titles=False):
        """The live entries matching each plan's words (of one language), in one statement
        for those not kept (search/bitmaps.py)."""
        language = plans[0]["language"]
        return bitmaps.matching(
            snapshot,
            [(titles, language, tuple(map(tuple, plan["clauses"]))) for plan in plans],
            lambda wanted: self.fulltext.matching(
                language, [(key[2], after) for key, after in wanted], titles
            ),
        )

    def counts(self, queries, sample=1):
        fulltext = self.fulltext
        plans = {position: fulltext.plan(query) for position, query in enumerate(queries)}
        plans = {position: plan for position, plan in plans.items() if plan is not None}
        answers = [(0, [])] * len(queries)
        if not plans:
            return answers
        bitmaps = bitmaps_for(self.using)
        snapshot = bitmaps.current()
        # The queries leave out the same objects: their entries are looked up once.
        excluded = self._entries_of(queries[0].excluded) if queries[0].excluded else None
        matches = self._matching(bitmaps, snapshot, list(plans.values()))
        results = {
            position: self._found(snapshot, queries[position], found, excluded)[2]
            for position, found in zip(plans, matches, strict=True)
        }
        chosen = {position: list(ids[:sample]) for position, ids in results.items()}
        keys = dict(
            self._entries()
            .filter(id__in={id_ for ids in chosen.values() for id_ in ids})
            .values_list("id", "object_key")
        )
        for position, ids in results.items():
            answers[position] = (len(ids), [keys[id_] for id_ in chosen[position] if id_ in keys])
        return answers

    def _entries_of(self, object_keys):
        """The bitmap of the entries of these objects."""
        object_keys = list(object_keys)
        ids = BitMap()
        for start in range(0, len(object_keys), 500):
            ids.update(
                self._entries()
                .filter(object_key__in=object_keys[start : start + 500])
                .values_list("id", flat=True)
            )
        return ids

    def _facets(self, snapshot, base, selections, query):
        """Counts per facet value; a facet with a selection is counted without it."""
        result = {}
        for name in facet_names():
            context = base
            for other, mask in selections.items():
                if other != name:
                    context = context & mask
            chosen = set(query.filters.chosen.get(name, ()))
            counts = []
            for value in snapshot.values.get(name, ()):
                count = context.intersection_cardinality(snapshot.mask(f"{name}:{value}"))
                if count:
                    counts.append(FacetCount(value=value, count=count, selected=value in chosen))
            if counts:
                result[name] = sorted(counts, key=lambda item: (-item.count, item.value))
        return result

    def _most_relevant(self, fulltext, plan, found, wanted):
        """Title matches and items of the kind named first (scored over titles), then the
        other matches (over everything), each tier its most recent candidates (see above)."""
        snapshot = plan["snapshot"]
        titled = self._matches(plan, titles=True) & found
        # Items of the kind the query names rank with the title matches (search/intent.py).
        titled |= found & snapshot.any_of("kind", [k for k, _f in plan["boost_kinds"]])
        head = fulltext.score(plan, snapshot.highest(titled, fulltext.RANKED_TITLES), titles=True)
        if len(head) >= wanted or len(head) >= len(found):
            return head
        rest = fulltext.score(plan, snapshot.highest(found - titled, fulltext.RANKED_MATCHES))
        return head + rest

    def _hit(self, data, score, stems):
        document = SearchDocument.from_dict(data)
        files = [
            (
                AttachmentMatch(
                    item.document_id, item.title, item.url, item.extension, item.language
                ),
                item.text,
            )
            for item in document.attachments
        ]
        return matched_hit(
            stems,
            score,
            (document.body, document.body_language),
            (document.summary, document.summary_language),
            files,
            **{name: getattr(document, name) for name in HIT_FIELDS},
        )

    def autocomplete(self, text, language, limit=8, excluded=()):
        words = title_words(text).split()
        if not words:
            return []
        return [
            Completion(data["title"], data["url"], data["kind"], language, data["object_key"])
            for data in self.fulltext.complete(words[-6:], language, limit, list(excluded))
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
        return Health(self.name, True, documents=documents, detail=self.connection.vendor)


SearchBackend = DatabaseSearchBackend
