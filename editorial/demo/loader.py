"""Demo accounts, one per editorial role, and the regional teams' sections, from
editorial/demo/data/accounts.yaml."""

import secrets
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from core.demo.reader import read

APP_PATH = Path(__file__).resolve().parent.parent


def data():
    """The editorial demo's data: accounts and regional sections."""
    return read(APP_PATH, "accounts")


def load(report):
    report("regional sections", grant_regional_sections())


def grant_regional_sections():
    """Gives each regional group add and edit rights on its region's pilot page."""
    try:
        PilotPage = apps.get_model("knowledge", "PilotPage")
    except LookupError:
        return 0
    granted = 0
    for row in data()["regional_sections"]:
        group_name, region_slug = row["group"], row["region"]
        group = Group.objects.filter(name=group_name).first()
        section = PilotPage.objects.filter(regions__slug=region_slug).order_by("path").first()
        if group is None or section is None:
            continue
        for codename in data()["regional_page_permissions"]:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            _grant, created = GroupPagePermission.objects.get_or_create(
                group=group, page=section, permission=permission
            )
            granted += created
    return granted


def ensure_demo_users():
    """Creates the missing demo accounts; returns (user name, role, password) for new ones."""
    User = get_user_model()
    created = []
    for row in data()["users"]:
        username, group_name, first_name = row["username"], row["group"], row["first_name"]
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username, email=f"{username}@example.org", password=password, first_name=first_name
        )
        user.groups.add(Group.objects.get(name=group_name))
        created.append((username, group_name, password))
    return created
