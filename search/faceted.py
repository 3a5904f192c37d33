"""Elasticsearch query classes: the faceted search of the results page, and its parts.

`QuipuFacetedSearch` turns a SearchQuery into one request: every clause must match in a
title, summary, body or attached file of the text languages the site shows; facet filters
go to a post_filter so each facet is counted as if its own selection were not made, exactly
as the database engine counts them. Titles, snippets and the attached file that matched are
worked out from the hits' text with the database engine's own code (search/highlight.py):
both engines mark the same words, and Elasticsearch's highlighter, which re-ran every
phrase of every synonym over every field of the ten hits, cost more than the search itself.

Relevance is ranked as the database engine ranks it, in bounded work: matches are found as
a filter, title matches first, in the index's order (newest first: the index is sorted by
date); the first RANKED_WINDOW of them are then scored with BM25 over every field (a
rescore). A word found in most of a large collection therefore costs no more than a rarer
one, and below that many results the order is exact.
"""

from elasticsearch.dsl import FacetedSearch, Q, TermsFacet

from .analysis import analyze
from .documents import FACET_FIELDS, text_fields

# Matches scored with BM25 for the relevance order, as RANKED_TITLES + RANKED_MATCHES in the
# database engine; at least the matches up to the page asked for.
RANKED_WINDOW = 400
# A title match's head start: more than any BM25 score, so title matches come first.
TITLE_TIER = 1000.0

# What results need from _source: one page of hits carries its texts, highlighted here.
RESULT_SOURCE = [
    "key",
    "object_key",
    "kind",
    "url",
    "title",
    "summary",
    "language",
    "title_language",
    "date",
    "status",
    "is_current",
    "summary_*",
    "body_*",
    "attachments",
]


def clause_query(clause, languages, title_only=False):
    """Any wording of the clause, each in the fields of the languages it is looked for in.

    None when no wording leaves a stem (only stop words): the clause is dropped, as the
    database engine drops it.
    """
    should = []
    for language in languages:
        fields = text_fields([language])
        if title_only:
            fields = [name for name in fields if name.startswith("title_")]
        for words in clause.wordings_in(language):
            if analyze(" ".join(words), language):
                should.append(alternative_query(words, fields))
    if not should:
        return None
    return Q("bool", should=should, minimum_should_match=1)


def alternative_query(words, fields):
    text = " ".join(words)
    if len(words) > 1:
        return Q("multi_match", query=text, fields=fields, type="phrase")
    return Q("multi_match", query=text, fields=fields, type="best_fields")


def text_query(search_query, title_only=False):
    """The scoring query of a SearchQuery, or None when no clause has a searchable word.

    `title_only`: every clause must match in a title.
    """
    must = [
        query
        for query in (
            clause_query(clause, search_query.site_text_languages, title_only)
            for clause in search_query.clauses
        )
        if query is not None
    ]
    return Q("bool", must=must) if must else None


def base_filters(search_query):
    """Filters every count shares: site language, current versions, year range, and none of
    the objects the engine must leave out (their entries may be stale)."""
    filters = [Q("term", language=search_query.language)]
    if search_query.excluded:
        filters.append(~Q("terms", object_key=list(search_query.excluded)))
    if not search_query.include_versions:
        filters.append(Q("term", is_current=True))
    years = {}
    if search_query.filters.year_from is not None:
        years["gte"] = search_query.filters.year_from
    if search_query.filters.year_to is not None:
        years["lte"] = search_query.filters.year_to
    if years:
        filters.append(Q("range", year=years))
    return filters


class QuipuFacetedSearch(FacetedSearch):
    """Results, totals and facet counts of one SearchQuery in one _msearch."""

    facets = {name: TermsFacet(field=name, size=100) for name in FACET_FIELDS}

    def __init__(self, search_query, client, index):
        self.search_query = search_query
        # Built once: the filter, the rescore and the check below all use it.
        self.scoring = text_query(search_query)
        self.using = client
        self.index = index
        if search_query.sort == "date":
            sort = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
        else:
            # Score alone, so that the node may stop once the window is full; ties keep the
            # index's order, newest first.
            sort = ["_score"]
        filters = {name: list(values) for name, values in search_query.filters.terms()}
        super().__init__(query=search_query, filters=filters, sort=sort)
        start = search_query.offset
        self._s = self._s[start : start + search_query.per_page]

    def search(self):
        search = super().search()
        for condition in base_filters(self.search_query):
            search = search.filter(condition)
        return search.extra(track_total_hits=True).source(RESULT_SOURCE)

    def query(self, search, query):
        """Matches as a filter; title matches score TITLE_TIER, every other match 0."""
        if self.scoring is None:
            return search.query(Q("match_none"))
        titled = Q("constant_score", filter=text_query(query, title_only=True), boost=TITLE_TIER)
        return search.query(Q("bool", filter=[self.scoring], should=[titled]))

    def rescore(self):
        """BM25 over every field for the first matches, added to their tier."""
        return {
            "window_size": max(
                RANKED_WINDOW, self.search_query.offset + self.search_query.per_page
            ),
            "query": {
                "rescore_query": self.scoring.to_dict(),
                "query_weight": 1.0,
                "rescore_query_weight": 1.0,
            },
        }

    def requests(self):
        """(hits request, counts request) bodies for one _msearch.

        Hits: scored, one page, no aggregations and no exact total, so the
        node may skip documents that cannot reach the page. Counts: no hits, the text match
        as a constant-score filter, the exact total and every facet.
        """
        body = self._s.to_dict()
        hits = {key: value for key, value in body.items() if key != "aggs"}
        hits["track_total_hits"] = False
        if self.search_query.sort != "date" and self.scoring is not None:
            hits["rescore"] = self.rescore()
        counts = {
            "size": 0,
            "track_total_hits": True,
            "query": {"constant_score": {"filter": body["query"]}},
            "aggs": body.get("aggs", {}),
        }
        if "post_filter" in body:
            counts["post_filter"] = body["post_filter"]
        return hits, counts


def count_query(search_query):
    """The query of a count: the same matching and filters, no scoring extras."""
    scoring = text_query(search_query)
    filters = base_filters(search_query)
    for name, values in search_query.filters.terms():
        filters.append(Q("terms", **{name: list(values)}))
    return Q("bool", must=[scoring or Q("match_none")], filter=filters)
