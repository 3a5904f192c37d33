"""BM25 for the database engine on PostgreSQL, from the weighted tsvectors themselves.

`ts_rank` counts how often and how close the query's lexemes occur, but not how rare they
are: a long text that repeats a common word outranks a short one that holds the rare words
asked for. So PostgreSQL ranks the candidates as SQLite does, with BM25 and per-field weights
(title A, summary B, body C, files D), computed from what the vectors hold: for each entry,
the number of lexemes of each weight (the field's length) and the positions of the query's
lexemes, which PostgreSQL picks out of the vectors itself (only those leave the database).
A phrase counts where its lexemes stand one after another in the same field.
"""

import math
import re

from .database import BM25_B, BM25_K1, BM25_WEIGHTS

LETTERS = "ABCD"
LEXEME_RE = re.compile(r"'((?:[^']|'')*)'")


def phrases_of(plan):
    """Each alternative of the plan's clauses as a tuple of lexemes."""
    return [
        tuple(lexeme.replace("''", "'") for lexeme in LEXEME_RE.findall(alternative))
        for clause in plan["clauses"]
        for alternative in clause
    ]


def scoring_sql(entries, column, letters):
    """SQL selecting (id, weight, kind, length per weight..., [lexeme, position, weight]...)
    of entries `id = ANY(%s)`, for the lexemes `= ANY(%s)` (the second parameter first)."""
    lengths = ", ".join(
        f"length(ts_filter({column}, '{{{letter.lower()}}}'))" for letter in letters
    )
    return (
        f"SELECT e.id, COALESCE((e.document->>'weight')::float, 1), e.kind, {lengths}, "  # noqa: S608
        "(SELECT array_agg(ARRAY[u.lexeme, p.position::text, w.weight]) "
        f"FROM unnest(e.{column}) u, unnest(u.positions) WITH ORDINALITY p(position, n), "
        "unnest(u.weights) WITH ORDINALITY w(weight, m) "
        "WHERE u.lexeme = ANY(%s) AND p.n = w.m) "
        f"FROM {entries} e WHERE e.id = ANY(%s)"
    )


def occurrences(found):
    """{(letter, position): lexeme} of the query's lexemes in one entry."""
    return {(weight.upper(), int(position)): lexeme for lexeme, position, weight in (found or ())}


def phrase_count(places, phrase, letter):
    """How often the lexemes of `phrase` stand one after another in the field `letter`."""
    count = 0
    for (field, position), lexeme in places.items():
        if field != letter or lexeme != phrase[0]:
            continue
        if all(
            places.get((letter, position + offset)) == word
            for offset, word in enumerate(phrase[1:], start=1)
        ):
            count += 1
    return count


def vector_bm25(rows, phrases, letters):
    """{id: BM25 score} of rows (id, [length per letter], {(letter, position): lexeme})."""
    if not rows:
        return {}
    weights = BM25_WEIGHTS[: len(letters)]
    count = len(rows)
    averages = [
        max(sum(lengths[index] for _id, lengths, _places in rows) / count, 1.0)
        for index in range(len(letters))
    ]
    frequencies = {}
    per_entry = {}
    for identifier, _lengths, places in rows:
        for phrase in phrases:
            counts = [phrase_count(places, phrase, letter) for letter in letters]
            per_entry[(identifier, phrase)] = counts
            if any(counts):
                frequencies[phrase] = frequencies.get(phrase, 0) + 1
    scores = {}
    for identifier, lengths, _places in rows:
        score = 0.0
        for phrase in phrases:
            df = frequencies.get(phrase, 0)
            if not df:
                continue
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            for tf, length, average, weight in zip(
                per_entry[(identifier, phrase)], lengths, averages, weights, strict=True
            ):
                if tf:
                    norm = 1 - BM25_B + BM25_B * length / average
                    score += weight * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        scores[identifier] = score
    return scores


def score(cursor, entries, plan, ids, titles, factor):
    """(id, BM25 times the item's weight and `factor(kind)`) of these entries, best first:
    over the head vector (titles and summaries) or the search vector (every field)."""
    column, letters = ("head_vector", "AB") if titles else ("search_vector", LETTERS)
    phrases = [phrase for phrase in dict.fromkeys(phrases_of(plan)) if phrase]
    lexemes = sorted({lexeme for phrase in phrases for lexeme in phrase})
    cursor.execute(scoring_sql(entries, column, letters), [lexemes, list(ids)])
    rows, multipliers = [], {}
    for identifier, weight, kind, *rest in cursor.fetchall():
        lengths, found = rest[:-1], rest[-1]
        rows.append((identifier, lengths, occurrences(found)))
        multipliers[identifier] = weight * factor(kind)
    scores = vector_bm25(rows, phrases, letters)
    ranked = [(identifier, value * multipliers[identifier]) for identifier, value in scores.items()]
    return sorted(ranked, key=lambda item: (-item[1], -item[0]))
