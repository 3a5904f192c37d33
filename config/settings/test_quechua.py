"""Test settings with a third site language, Quechua (`qu`), to prove languages are data.

Adding a language to a Quipu site is this much configuration: the language in LANGUAGES
and MODELTRANSLATION_LANGUAGES (modeltranslation then adds a `*_qu` column beside every
translated field: `makemigrations` and `migrate` add them), its name where Django does not
know it, and a catalogue of interface strings under LOCALE_PATHS. Search tables, analysers,
routes, switchers, sitemaps and API fields follow LANGUAGES.

tests/third_language/ runs with these settings, in a process and database of its own
(tests/test_third_language.py starts it).
"""

import os
from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from .test import *  # noqa: F403
from .test import BASE_DIR, LANGUAGES, LOCALE_PATHS

# Django knows no Quechua: its name in English and in itself, for get_language_info.
LANG_INFO.setdefault(
    "qu", {"bidi": False, "code": "qu", "name": "Quechua", "name_local": "Runasimi"}
)

LANGUAGES = [*LANGUAGES, ("qu", _("Quechua"))]
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
# Text not yet written in Quechua is shown in Spanish, the source language of content.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("es",), "es": ()}

# The interface catalogue of the test language, compiled when the run starts.
THIRD_LANGUAGE_LOCALE = Path(
    os.environ.get("THIRD_LANGUAGE_LOCALE", BASE_DIR / ".test-third-language" / "locale")
)
LOCALE_PATHS = [*LOCALE_PATHS, THIRD_LANGUAGE_LOCALE]

# A database of its own (the columns differ from the main suite's), always SQLite, and the
# database search engine.
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(BASE_DIR / ".test-third-language" / "quipu.sqlite3"),
        "TEST": {
            "NAME": os.environ.get(
                "TEST_SQLITE", str(BASE_DIR / ".test-third-language" / "test.sqlite3")
            )
        },
    }
}
SEARCH_ENGINE = "database"
