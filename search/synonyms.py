"""Glossary synonyms, applied to a query before it reaches an engine (GBV ↔ VBG ↔ ...).

Expansion happens at query time, in Python, for both engines alike, so the glossary changes
without reindexing and no engine-side synonym filter is needed.
"""

import re
from dataclasses import dataclass

from django.core.cache import cache

from . import registry
from .analysis import fold, spanish_light_stem, stop_words
from .query import Clause, words

# British endings written the American way, and back ("organisation", "centres",
# "programme"): a word typed either way is looked for both ways in English text.
AMERICAN = (
    (re.compile(r"^(\w{4,})is(e|es|ed|ing|ation|ations|er|ers)$"), r"\1iz\2"),
    (re.compile(r"^(\w{3,})tre(s?)$"), r"\1ter\2"),
    (re.compile(r"^(\w*program)me(s?)$"), r"\1\2"),
)
BRITISH = (
    (re.compile(r"^(\w{4,})iz(e|es|ed|ing|ation|ations|er|ers)$"), r"\1is\2"),
    (re.compile(r"^(\w{3,})ter(s?)$"), r"\1tre\2"),
    (re.compile(r"^(\w*program)(s?)$"), r"\1me\2"),
)

CACHE_KEY = "quipu-search-synonyms"
CACHE_SECONDS = 300
# A synonym is matched over at most this many consecutive query words.
MAX_SYNONYM_WORDS = 8


def match_key(text_words, language):
    """Words compared loosely: folded, without apostrophes or stop words, spelt the American
    way, light-stemmed."""
    stopwords = stop_words(language)
    key = []
    for word in text_words:
        lowered = word.lower()
        if lowered in stopwords:
            continue
        folded = fold(lowered).replace("'", "").replace("\u2019", "")
        key.append(spanish_light_stem(respelt(folded, AMERICAN)))
    return tuple(key)


@dataclass(frozen=True)
class SynonymIndex:
    """Groups of equivalent wordings, and each wording's group by its match key."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    keys: tuple[tuple[tuple[str, ...], int], ...] = ()
    # Per group, per wording: the languages it is written in (empty: any).
    languages: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @classmethod
    def build(cls, groups, language):
        """`groups`: lists of equivalent wordings, each a string or (string, languages):
        ["VBG", "GBV"] or [("VBG", ("es",)), ("GBV", ("en",))]."""
        built, keys, built_languages = [], {}, []
        for names in groups:
            wordings = {}
            for name in names:
                text, languages = (name, ()) if isinstance(name, str) else name
                name_words = words(text)
                if not name_words:
                    continue
                if name_words in wordings:
                    # Written once for any language, a wording stays so.
                    known = wordings[name_words]
                    languages = set(known) | set(languages) if known and languages else ()
                wordings[name_words] = tuple(sorted(languages))
            if len(wordings) < 2:
                continue
            position = len(built)
            built.append(tuple(wordings))
            built_languages.append(tuple(wordings.values()))
            for wording in wordings:
                key = match_key(wording, language)
                if key and len(key) <= MAX_SYNONYM_WORDS:
                    keys.setdefault(key, position)
        return cls(groups=tuple(built), keys=tuple(keys.items()), languages=tuple(built_languages))


def expand(clauses, index, language):
    """Clauses with glossary synonyms added as alternatives, longest match first: a run of
    single words ("violencia basada en género") or a phrase that is a glossary wording
    becomes one clause whose alternatives are every wording of that term."""
    if not index.keys:
        return tuple(clauses)
    lookup = dict(index.keys)
    longest = max(map(len, lookup))  # every key has a word
    clauses = list(clauses)
    expanded, position = [], 0
    while position < len(clauses):
        limit = min(len(clauses), position + longest + 2)
        for end in range(limit, position, -1):
            run = clauses[position:end]
            if len(run) > 1 and any(len(item.original) > 1 for item in run):
                continue
            run_words = tuple(word for item in run for word in item.original)
            found = lookup.get(match_key(run_words, language))
            if found is not None:
                group = zip(index.groups[found], index.languages[found], strict=True)
                expanded.append(_merge(run_words, group))
                position = end
                break
        else:
            expanded.append(clauses[position])
            position += 1
    return tuple(expanded)


def respelt(folded, rules):
    for pattern, replacement in rules:
        folded = pattern.sub(replacement, folded)
    return folded


def variants(word):
    """British or American spelling, an acronym's other number ("CSO" ↔ "CSOs")."""
    folded = fold(word)
    found = {respelt(folded, AMERICAN), respelt(folded, BRITISH)}
    if word.isalpha() and 2 <= len(word) <= 8:
        if word.isupper() and word[-1] != "S":
            found.add(folded + "s")
        elif word[-1] == "s" and word[:-1].isupper() and len(word) > 2:
            found.add(folded[:-1])
    return sorted(found - {folded})


def with_spellings(clauses):
    """Clauses with their single words' `variants` as alternatives: a spelling in English
    text only, an acronym's other number anywhere."""
    respelled = []
    for clause in clauses:
        alternatives = list(clause.alternatives)
        languages = list(clause.languages) or [()] * len(alternatives)
        for wording, wording_languages in zip(clause.alternatives, list(languages), strict=True):
            if len(wording) != 1:
                continue
            for variant in variants(wording[0]):
                if (variant,) not in alternatives:
                    alternatives.append((variant,))
                    is_acronym = fold(wording[0]).rstrip("s") == variant.rstrip("s")
                    languages.append(wording_languages if is_acronym else ("en",))
        if len(alternatives) > len(clause.alternatives):
            clause = Clause(tuple(alternatives), tuple(languages))
        respelled.append(clause)
    return tuple(respelled)


def _merge(original, group):
    """The typed wording (looked for in every language) and the group's other wordings."""
    alternatives, languages = [original], [()]
    seen = {tuple(fold(word) for word in original)}
    for wording, wording_languages in group:
        folded = tuple(fold(word) for word in wording)
        if folded not in seen:
            seen.add(folded)
            alternatives.append(wording)
            languages.append(wording_languages)
    return Clause(tuple(alternatives), tuple(languages))


def glossary_index(language):
    """The SynonymIndex of the groups the apps registered (search.registry), for a site
    language; the groups are cached until a glossary term changes."""
    groups = cache.get_or_set(CACHE_KEY, registry.synonym_groups, CACHE_SECONDS)
    return SynonymIndex.build(groups, language)


def forget_glossary():
    cache.delete(CACHE_KEY)
