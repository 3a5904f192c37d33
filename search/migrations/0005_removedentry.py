from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("quipu_search", "0004_head_fulltext")]

    operations = [
        migrations.CreateModel(
            name="RemovedEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("entry_id", models.BigIntegerField()),
            ],
        ),
    ]
