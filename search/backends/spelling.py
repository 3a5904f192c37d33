"""Spelling suggestions of the database engine: the indexed vocabulary near a word."""

import heapq

from ..analysis import fold_words
from ..models import IndexWord
from ..spelling import distance as damerau_levenshtein

# Words of titles and summaries offered as spelling suggestions.
MIN_WORD_LENGTH = 3
MAX_WORD_LENGTH = 40


def suggestion_words(document):
    return {
        word
        for word in fold_words(f"{document.title} {document.summary}")
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and word.isalpha()
    }


def spelling_candidates(using, word, language, limit=5):
    """Indexed words within one or two edits of `word`, nearest and most frequent first."""
    if len(word) < MIN_WORD_LENGTH + 1 or not word.isalpha():
        return []
    allowed = 1 if len(word) <= 5 else 2
    rows = (
        IndexWord.objects.using(using)
        .filter(language=language, word__startswith=word[0])
        .exclude(word=word)
        .values_list("word", "entries")
    )
    scored = [
        (damerau_levenshtein(word, candidate, allowed), -entries, candidate)
        for candidate, entries in rows
        if abs(len(candidate) - len(word)) <= allowed
    ]
    nearest = heapq.nsmallest(limit, [item for item in scored if item[0] <= allowed])
    return [candidate for _distance, _entries, candidate in nearest]
