"""Administrators see how many people subscribed to each protocol, not who.

Seeing the addresses (interop.view_subscriber_addresses) is granted to no role: a superuser
gives it to the person who needs it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant_counts(apps, schema_editor):
    app_config = apps.get_app_config("interop")
    # Permissions are normally created after all migrations; the role needs this one now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrators = Group.objects.filter(name="Administrators").first()
    if administrators is None:
        return
    counts = Permission.objects.get(
        content_type__app_label="interop", codename="view_subscription"
    )
    administrators.permissions.add(counts)


def revoke_counts(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrators = Group.objects.filter(name="Administrators").first()
    counts = Permission.objects.filter(
        content_type__app_label="interop", codename="view_subscription"
    ).first()
    if administrators is not None and counts is not None:
        administrators.permissions.remove(counts)


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0002_subscriptions"),
        ("editorial", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant_counts, revoke_counts)]
