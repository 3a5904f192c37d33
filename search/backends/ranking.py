"""BM25 over stored stems, for the database engine on SQLite."""

import math

# Weights of title, summary, body and files: a title match counts most.
BM25_WEIGHTS = (10.0, 4.0, 1.0, 0.6)
BM25_K1 = 1.2
BM25_B = 0.75
# Characters of a long field read when scoring it.
SCORED_CHARACTERS = 8_000


def bm25_scores(rows, phrases, weights):
    """{id: score} of rows (id, *fields of stems), BM25 with per-field weights.

    Term frequencies count each phrase of stems in each field; document frequencies and
    average lengths come from the rows themselves.
    """
    documents = []
    for identifier, *fields in rows:
        fields = [f" {(field or '')[:SCORED_CHARACTERS]} " for field in fields]
        documents.append((identifier, fields, [field.count(" ") - 1 for field in fields]))
    if not documents:
        return {}
    count = len(documents)
    averages = [
        max(sum(lengths[position] for _id, _fields, lengths in documents) / count, 1.0)
        for position in range(len(weights))
    ]
    needles = [f" {phrase} " for phrase in phrases]
    frequencies = {
        needle: sum(1 for _id, fields, _lengths in documents if any(needle in f for f in fields))
        for needle in needles
    }
    scores = {}
    for identifier, fields, lengths in documents:
        score = 0.0
        for needle in needles:
            df = frequencies[needle]
            if not df:
                continue
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            for field, length, average, weight in zip(
                fields, lengths, averages, weights, strict=True
            ):
                tf = field.count(needle)
                if tf:
                    norm = 1 - BM25_B + BM25_B * length / average
                    score += weight * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        scores[identifier] = score
    return scores
