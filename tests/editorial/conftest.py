"""People in each editorial role, signed in, and the pages they work on."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

ROLE_GROUPS = {
    "editor": "Editors",
    "moderator": "Moderators",
    "piura": "Regional editors: Piura",
    "ayacucho": "Regional editors: Ayacucho",
    "administrator": "Administrators",
}


@pytest.fixture(scope="session")
def role_user_ids(django_db_setup, django_db_blocker):
    """One account per role, created once per test database (kept with --reuse-db)."""
    User = get_user_model()
    ids = {}
    with django_db_blocker.unblock():
        for role, group in ROLE_GROUPS.items():
            user, created = User.objects.get_or_create(
                username=f"test-{role}", defaults={"email": f"{role}@example.org"}
            )
            if created:
                user.set_password("correct horse battery staple")
                user.save()
            user.groups.set([Group.objects.get(name=group)])
            ids[role] = user.pk
    return ids


@pytest.fixture
def people(db, role_user_ids):
    User = get_user_model()
    return {role: User.objects.get(pk=pk) for role, pk in role_user_ids.items()}


@pytest.fixture
def signed_in(people):
    """A Django test client per role, already signed in."""
    clients = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


@pytest.fixture
def pages(db):
    from knowledge.models import EventPage, LessonPage, PilotPage, TrainingMaterialPage
    from protocols_library.models import ProtocolWorkPage

    return {
        "lesson": LessonPage.objects.order_by("path").first(),
        "event": EventPage.objects.order_by("path").first(),
        "material": TrainingMaterialPage.objects.order_by("path").first(),
        "protocol": ProtocolWorkPage.objects.order_by("path").first(),
        "piura": PilotPage.objects.get(regions__slug="piura"),
        "ayacucho": PilotPage.objects.filter(regions__slug="ayacucho").order_by("path").first(),
    }


@pytest.fixture
def note_under(db):
    """Publishes a plain content page under a given page and returns it."""
    from core.models import StandardPage

    def make(parent):
        note = StandardPage(title_es="Nota publicada", slug_es=f"nota-{parent.pk}")
        parent.add_child(instance=note)
        note.save_revision().publish()
        return note

    return make
