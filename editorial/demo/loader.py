"""Demo accounts, one per editorial role, and the regional teams' sections."""

import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

# (user name, group, first name) — the demo's people are roles, not real staff.
DEMO_USERS = [
    ("editora", "Editors", "Editora de demostración"),
    ("moderadora", "Moderators", "Moderadora de demostración"),
    ("editor-piura", "Regional editors: Piura", "Editor regional de Piura"),
    ("editor-ayacucho", "Regional editors: Ayacucho", "Editor regional de Ayacucho"),
    ("administradora", "Administrators", "Administradora de demostración"),
]

# A region's section is its pilot's page and everything beneath it.
REGIONAL_SECTIONS = {
    "Regional editors: Piura": "piura",
    "Regional editors: Ayacucho": "ayacucho",
}
REGIONAL_PAGE_PERMISSIONS = ["add_page", "change_page"]


def load(report):
    report("regional sections", grant_regional_sections())


def grant_regional_sections():
    """Gives each regional group add and edit rights on its region's pilot page."""
    try:
        PilotPage = apps.get_model("knowledge", "PilotPage")
    except LookupError:
        return 0
    granted = 0
    for group_name, region_slug in REGIONAL_SECTIONS.items():
        group = Group.objects.filter(name=group_name).first()
        section = PilotPage.objects.filter(regions__slug=region_slug).order_by("path").first()
        if group is None or section is None:
            continue
        for codename in REGIONAL_PAGE_PERMISSIONS:
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
    for username, group_name, first_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(
            username, email=f"{username}@example.org", password=password, first_name=first_name
        )
        user.groups.add(Group.objects.get(name=group_name))
        created.append((username, group_name, password))
    return created
