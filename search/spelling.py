"""Spelling: a misspelt word is corrected when one correction is clearly best, else suggested.

Candidates are the engine's vocabulary (words of public titles and summaries) and the
glossary's words and acronyms, within a Damerau-Levenshtein distance growing with the word's
length. Those finding nothing public are dropped; the others rank by distance, then by how
many public items they find. A word finding nothing with one clearly best candidate (none
other as close finds anything) is searched corrected, saying so.
"""

import re
from contextlib import suppress
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import OSA

from .analysis import fold, stop_words
from .backends.base import SearchUnavailable
from .synonyms import glossary_index

MAX_WORDS = 3
MAX_CANDIDATES = 10
MAX_SUGGESTIONS = 3
# Results of a count checked to be public before a larger count is believed.
MAX_CHECKED = 10


@dataclass
class Spelling:
    corrected: str = ""
    suggestions: list[str] = field(default_factory=list)


def distance(first, second, limit):
    """Optimal string alignment distance; above `limit` once beyond it."""
    return OSA.distance(first, second, score_cutoff=limit)


def allowed_edits(word, acronym=False):
    if len(word) >= 6:
        return 2
    if len(word) >= 4:
        return 1
    return 1 if acronym and len(word) == 3 else 0


def glossary_words(language):
    """{folded word: the word as the glossary writes it, if an acronym, else ""}."""
    found = {}
    for group in glossary_index(language).groups:
        for wording in group:
            for word in wording:
                folded = fold(word).lower()
                if len(folded) >= 3 and folded.isalpha():
                    acronym = word if word.isupper() and len(wording) == 1 else ""
                    found[folded] = found.get(folded) or acronym
    return found


def candidates(word, language, backend, glossary):
    """[(distance, candidate)] of a folded word, closest first, glossary acronyms as the
    glossary writes them ("CEM")."""
    pool = list(glossary)
    if allowed_edits(word):
        with suppress(SearchUnavailable):
            pool += backend.spelling_candidates(word, language, MAX_CANDIDATES)
    found = []
    for candidate in dict.fromkeys(pool):
        acronym = glossary.get(candidate, "")
        limit = allowed_edits(word, bool(acronym))
        if candidate != word and limit:
            edits = distance(word, candidate, limit)
            if edits <= limit:
                found.append((edits, acronym or candidate))
    return sorted(found)[:MAX_CANDIDATES]


def spelling(engine, query, backend, total):
    """The Spelling of a query that found `total` (few) results. Counts are of what the
    public may see, in three batches whatever the number of candidates."""
    stopwords = set().union(*map(stop_words, query.site_text_languages))
    words = [
        clause.original[0]
        for clause in query.clauses
        if len(clause.original) == 1 and clause.original[0].lower() not in stopwords
    ]
    words = [word for word in words if len(word) >= 3 and fold(word).isalpha()]
    found_alone = dict(zip(words, _counts(engine, query, backend, words, 0), strict=True))
    # Words that find nothing by themselves first: those are the likely misspellings.
    words.sort(key=lambda word: found_alone[word] > 0)
    glossary = glossary_words(query.language)
    pools = [
        (word, candidates(fold(word).lower(), query.language, backend, glossary))
        for word in words[:MAX_WORDS]
    ]
    texts = list(dict.fromkeys(candidate for _word, pool in pools for _edits, candidate in pool))
    above = max(found_alone.values(), default=0)
    found = dict(zip(texts, _counts(engine, query, backend, texts, above), strict=True))
    choices = []
    for word, pool in pools:
        alone = found_alone[word]
        ranked = sorted(
            (edits, -found[candidate], candidate)
            for edits, candidate in pool
            if found[candidate] > alone
        )
        if not ranked:
            continue
        best = ranked[0][0]
        clear = alone == 0 and sum(1 for edits, *_rest in ranked if edits == best) == 1
        choices.append((word, [candidate for *_rest, candidate in ranked], clear))
    if not choices:
        return Spelling()
    best_text = query.text
    for word, ranked, _clear in choices:
        best_text = _replace_word(best_text, word, ranked[0])
    offered = [
        _replace_word(best_text, ranked[0], candidate)
        for _word, ranked, _clear in choices
        for candidate in ranked[:MAX_SUGGESTIONS]
    ]
    texts = list(dict.fromkeys([best_text, *offered]))
    found = dict(zip(texts, _counts(engine, query, backend, texts, total), strict=True))
    if all(clear for *_rest, clear in choices) and found[best_text] > total:
        return Spelling(corrected=best_text)
    suggestions = [text for text in dict.fromkeys(offered) if found[text] > total]
    return Spelling(suggestions=suggestions[:MAX_SUGGESTIONS])


def _counts(engine, query, backend, texts, above):
    """Public results of each text with the query's filters, exact up to `above`."""
    if not texts:
        return []
    prepared = [engine.prepare(replace(query, text=text, clauses=None, page=1)) for text in texts]
    try:
        return engine._public_counts(backend, prepared, min(above, MAX_CHECKED))
    except SearchUnavailable:
        return [0] * len(texts)


def _replace_word(text, word, replacement):
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda _match: replacement, text, count=1)
