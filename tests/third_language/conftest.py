"""A site with a third language, Quechua: run with config.settings.test_quechua.

tests/test_third_language.py starts these tests in a process of their own (the settings add
`*_qu` columns to every translated model, so they need their own database); the main run
leaves this folder out (tests/conftest.py).

The test database is migrated with the project's migrations, which know Spanish and English
only; the columns `makemigrations` would add for the new language are then added by Django's
schema editor, as `migrate` would after it. The interface catalogue of the test language is
compiled from locale/ here into the folder the settings name.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate

CATALOGUE = Path(__file__).parent / "locale" / "qu" / "LC_MESSAGES" / "django.po"


def pytest_configure(config):
    target = Path(settings.THIRD_LANGUAGE_LOCALE) / "qu" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    polib.pofile(str(CATALOGUE)).save_as_mofile(str(target / "django.mo"))
    # Catalogues read before the file existed (Django's setup may activate each language) are
    # read again, as Django does when a test changes LOCALE_PATHS.
    from django.utils.translation import trans_real

    trans_real._translations = {}
    trans_real._default = None
    post_migrate.connect(add_language_columns, dispatch_uid="quipu-third-language-columns")


def add_language_columns(using="default", **kwargs):
    """Adds the translation columns the database lacks: the new language's."""
    from django.apps import apps
    from modeltranslation.fields import TranslationField

    connection = connections[using]
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        for field in meta.local_concrete_fields:
            if not isinstance(field, TranslationField):
                continue
            # Read again each time: SQLite may rebuild the table with every column at once.
            with connection.cursor() as cursor:
                description = connection.introspection.get_table_description(cursor, meta.db_table)
            if field.column not in {column.name for column in description}:
                with connection.schema_editor() as editor:
                    editor.add_field(model, field)
