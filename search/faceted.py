"""Elasticsearch requests: the faceted search of the results page, and its parts.

`search_request()` turns a SearchQuery into one request body, plain data built without a
query library (it cost more per search than the node's answer): every clause must match in
a title, summary, body or attached file of the text languages the site shows; facet filters
go to a post_filter so each facet is counted as if its own selection were not made, exactly
as the database engine counts them. Titles, snippets and the attached file that matched are
worked out from the hits' text with the database engine's own code (search/highlight.py):
both engines mark the same words, and Elasticsearch's highlighter, which re-ran every
phrase of every synonym over every field of the ten hits, cost more than the search itself.

Relevance is Elasticsearch's own: BM25 over every field of the text languages searched
(title above summary above body above files); the best RESCORED matches by text then score
more when their titles hold every word and for the words found close together, times the
item's weight (a protocol in force weighs more, a listing page, an earlier edition or a
version not in force less) and more for items of the kind the query names ("piloto piura":
pilots; search/intent.py).
"""

from .analysis import analyze
from .documents import text_fields
from .query import facet_names

# Extra weight of an item whose titles hold every word, and of the words found close together.
TITLE_BOOST = 3.0
PROXIMITY_BOOST = 2.0
# Words that may come between the query's words for them to count as close together.
PROXIMITY_SLOP = 3
# Matches by text whose boosts and factors are added (see rescored()).
RESCORED = 500
# Values counted per facet.
FACET_SIZE = 100

# What results need from _source: one page of hits carries its texts, highlighted here.
RESULT_SOURCE = (
    "key object_key kind url title summary language title_language date status is_current "
    "summary_* body_* attachments"
).split()


def alternative_query(words, fields):
    kind = "phrase" if len(words) > 1 else "best_fields"
    return {"multi_match": {"query": " ".join(words), "fields": fields, "type": kind}}


def text_query(search_query, title_only=False):
    """The scoring query of a SearchQuery, or None when no clause has a searchable word: each
    clause matched by any of its wordings, in the fields of the languages it is looked for in
    (`title_only`: in a title)."""
    must = []
    for clause in search_query.clauses:
        should = []
        for language in search_query.site_text_languages:
            fields = text_fields([language])
            fields = fields[:1] if title_only else fields  # the title's field comes first
            for words in clause.wordings_in(language):
                if analyze(" ".join(words), language):
                    should.append(alternative_query(words, fields))
        # A clause no wording of which leaves a stem (only stop words) is dropped, as the
        # database engine drops it.
        if should:
            must.append({"bool": {"should": should, "minimum_should_match": 1}})
    return {"bool": {"must": must}} if must else None


def base_filters(search_query):
    """Filters every count shares: site language, current versions, year range, and none of
    the objects the engine must leave out (their entries may be stale)."""
    filters = [{"term": {"language": search_query.language}}]
    if search_query.excluded:
        excluded = {"terms": {"object_key": list(search_query.excluded)}}
        filters.append({"bool": {"must_not": [excluded]}})
    if not search_query.include_versions:
        filters.append({"term": {"is_current": True}})
    chosen = search_query.filters
    years = {"gte": chosen.year_from, "lte": chosen.year_to}
    years = {key: year for key, year in years.items() if year is not None}
    if years:
        filters.append({"range": {"year": years}})
    return filters


def boosts(search_query):
    """What adds to the text's score: titles holding every word, and the typed words close
    together in a title, summary or body (for more than one word)."""
    titled = {"bool": {**text_query(search_query, title_only=True)["bool"], "boost": TITLE_BOOST}}
    if len(search_query.clauses) < 2:
        return [titled]
    words = [word for clause in search_query.clauses for word in clause.original]
    fields = text_fields(search_query.site_text_languages)
    close = {
        "query": " ".join(words),
        "fields": [name for name in fields if not name.startswith("files_")],
        "type": "phrase",
        "slop": PROXIMITY_SLOP,
        "boost": PROXIMITY_BOOST,
    }
    return [titled, {"multi_match": close}]


def factors(search_query):
    """What multiplies it: the item's weight, and the factor of the kind the query names."""
    functions = [{"field_value_factor": {"field": "weight", "missing": 1.0}}]
    functions += [
        {"filter": {"term": {"kind": kind}}, "weight": factor}
        for kind, factor in search_query.boost_kinds
    ]
    return {"functions": functions, "score_mode": "multiply"}


def rescored(search_query):
    """The best RESCORED matches by text, their boosts added, then times their factors: the
    phrase of the words close together reads positions, too dear for every match."""
    window = max(RESCORED, search_query.offset + search_query.per_page)
    passes = [
        ({"bool": {"should": boosts(search_query)}}, "total"),
        ({"function_score": {**factors(search_query), "boost_mode": "replace"}}, "multiply"),
    ]
    return [
        {"window_size": window, "query": {"rescore_query": query, "score_mode": mode}}
        for query, mode in passes
    ]


def all_of(conditions):
    """One condition that holds when all hold: match_all for none, the condition for one."""
    if len(conditions) > 1:
        return {"bool": {"must": conditions}}
    return conditions[0] if conditions else {"match_all": {}}


def search_request(search_query):
    """One pass over the matches: a page of hits, the exact total and every facet (asked apart,
    side by side, the page and the counts each went through every match: twice the work)."""
    scoring = text_query(search_query)
    query = {"bool": {"filter": base_filters(search_query), "must": [scoring or {"match_all": {}}]}}
    query = query if scoring else {"match_none": {}}
    body = {"query": query, "track_total_hits": True, "_source": RESULT_SOURCE}
    body.update({"from": search_query.offset, "size": search_query.per_page})
    if scoring and search_query.sort == "date":
        # Newest first, the score between items of one date; a rescore cannot follow a sort.
        boosted = {"bool": {"must": [scoring], "should": boosts(search_query)}}
        query["bool"]["must"] = [{"function_score": {"query": boosted, **factors(search_query)}}]
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
    elif scoring:
        body["rescore"] = rescored(search_query)
    chosen = {
        name: {"terms": {name: list(values)}} for name, values in search_query.filters.terms()
    }
    if chosen:
        body["post_filter"] = all_of(list(chosen.values()))
        # Each facet counted with the other facets' selections only.
        body["aggs"] = {
            f"_filter_{name}": {
                "filter": all_of([term for other, term in chosen.items() if other != name]),
                "aggs": {name: {"terms": {"field": name, "size": FACET_SIZE}}},
            }
            for name in facet_names()
        }
    else:
        # Every facet is counted over the same matches: one aggregation of the "facet:value"
        # tokens counts them all, at a fraction of the cost of one aggregation per facet when
        # the node has no cached answer.
        size = FACET_SIZE * len(facet_names())
        body["aggs"] = {"facet_tokens": {"terms": {"field": "facet_tokens", "size": size}}}
    return body


def count_query(search_query):
    """The query of a count: the same matching and filters, no scoring extras."""
    filters = base_filters(search_query)
    filters += [{"terms": {name: list(values)}} for name, values in search_query.filters.terms()]
    return {"bool": {"must": [text_query(search_query) or {"match_none": {}}], "filter": filters}}
