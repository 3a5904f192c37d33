"""Media, taxonomy, glossary, site settings and the home, content and glossary pages now belong
to the foundation app `core` (core/migrations/0001). Here they leave knowledge's state (their
tables stay, under the same names) and their content types change app label in place.

It runs after every migration that still reads them as knowledge's: other apps' foreign keys
are moved first (protocols_library 0003), and the editorial roles (editorial 0005) have been
granted on the old labels, which the rename carries over."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


MOVED = [
    "glossarypage",
    "glossaryterm",
    "homepage",
    "institution",
    "programmesettings",
    "quipudocument",
    "quipuimage",
    "quipurendition",
    "region",
    "sector",
    "standardpage",
    "topic",
]


def rename_content_types(apps, schema_editor, old="knowledge", new="core"):
    """Each moved model's content type row changes its app label and keeps its id, so page
    types, revisions, log entries, tags and permissions (and the groups holding them) follow.

    Where a row under the new label exists already (a data migration that created every app's
    permissions ran between core's 0001 and this one, on a new database), its permissions that
    the old row lacks are carried over and the duplicate goes before the rename."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    db = schema_editor.connection.alias
    for model in MOVED:
        current = ContentType.objects.using(db).filter(app_label=old, model=model).first()
        duplicate = ContentType.objects.using(db).filter(app_label=new, model=model).first()
        if current is None:
            continue
        if duplicate is not None:
            held = set(
                Permission.objects.using(db)
                .filter(content_type=current)
                .values_list("codename", flat=True)
            )
            Permission.objects.using(db).filter(content_type=duplicate).exclude(
                codename__in=held
            ).update(content_type=current)
            Permission.objects.using(db).filter(content_type=duplicate).delete()
            duplicate.delete()
        current.app_label = new
        current.save(update_fields=["app_label"])


def restore_content_types(apps, schema_editor):
    rename_content_types(apps, schema_editor, old="core", new="knowledge")


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_models_from_knowledge'),
        ('knowledge', '0006_document_text_status'),
        ('protocols_library', '0003_foundation_models_in_core'),
        ('editorial', '0006_translation_stamp_fields'),
        ('interop', '0003_administrators_see_subscription_counts'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        # State only: the tables, columns and constraints stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='glossarypage',
                    name='page_ptr',
                ),
                migrations.DeleteModel(
                    name='GlossaryTerm',
                ),
                migrations.RemoveField(
                    model_name='homepage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='institution',
                    name='sector',
                ),
                migrations.RemoveField(
                    model_name='programmesettings',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='quipudocument',
                    name='collection',
                ),
                migrations.RemoveField(
                    model_name='quipudocument',
                    name='tags',
                ),
                migrations.RemoveField(
                    model_name='quipudocument',
                    name='uploaded_by_user',
                ),
                migrations.AlterField(
                    model_name='publicationfile',
                    name='document',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.quipudocument', verbose_name='document'),
                ),
                migrations.AlterField(
                    model_name='lessonpage',
                    name='source_document',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipudocument', verbose_name='source document'),
                ),
                migrations.AlterField(
                    model_name='trainingfile',
                    name='document',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.quipudocument', verbose_name='document'),
                ),
                migrations.RemoveField(
                    model_name='quipuimage',
                    name='collection',
                ),
                migrations.RemoveField(
                    model_name='quipuimage',
                    name='tags',
                ),
                migrations.RemoveField(
                    model_name='quipuimage',
                    name='uploaded_by_user',
                ),
                migrations.AlterField(
                    model_name='publicationpage',
                    name='image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipuimage', verbose_name='cover or image'),
                ),
                migrations.AlterField(
                    model_name='lessonpage',
                    name='image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipuimage', verbose_name='image'),
                ),
                migrations.AlterField(
                    model_name='pilotpage',
                    name='image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipuimage', verbose_name='image'),
                ),
                migrations.AlterField(
                    model_name='trainingmaterialpage',
                    name='image',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipuimage', verbose_name='image'),
                ),
                migrations.RemoveField(
                    model_name='quipurendition',
                    name='image',
                ),
                migrations.AlterField(
                    model_name='eventphoto',
                    name='image',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='core.quipuimage', verbose_name='image'),
                ),
                migrations.AlterUniqueTogether(
                    name='quipurendition',
                    unique_together=None,
                ),
                migrations.DeleteModel(
                    name='Region',
                ),
                migrations.RemoveField(
                    model_name='standardpage',
                    name='page_ptr',
                ),
                migrations.DeleteModel(
                    name='Topic',
                ),
                migrations.AlterField(
                    model_name='eventpage',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='events', to='core.institution', verbose_name='organising institutions'),
                ),
                migrations.AlterField(
                    model_name='eventpage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='events', to='core.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='eventpage',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='events', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='eventpage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='events', to='core.topic', verbose_name='topics'),
                ),
                migrations.AlterField(
                    model_name='lessonpage',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='lessons', to='core.institution', verbose_name='institutions'),
                ),
                migrations.AlterField(
                    model_name='lessonpage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='lessons', to='core.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='lessonpage',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='lessons', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='lessonpage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='lessons', to='core.topic', verbose_name='topics'),
                ),
                migrations.AlterField(
                    model_name='pilotpage',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='pilots', to='core.institution', verbose_name='institutions'),
                ),
                migrations.AlterField(
                    model_name='pilotpage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='pilots', to='core.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='pilotpage',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='pilots', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='pilotpage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='pilots', to='core.topic', verbose_name='topics'),
                ),
                migrations.AlterField(
                    model_name='pilotpractice',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='practices', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='publicationpage',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='publications', to='core.institution', verbose_name='authoring institutions'),
                ),
                migrations.AlterField(
                    model_name='publicationpage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='publications', to='core.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='publicationpage',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='publications', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='publicationpage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='publications', to='core.topic', verbose_name='topics'),
                ),
                migrations.AlterField(
                    model_name='trainingmaterialpage',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='materials', to='core.institution', verbose_name='institutions'),
                ),
                migrations.AlterField(
                    model_name='trainingmaterialpage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='materials', to='core.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='trainingmaterialpage',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='materials', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='trainingmaterialpage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='materials', to='core.topic', verbose_name='topics'),
                ),
                migrations.AlterField(
                    model_name='workinggroup',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='working_groups', to='core.institution', verbose_name='members'),
                ),
                migrations.DeleteModel(
                    name='GlossaryPage',
                ),
                migrations.DeleteModel(
                    name='HomePage',
                ),
                migrations.DeleteModel(
                    name='Institution',
                ),
                migrations.DeleteModel(
                    name='Sector',
                ),
                migrations.DeleteModel(
                    name='ProgrammeSettings',
                ),
                migrations.DeleteModel(
                    name='QuipuDocument',
                ),
                migrations.DeleteModel(
                    name='QuipuRendition',
                ),
                migrations.DeleteModel(
                    name='QuipuImage',
                ),
                migrations.DeleteModel(
                    name='StandardPage',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_types, restore_content_types),
    ]
