"""Versions become snippets with drafts, revisions, moderation and locking.

The table and its rows stay: `is_published` becomes Wagtail's `live` (same column, renamed),
the version keeps its id, label, address, texts, files and links from lessons and pilots.
Until now a work's unpublished edits to its versions lived inside the work page's latest
revision; they move to the versions themselves, so nothing being drafted is lost:
- a version that exists only in that revision becomes a draft version (not public);
- a published version edited in that revision gets a draft revision with those edits.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.versioning.models

# What an editor writes; the rest (ids, state, timestamps) is bookkeeping.
EDITABLE = (
    "label",
    "slug",
    "sections",
    "sections_es",
    "sections_en",
    "change_summary",
    "change_summary_es",
    "change_summary_en",
    "approving_instrument_type",
    "approving_instrument_number",
    "approval_date",
    "approving_body",
    "approving_instrument_url",
    "is_demo_reference",
    "effective_date",
    "end_date",
    "repeal_date",
    "repealing_instrument_type",
    "repealing_instrument_number",
    "repealing_instrument_date",
    "repealing_instrument_url",
    "pdf_es",
    "pdf_en",
    "docx_es",
    "docx_en",
    "review_by",
)


def _value(field, raw):
    if raw is None:
        return None
    if field.is_relation:
        target = field.related_model
        return raw if target._default_manager.filter(pk=raw).exists() else None
    return field.to_python(raw)


def _saved_value(version, field):
    value = getattr(version, field.attname)
    return field.get_prep_value(value) if not field.is_relation else value


def _differs(version, item, fields):
    for name in EDITABLE:
        if name not in item or name not in fields:
            continue
        field = fields[name]
        wanted = _value(field, item[name])
        if field.is_relation:
            if wanted != getattr(version, field.attname):
                return True
        elif field.get_prep_value(wanted) != _saved_value(version, field):
            return True
    return False


def carry_drafts_from_work_revisions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    Work = apps.get_model("protocols_library", "ProtocolWorkPage")
    Version = apps.get_model("protocols_library", "ProtocolVersion")
    fields = {field.name: field for field in Version._meta.concrete_fields}
    version_type, _ = ContentType.objects.get_or_create(
        app_label="protocols_library", model="protocolversion"
    )

    def content_of(version):
        content = {"pk": version.pk, "page": version.page_id}
        for name, field in fields.items():
            if name in ("id", "page"):
                continue
            if field.is_relation:
                content[name] = getattr(version, field.attname)
            elif hasattr(field, "stream_block"):
                content[name] = field.value_to_string(version)
            else:
                content[name] = field.value_from_object(version)
        return content

    def add_revision(version, source):
        revision = Revision.objects.create(
            content_type=version_type,
            base_content_type=version_type,
            object_id=str(version.pk),
            created_at=source.created_at,
            user_id=source.user_id,
            object_str=version.label,
            content=content_of(version),
        )
        return revision

    for work in Work.objects.all():
        # Every approved version counts as published when its work was.
        Version.objects.filter(page_id=work.pk, live=True).update(
            first_published_at=work.first_published_at,
            last_published_at=work.last_published_at,
        )
        Version.objects.filter(page_id=work.pk, live=False).update(has_unpublished_changes=True)
        latest = Revision.objects.filter(pk=work.latest_revision_id).first()
        if latest is None or latest.pk == work.live_revision_id:
            continue
        items = (latest.content or {}).get("versions") or []
        for item in items:
            existing = None
            if item.get("pk") is not None:
                existing = Version.objects.filter(pk=item["pk"], page_id=work.pk).first()
            if existing is not None and not _differs(existing, item, fields):
                continue
            # The edited (or new) version, as the revision has it, never public by this move.
            draft = Version(page_id=work.pk, live=existing.live if existing else False)
            if existing is not None:
                draft = existing
            for name in EDITABLE:
                if name in item and name in fields:
                    field = fields[name]
                    value = _value(field, item[name])
                    if value is None and not field.null:
                        continue  # keeps the field's default ("" for a blank text)
                    setattr(draft, field.attname, value)
            if existing is None:
                draft.has_unpublished_changes = True
                draft.save()
                revision = add_revision(draft, latest)
                Version.objects.filter(pk=draft.pk).update(latest_revision=revision)
            else:
                # The row keeps what the public sees; the edits become its draft revision.
                revision = add_revision(draft, latest)
                Version.objects.filter(pk=existing.pk).update(
                    latest_revision=revision, has_unpublished_changes=True
                )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0005_choose_permissions"),
        ("protocols_library", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="protocolversion",
            name="protocols_l_page_id_ed8151_idx",
        ),
        migrations.RenameField(
            model_name="protocolversion", old_name="is_published", new_name="live"
        ),
        migrations.AlterField(
            model_name="protocolversion",
            name="live",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="approved and public"
            ),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="expire_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time"),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="expired",
            field=models.BooleanField(default=False, editable=False, verbose_name="expired"),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="first published at"
            ),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="go_live_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="go live date/time"),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="has_unpublished_changes",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="has unpublished changes"
            ),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="last_published_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="last published at"),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="latest_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="latest revision",
            ),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="live_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="live revision",
            ),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="locked",
            field=models.BooleanField(default=False, editable=False, verbose_name="locked"),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="locked_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="locked at"),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="locked_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="locked_%(class)ss",
                to=settings.AUTH_USER_MODEL,
                verbose_name="locked by",
            ),
        ),
        migrations.AddField(
            model_name="protocolversion",
            name="no_file_reason",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Only when a language of the text has no PDF on purpose, e.g. the official "
                    "text was published only in Spanish. A version is otherwise approved with "
                    "its files."
                ),
                verbose_name="why there is no file",
            ),
        ),
        migrations.AlterField(
            model_name="protocolversion",
            name="page",
            field=core.versioning.models.VersionOf(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="versions",
                to="protocols_library.protocolworkpage",
                verbose_name="work",
            ),
        ),
        migrations.AddIndex(
            model_name="protocolversion",
            index=models.Index(
                fields=["page", "live", "effective_date"], name="protocols_l_page_id_b1c451_idx"
            ),
        ),
        migrations.RunPython(carry_drafts_from_work_revisions, migrations.RunPython.noop),
    ]
