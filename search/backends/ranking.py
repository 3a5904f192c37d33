"""Ranking for the database engine: BM25 over stored stems on SQLite, `ts_rank` per word
weighted by rarity on PostgreSQL.

On PostgreSQL, `ts_rank` over a whole query counts how often and where the query's lexemes
occur, but not how rare they are: a long text that repeats a common word outranks a short one
that holds the rare words asked for. So each word or phrase of the query is ranked on its own
(`ts_rank`, which saturates as BM25's term frequency does, with the field weights title 1,
summary 0.4, body 0.1, files 0.06, the ratios of SQLite's BM25 weights, and the length
normalisation 1) and the ranks are added up, each times its inverse document frequency among
the candidates, as BM25 does. Each `ts_rank` looks its lexemes up in the vector (a binary
search), so ranking costs no more than it did.

On both, a word's wordings (its glossary synonyms and acronyms, in every language searched)
count as one term, as Lucene's synonym query does: their occurrences add up, and the term is
as rare as the texts holding any of them. So the glossary page, which spells out every acronym,
does not outrank the pages about the subject.
"""

import math

# Weights of title, summary, body and files: a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.6)
BM25_K1 = 1.2
BM25_B = 0.75
# Characters of a long field read when scoring it.
SCORED_CHARACTERS = 8_000
# ts_rank's weights of D (files), C (body), B (summary) and A (title).
RANK_WEIGHTS = "{0.06, 0.1, 0.4, 1.0}"
# Length normalisation: the rank divided by 1 + the logarithm of the vector's length.
NORMALISATION = 1


def bm25_scores(rows, clauses, weights):
    """{id: score} of rows (id, *fields of stems), BM25 with per-field weights.

    A clause's term frequency in a field counts each of its phrases of stems there; document
    frequencies and average lengths come from the rows themselves.
    """
    needles = [[f" {phrase} " for phrase in clause] for clause in clauses]
    documents = []
    for identifier, *fields in rows:
        fields = [f" {(field or '')[:SCORED_CHARACTERS]} " for field in fields]
        lengths = [field.count(" ") - 1 for field in fields]
        # Each clause's count in each field, read once.
        counts = [
            [sum(field.count(needle) for needle in clause) for field in fields]
            for clause in needles
        ]
        documents.append((identifier, lengths, counts))
    if not documents:
        return {}
    count = len(documents)
    averages = [
        max(sum(lengths[position] for _id, lengths, _counts in documents) / count, 1.0)
        for position in range(len(weights))
    ]
    rarity = []
    for index in range(len(needles)):
        df = sum(1 for _id, _lengths, counts in documents if any(counts[index]))
        rarity.append(math.log(1 + (count - df + 0.5) / (df + 0.5)) if df else 0.0)
    scores = {}
    for identifier, lengths, counts in documents:
        score = 0.0
        for idf, frequencies in zip(rarity, counts, strict=True):
            for tf, length, average, weight in zip(
                frequencies, lengths, averages, weights, strict=True
            ):
                if tf:
                    norm = 1 - BM25_B + BM25_B * length / average
                    score += weight * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        scores[identifier] = score
    return scores


def ts_rank_scores(cursor, entries, vectors, plan, ids, titles):
    """[(id, score, the item's weight, kind)] of these entries: over the head vector (titles
    and summaries) alone, or over the search vector (every field) plus the head vector, so
    that a word in a short title counts as a word in a title, however long the text below
    it (the normalisation divides by the whole vector's length)."""
    columns = ["head_vector"] if titles else ["search_vector", "head_vector"]
    # The plan's alternatives (tsquery literals of one word or phrase), each once.
    phrases = list(
        dict.fromkeys(alternative for clause in plan["clauses"] for alternative in clause)
    )
    clauses = [[phrases.index(alternative) for alternative in clause] for clause in plan["clauses"]]
    selected, parameters = [], []
    for phrase in phrases:
        for column in columns:
            selected.append(f"ts_rank(%s::float4[], {column}, %s::tsquery, {NORMALISATION})")
            parameters += [RANK_WEIGHTS, phrase]
        selected.append(f"{columns[0]} @@ %s::tsquery")
        parameters.append(phrase)
    cursor.execute(
        f"SELECT id, COALESCE((document->>'weight')::float, 1), kind, "  # noqa: S608
        f"{', '.join(selected)} FROM {entries} JOIN {vectors} ON entry_id = id "
        "WHERE id = ANY(%s)",
        [*parameters, list(ids)],
    )
    rows = cursor.fetchall()
    width = len(columns) + 1
    count = len(rows)
    rarity = []
    for clause in clauses:
        df = sum(
            1 for row in rows if any(row[3 + index * width + len(columns)] for index in clause)
        )
        rarity.append(math.log(1 + (count - df + 0.5) / (df + 0.5)))
    ranked = []
    for identifier, weight, kind, *values in rows:
        total = sum(
            idf * sum(sum(values[index * width : index * width + len(columns)]) for index in clause)
            for clause, idf in zip(clauses, rarity, strict=True)
        )
        ranked.append((identifier, total, weight, kind))
    return ranked
