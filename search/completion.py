"""Autocomplete with the glossary: acronyms are completed, and an acronym stands for its words.

"ce" offers the acronym CEM (a search for it) beside the titles that start so; "cem sal"
offers the titles completing "Centro Emergencia Mujer sal" too, works such as protocols
first, as a title rarely carries the acronym alone.
"""

from urllib.parse import urlencode

from django.urls import reverse

from .adapters import kinds_completed_first
from .analysis import fold
from .backends.base import Completion
from .query import site_text_languages
from .synonyms import glossary_index

MAX_ACRONYMS = 3
# Wordings of an acronym tried in place of it, per query.
MAX_WORDINGS = 4


def completions(engine, text, language, limit):
    words = text.split()
    if not words:
        return []
    acronyms, wordings = _glossary(language)
    found = _acronyms(words[0], acronyms, language) if len(words) == 1 else []
    expanded = []
    for position, word in enumerate(words[:-1]):
        for wording in wordings.get(fold(word).lower(), ())[:MAX_WORDINGS]:
            typed = " ".join([*words[:position], wording, *words[position + 1 :]])
            expanded += engine.autocomplete(typed, language, limit)
    expanded.sort(key=lambda completion: completion.kind not in kinds_completed_first())
    unique = {}
    for completion in [*found, *expanded, *engine.autocomplete(text, language, limit)]:
        unique.setdefault(completion.url, completion)
    return list(unique.values())[:limit]


def _glossary(language):
    """({folded acronym: (acronym, meaning)}, {folded acronym: [its wordings]}), from the
    site's text languages, the site language's first."""
    index = glossary_index(language)
    site = set(site_text_languages(language))
    acronyms, wordings = {}, {}
    for group, languages in zip(index.groups, index.languages, strict=True):
        names, phrases = [], []
        for wording, wording_languages in zip(group, languages, strict=True):
            if wording_languages and not site & set(wording_languages):
                continue
            if len(wording) == 1 and wording[0].isupper() and len(wording[0]) >= 2:
                names.append(wording[0])
            elif len(wording) > 1:
                later = bool(wording_languages) and language not in wording_languages
                phrases.append((later, " ".join(wording)))
        phrases = [phrase for _later, phrase in sorted(phrases, key=lambda item: item[0])]
        for name in names:
            key = fold(name).lower()
            acronyms.setdefault(key, (name, phrases[0] if phrases else ""))
            wordings.setdefault(key, []).extend(phrases)
    return acronyms, wordings


def _acronyms(prefix, acronyms, language):
    folded = fold(prefix).lower()
    if len(folded) < 2:
        return []
    keys = sorted((key for key in acronyms if key.startswith(folded)), key=lambda k: (len(k), k))
    found = []
    for name, meaning in (acronyms[key] for key in keys[:MAX_ACRONYMS]):
        title = f"{name} ({meaning})" if meaning else name
        url = reverse("search") + "?" + urlencode({"q": name})
        found.append(Completion(title=title, url=url, kind="acronym", language=language))
    return found
