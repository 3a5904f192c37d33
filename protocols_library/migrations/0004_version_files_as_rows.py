"""A version's files become rows, one per file, each in its document's language.

Until now a version had one column per file and language (`pdf_es`, `pdf_en`, `docx_es`,
`docx_en`). Each file becomes a `ProtocolVersionFile` row pointing at the same document, so
its download count and /documents/ address stay; the rows keep the columns' order (Spanish PDF,
Spanish Word, English PDF, English Word). The language now comes from the document: a document
that only ever stood in one language's columns takes that language, as the column said. The
versions' revisions are rewritten the same way, so publishing or restoring a revision made
before the upgrade keeps its files.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

# The old columns, in the order the files were listed, with their language.
COLUMNS = (("pdf_es", "es"), ("docx_es", "es"), ("pdf_en", "en"), ("docx_en", "en"))


def _revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(
        app_label="protocols_library", model="protocolversion"
    ).first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(base_content_type=content_type)


def columns_to_rows(apps, schema_editor):
    ProtocolVersion = apps.get_model("protocols_library", "ProtocolVersion")
    ProtocolVersionFile = apps.get_model("protocols_library", "ProtocolVersionFile")
    QuipuDocument = apps.get_model("core", "QuipuDocument")

    languages_of = {}
    rows = {}
    for version in ProtocolVersion.objects.order_by("pk"):
        order = 0
        for column, language in COLUMNS:
            document_id = getattr(version, f"{column}_id")
            if document_id is None or (version.pk, document_id) in rows:
                continue
            row = ProtocolVersionFile.objects.create(
                version_id=version.pk, document_id=document_id, sort_order=order
            )
            rows[(version.pk, document_id)] = row.pk
            languages_of.setdefault(document_id, set()).add(language)
            order += 1

    for revision in _revisions(apps):
        content = revision.content or {}
        if not any(column in content for column, _language in COLUMNS):
            continue
        version_id = int(revision.object_id)
        files, seen = [], set()
        for column, language in COLUMNS:
            document_id = content.pop(column, None)
            if document_id is None or document_id in seen:
                continue
            seen.add(document_id)
            languages_of.setdefault(document_id, set()).add(language)
            files.append(
                {
                    "pk": rows.get((version_id, document_id)),
                    "version": version_id,
                    "document": document_id,
                    "sort_order": len(files),
                }
            )
        content["files"] = files
        revision.content = content
        revision.save(update_fields=["content"])

    for document in QuipuDocument.objects.filter(pk__in=languages_of):
        languages = languages_of[document.pk]
        if len(languages) == 1:
            (language,) = languages
            if document.language != language:
                document.language = language
                document.save(update_fields=["language"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_models_from_knowledge"),
        ("protocols_library", "0003_foundation_models_in_core"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProtocolVersionFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.quipudocument",
                        verbose_name="document",
                    ),
                ),
                (
                    "version",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="protocols_library.protocolversion",
                    ),
                ),
            ],
            options={
                "verbose_name": "file",
                "verbose_name_plural": "files",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.RunPython(columns_to_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="protocolversion", name="docx_en"),
        migrations.RemoveField(model_name="protocolversion", name="docx_es"),
        migrations.RemoveField(model_name="protocolversion", name="pdf_en"),
        migrations.RemoveField(model_name="protocolversion", name="pdf_es"),
    ]
