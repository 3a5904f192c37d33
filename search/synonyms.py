"""Glossary synonyms, applied to a query before it reaches an engine (GBV ↔ VBG ↔ ...).

Expansion happens at query time, in Python, for both engines alike: the glossary changes
without reindexing, and no engine-side synonym filter is needed. `expand` is a pure function
of the parsed clauses and a `SynonymIndex`; `glossary_index` builds that index from the
glossary and caches it until a term changes.
"""

from dataclasses import dataclass

from django.core.cache import cache

from .analysis import STOPWORDS, fold, spanish_light_stem
from .query import Clause, words

CACHE_KEY = "quipu-search-synonyms"
CACHE_SECONDS = 300
# A synonym is matched over at most this many consecutive query words.
MAX_SYNONYM_WORDS = 8


def match_key(text_words, language):
    """Words compared loosely: folded, apostrophes dropped, light-stemmed, stop words out."""
    stopwords = STOPWORDS[language]
    key = []
    for word in text_words:
        lowered = word.lower()
        if lowered in stopwords:
            continue
        key.append(spanish_light_stem(fold(lowered).replace("'", "").replace("\u2019", "")))
    return tuple(key)


@dataclass(frozen=True)
class SynonymIndex:
    """Each way of writing a term, by its match key, and the group of equivalent wordings."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    keys: tuple[tuple[tuple[str, ...], int], ...] = ()

    @classmethod
    def build(cls, groups, language):
        """`groups` is a list of lists of equivalent strings, e.g. ["VBG", "GBV", ...]."""
        built, keys = [], {}
        for names in groups:
            wordings = []
            for name in names:
                name_words = words(name)
                if name_words and name_words not in wordings:
                    wordings.append(name_words)
            if len(wordings) < 2:
                continue
            position = len(built)
            built.append(tuple(wordings))
            for wording in wordings:
                key = match_key(wording, language)
                if key and len(key) <= MAX_SYNONYM_WORDS:
                    keys.setdefault(key, position)
        return cls(groups=tuple(built), keys=tuple(keys.items()))

    def lookup(self, key):
        for candidate, position in self.keys:
            if candidate == key:
                return self.groups[position]
        return None

    @property
    def longest(self):
        return max((len(key) for key, _position in self.keys), default=0)


def expand(clauses, index, language):
    """Clauses with glossary synonyms added as alternatives, longest match first.

    A run of single-word clauses ("violencia basada en género") or a quoted phrase that is a
    glossary wording becomes one clause whose alternatives are every wording of that term.
    """
    if not index.keys:
        return tuple(clauses)
    lookup = dict(index.keys)
    expanded = []
    position = 0
    clauses = list(clauses)
    while position < len(clauses):
        clause = clauses[position]
        if len(clause.original) > 1:
            group = _group(lookup, index, clause.original, language)
            expanded.append(_merge(clause.original, group) if group else clause)
            position += 1
            continue
        match = None
        limit = min(len(clauses), position + max(index.longest, 1) + 2)
        for end in range(limit, position, -1):
            run = clauses[position:end]
            if any(len(item.original) > 1 for item in run):
                continue
            run_words = tuple(item.original[0] for item in run)
            group = _group(lookup, index, run_words, language)
            if group:
                match = (end, run_words, group)
                break
        if match:
            end, run_words, group = match
            expanded.append(_merge(run_words, group))
            position = end
        else:
            expanded.append(clause)
            position += 1
    return tuple(expanded)


def _group(lookup, index, run_words, language):
    key = match_key(run_words, language)
    if not key:
        return None
    position = lookup.get(key)
    return None if position is None else index.groups[position]


def _merge(original, group):
    alternatives = [original]
    seen = {tuple(fold(word) for word in original)}
    for wording in group:
        folded = tuple(fold(word) for word in wording)
        if folded not in seen:
            seen.add(folded)
            alternatives.append(wording)
    return Clause(tuple(alternatives))


def glossary_groups():
    """Every glossary term's wordings in both languages, as lists of strings."""
    from knowledge.models import GlossaryTerm

    return [_wordings(term) for term in GlossaryTerm.objects.all()]


def _wordings(term):
    try:
        return term.synonym_list()
    except (AttributeError, TypeError):
        # A term saved without "other names" in one language holds None there.
        names = []
        for field in ("term", "expansion", "synonyms"):
            for language in ("es", "en"):
                value = getattr(term, f"{field}_{language}", "") or ""
                names += value.split(",") if field == "synonyms" else [value]
        return sorted({name.strip() for name in names if name.strip()})


def glossary_index(language):
    """The glossary's SynonymIndex for a site language, cached until a term changes."""
    groups = cache.get(CACHE_KEY)
    if groups is None:
        groups = glossary_groups()
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return SynonymIndex.build(groups, language)


def forget_glossary():
    cache.delete(CACHE_KEY)
