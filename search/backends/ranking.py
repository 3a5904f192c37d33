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
    needles = [f" {phrase} " for phrase in phrases]
    documents = []
    for identifier, *fields in rows:
        fields = [f" {(field or '')[:SCORED_CHARACTERS]} " for field in fields]
        lengths = [field.count(" ") - 1 for field in fields]
        # Each phrase's count in each field, read once.
        counts = [[field.count(needle) for field in fields] for needle in needles]
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
