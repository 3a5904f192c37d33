"""A translation stamp's summary becomes one row per language.

Until now a stamp summarised its object in two languages with four columns
(`spanish_digest`, `spanish_changed_at`, `english_digest`, `english_changed_at`): the source
language of content and its first translation, the only languages the tracker then followed.
Each pair becomes a `TranslationStampLanguage` row of that language (a pair with neither a
digest nor a date has nothing to carry and makes no row). Going back, the rows of those two
languages fill the columns again; rows of other languages had no column to go to.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.languages


def _summarised_languages():
    """The languages the columns held, as the code that wrote them chose them: the source
    language of content, and the first other language of the site."""
    source = settings.LANGUAGE_CODE
    target = next(code for code, _name in settings.LANGUAGES if code != source)
    return (("spanish", source), ("english", target))


def columns_to_rows(apps, schema_editor):
    TranslationStamp = apps.get_model("editorial", "TranslationStamp")
    TranslationStampLanguage = apps.get_model("editorial", "TranslationStampLanguage")
    rows = []
    for stamp in TranslationStamp.objects.order_by("pk").iterator():
        for prefix, language in _summarised_languages():
            digest = getattr(stamp, f"{prefix}_digest")
            changed_at = getattr(stamp, f"{prefix}_changed_at")
            if digest or changed_at:
                rows.append(
                    TranslationStampLanguage(
                        stamp_id=stamp.pk, language=language, digest=digest, changed_at=changed_at
                    )
                )
    TranslationStampLanguage.objects.bulk_create(rows, batch_size=500)


def rows_to_columns(apps, schema_editor):
    TranslationStamp = apps.get_model("editorial", "TranslationStamp")
    TranslationStampLanguage = apps.get_model("editorial", "TranslationStampLanguage")
    prefixes = {language: prefix for prefix, language in _summarised_languages()}
    rows = list(TranslationStampLanguage.objects.filter(language__in=prefixes))
    stamps = TranslationStamp.objects.in_bulk({row.stamp_id for row in rows})
    for row in rows:
        stamp = stamps[row.stamp_id]
        setattr(stamp, f"{prefixes[row.language]}_digest", row.digest)
        setattr(stamp, f"{prefixes[row.language]}_changed_at", row.changed_at)
    columns = [f"{prefix}_{part}" for prefix in prefixes.values() for part in ("digest", "changed_at")]
    TranslationStamp.objects.bulk_update(list(stamps.values()), columns, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0006_translation_stamp_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="TranslationStampLanguage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=core.languages.language_choices,
                        max_length=15,
                        verbose_name="language",
                    ),
                ),
                ("digest", models.CharField(blank=True, max_length=64)),
                ("changed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "stamp",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="languages",
                        to="editorial.translationstamp",
                        verbose_name="translation stamp",
                    ),
                ),
            ],
            options={
                "verbose_name": "language of a translation stamp",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("stamp", "language"), name="editorial_translation_stamp_language"
                    )
                ],
            },
        ),
        migrations.RunPython(columns_to_rows, rows_to_columns),
        migrations.RemoveField(model_name="translationstamp", name="english_changed_at"),
        migrations.RemoveField(model_name="translationstamp", name="english_digest"),
        migrations.RemoveField(model_name="translationstamp", name="spanish_changed_at"),
        migrations.RemoveField(model_name="translationstamp", name="spanish_digest"),
    ]
