"""Elasticsearch query classes: the faceted search of the results page, and its parts.

`QuipuFacetedSearch` turns a SearchQuery into one request: every clause must match in a
title, summary, body or attached file of the text languages the site shows; facet filters
go to a post_filter so each facet is counted as if its own selection were not made, exactly
as the database engine counts them. Titles, snippets and the attached file that matched are
worked out from the hits' text with the database engine's own code (search/highlight.py):
both engines mark the same words, and Elasticsearch's highlighter, which re-ran every
phrase of every synonym over every field of the ten hits, cost more than the search itself.

Relevance is Elasticsearch's own: BM25 over every field of the text languages searched
(title above summary above body above files), more for items whose titles hold every word
and for the words found close together, times the item's weight (a protocol in force
weighs more, a listing page, an earlier edition or a version not in force less), and more
for items of the kind the query names ("piloto piura": pilots; search/intent.py).
"""

from elasticsearch.dsl import FacetedSearch, Q, TermsFacet

from .analysis import analyze
from .documents import text_fields
from .query import facet_names

# Extra weight of an item whose titles hold every word, and of the words found close together.
TITLE_BOOST = 3.0
PROXIMITY_BOOST = 2.0
# Words that may come between the query's words for them to count as close together.
PROXIMITY_SLOP = 3

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
    kind = "phrase" if len(words) > 1 else "best_fields"
    return Q("multi_match", query=" ".join(words), fields=fields, type=kind)


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


def proximity_query(search_query):
    """The typed words close together in a title, summary or body, or None for one word."""
    words = [word for clause in search_query.clauses for word in clause.original]
    if len(search_query.clauses) < 2:
        return None
    fields = [
        name
        for name in text_fields(search_query.site_text_languages)
        if not name.startswith("files_")
    ]
    return Q(
        "multi_match",
        query=" ".join(words),
        fields=fields,
        type="phrase",
        slop=PROXIMITY_SLOP,
        boost=PROXIMITY_BOOST,
    )


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

    def __init__(self, search_query, client, index):
        self.facets = {name: TermsFacet(field=name, size=100) for name in facet_names()}
        self.search_query = search_query
        # Built once: the query and the check below use it.
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
        """Every clause must match; title matches and close words add; times the weight."""
        if self.scoring is None:
            return search.query(Q("match_none"))
        titled = text_query(query, title_only=True)
        should = [Q("bool", must=titled.must, boost=TITLE_BOOST)]
        close = proximity_query(query)
        if close is not None:
            should.append(close)
        matched = Q("bool", must=[self.scoring], should=should)
        functions = [{"field_value_factor": {"field": "weight", "missing": 1.0}}]
        functions += [
            {"filter": {"term": {"kind": kind}}, "weight": factor}
            for kind, factor in query.boost_kinds
        ]
        return search.query(
            Q(
                "function_score",
                query=matched,
                functions=functions,
                score_mode="multiply",
                boost_mode="multiply",
            )
        )

    def requests(self):
        """(hits request, counts request) bodies for one _msearch.

        Hits: scored, one page, no aggregations and no exact total, so the
        node may skip documents that cannot reach the page. Counts: no hits, the text match
        as a constant-score filter, the exact total and every facet.
        """
        body = self._s.to_dict()
        hits = {key: value for key, value in body.items() if key != "aggs"}
        hits["track_total_hits"] = False
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
