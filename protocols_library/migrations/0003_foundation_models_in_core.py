"""Foreign keys to the vocabularies and documents now point at their models in `core`
(core/migrations/0001): the same tables, so only the project's state changes."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_models_from_knowledge'),
        ('protocols_library', '0002_versions_on_their_own_screens'),
    ]

    operations = [
        # State only: the tables, columns and constraints stay as they are.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='protocolversion',
                    name='approving_body',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.institution', verbose_name='issued by'),
                ),
                migrations.AlterField(
                    model_name='protocolversion',
                    name='docx_en',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipudocument', verbose_name='Word document in English'),
                ),
                migrations.AlterField(
                    model_name='protocolversion',
                    name='docx_es',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipudocument', verbose_name='Word document in Spanish'),
                ),
                migrations.AlterField(
                    model_name='protocolversion',
                    name='pdf_en',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipudocument', verbose_name='PDF in English'),
                ),
                migrations.AlterField(
                    model_name='protocolversion',
                    name='pdf_es',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.quipudocument', verbose_name='PDF in Spanish'),
                ),
                migrations.AlterField(
                    model_name='protocolworkpage',
                    name='institutions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='protocol_works', to='core.institution', verbose_name='institutions'),
                ),
                migrations.AlterField(
                    model_name='protocolworkpage',
                    name='regions',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='protocol_works', to='core.region', verbose_name='regions'),
                ),
                migrations.AlterField(
                    model_name='protocolworkpage',
                    name='sectors',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='protocol_works', to='core.sector', verbose_name='sectors'),
                ),
                migrations.AlterField(
                    model_name='protocolworkpage',
                    name='topics',
                    field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='protocol_works', to='core.topic', verbose_name='topics'),
                ),
            ],
            database_operations=[],
        ),
    ]
