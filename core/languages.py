"""The site's languages as data: every per-language name, field or choice comes from here.

settings.LANGUAGES lists the languages (the first, LANGUAGE_CODE, is the source language of
content); modeltranslation gives each translated field one column per language, named by
`build_localized_fieldname`.
"""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def codes():
    """The site's language codes, the source language first as LANGUAGES lists it."""
    return [code for code, _name in settings.LANGUAGES]


def source():
    """The language content is written in first, and shown when a translation is missing."""
    return settings.LANGUAGE_CODE


def translations():
    """The languages other than the source language."""
    return [code for code in codes() if code != source()]


def localized(field, language):
    """The column of `field` in `language`: "title" and a code give "title_<code>"."""
    return build_localized_fieldname(field, language)


def localized_all(*fields, languages=None):
    """Every language's column of each field, field by field, languages in LANGUAGES order."""
    languages = codes() if languages is None else languages
    return [localized(field, language) for field in fields for language in languages]


def in_language(instance, field, language):
    """The value of `field` written in `language`, without modeltranslation's fallback."""
    return getattr(instance, localized(field, language), None)


def language_choices():
    """(code, name) of the site's languages, for a field that stores one."""
    return list(settings.LANGUAGES)


def name(code):
    """The language's name in the language of the interface, as a heading or a menu shows it
    ("English", or "Inglés" in Spanish): Django's language information, else LANGUAGES."""
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return str(dict(settings.LANGUAGES).get(code, code))


def name_in_sentence(code):
    """The language's name as written inside a sentence of the interface ("English", or
    "inglés" in Spanish): its English name translated in the context "language name inside a
    sentence", each catalogue writing it as its language does."""
    from django.utils.translation import get_language_info, pgettext

    try:
        english = get_language_info(code)["name"]
    except KeyError:
        return name(code)
    return pgettext("language name inside a sentence", english)
