"""Highlighted snippets of the original text, for engines that index stems only.

A word is marked when its stem is one of the query's; a phrase's words only where the whole
phrase occurs, as the engines match it. Output is escaped HTML with <mark> around matches,
the shape Elasticsearch's highlighter returns.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape

from .analysis import TOKEN_RE, analyze, analyze_token

SNIPPET_LENGTH = 220
CONTEXT_BEFORE = 60


def query_stems(clauses, languages):
    """{language: stems of the query's words and synonyms}; a phrase is a tuple of stems."""
    stems = {language: set() for language in languages}
    for clause in clauses:
        for language in languages:
            for alternative in clause.wordings_in(language):
                analysed = analyze(" ".join(alternative), language)
                if len(analysed) == 1:
                    stems[language].add(analysed[0])
                elif analysed:
                    stems[language].add(tuple(analysed))
    return stems


def _aligned_fold_table():
    """Accented Latin letters to their base letter, keeping positions aligned."""
    table = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1]
        if base.isascii() and base.isalpha() and base != char:
            table[code] = base.lower()
    return table


ALIGNED_FOLD = _aligned_fold_table()
PREFIX_LENGTH = 4


@lru_cache(maxsize=256)
def _candidate_pattern(stems):
    """A regex finding words that may reduce to one of `stems`. Stemmers only change a
    word's last letters ("luces" → "luz"), so a word shares all but the last of its stem's."""
    prefixes = sorted({stem[: max(1, min(PREFIX_LENGTH, len(stem) - 1))] for stem in stems if stem})
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(prefix) for prefix in prefixes)
    return re.compile(rf"(?<!\w)(?:{alternatives})")


def _marked_tokens(text, language, stems):
    """(start, end) of every word or phrase of `text` that matches."""
    if isinstance(stems, dict):
        # Every stem when that language was not searched.
        stems = stems[language] if language in stems else set().union(*stems.values())
    if not stems or not text:
        return []
    lowered = text.lower()
    if len(lowered) != len(text):
        # Lower-casing moved the characters: every word is analysed.
        tokens = [
            (match.start(), match.end(), analyze_token(match.group().lower(), language))
            for match in TOKEN_RE.finditer(text)
        ]
        return _marks([token for token in tokens if token[2]], stems, lambda _end, _start: True)
    words = {stem for stem in stems if isinstance(stem, str)}
    words.update(word for stem in stems if isinstance(stem, tuple) for word in stem)
    pattern = _candidate_pattern(frozenset(words))
    if pattern is None:
        return []
    folded = lowered.translate(ALIGNED_FOLD)
    tokens, position = [], 0
    for candidate in pattern.finditer(folded):
        if candidate.start() < position:
            continue
        token = TOKEN_RE.match(lowered, candidate.start())
        if token is None:
            continue
        position = token.end()
        stem = analyze_token(token.group(), language)
        if stem in words:
            tokens.append((token.start(), token.end(), stem))

    def only_stop_words(end, start):
        return not any(
            analyze_token(match.group(), language)
            for match in TOKEN_RE.finditer(lowered, end, start)
        )

    return _marks(tokens, stems, only_stop_words)


def _marks(tokens, stems, joined):
    """Spans of tokens (start, end, stem) whose stem is one of the stems, and of phrases,
    longest first, over consecutive tokens `joined(end, start)`."""
    phrases = sorted((stem for stem in stems if isinstance(stem, tuple)), key=len, reverse=True)
    marked, index = [], 0
    while index < len(tokens):
        start, end, stem = tokens[index]
        length = next(
            (
                len(phrase)
                for phrase in phrases
                if tuple(token[2] for token in tokens[index : index + len(phrase)]) == phrase
                and all(
                    joined(tokens[at][1], tokens[at + 1][0])
                    for at in range(index, index + len(phrase) - 1)
                )
            ),
            0,
        )
        if length:
            marked.append((start, tokens[index + length - 1][1]))
        elif stem in stems:
            marked.append((start, end))
        index += max(length, 1)
    return marked


class Passage:
    def __init__(self, text, language, stems):
        self.text = " ".join(text.split()) if text else ""
        self.spans = _marked_tokens(self.text, language, stems) if self.text else []

    @property
    def matches(self):
        return len(self.spans)

    def snippet(self):
        text, spans = self.text, self.spans
        # The window starting at a match that holds most matches; the text's start without any.
        best_start, best_count, last = (spans[0][0] if spans else 0), 0, 0
        for first, (span_start, _span_end) in enumerate(spans):
            last = max(last, first)
            while last + 1 < len(spans) and spans[last + 1][0] < span_start + SNIPPET_LENGTH:
                last += 1
            if last - first + 1 > best_count:
                best_start, best_count = span_start, last - first + 1
        # Whole words: from after the space before, to the space after (or the text's ends).
        start = text.rfind(" ", 0, max(0, best_start - CONTEXT_BEFORE)) + 1
        end = text.find(" ", min(len(text), start + SNIPPET_LENGTH))
        end = end if end >= 0 else len(text)
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return prefix + _render(text, spans, start, end) + suffix


def best_passage(texts, stems):
    """(index, Passage) of the (text, language) pair with most matches, or None."""
    best = None
    for index, (text, language) in enumerate(texts):
        passage = Passage(text, language, stems)
        if passage.matches and (best is None or passage.matches > best[1].matches):
            best = (index, passage)
    return best


def _render(text, spans, start, end):
    pieces, position = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    return "".join(pieces)


def highlight_all(text, language, stems):
    return _render(text, _marked_tokens(text, language, stems), 0, len(text))


def snippet(text, language, stems):
    return Passage(text, language, stems).snippet()
