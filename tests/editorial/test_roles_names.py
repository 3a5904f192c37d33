"""The workflow, its task and the groups are named in the admin's language."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

SPANISH_GROUPS = [
    "Editores",
    "Moderadores",
    "Editores regionales: Piura",
    "Editores regionales: Ayacucho",
    "Administradores",
]
ENGLISH_GROUPS = [
    "Editors",
    "Moderators",
    "Regional editors: Piura",
    "Regional editors: Ayacucho",
    "Administrators",
]


def client_in(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("raiz", "r@example.org", "z" * 20)


@pytest.mark.parametrize(
    ("language", "label"),
    [("es", "Enviar a Aprobación de moderadores"), ("en", "Submit to Moderators approval")],
)
def test_the_editor_submits_to_the_workflow_by_its_name_in_their_language(
    people, pages, note_under, language, label
):
    note = note_under(pages["lesson"].get_parent())
    html = client_in(people["editor"], language).get(f"/admin/pages/{note.pk}/edit/")
    html = html.content.decode()
    assert label in html
    if language == "es":
        assert "Moderators approval" not in html


@pytest.mark.parametrize(
    ("language", "names", "workflow"),
    [
        ("es", SPANISH_GROUPS, "Aprobación de moderadores"),
        ("en", ENGLISH_GROUPS, "Moderators approval"),
    ],
)
def test_groups_workflow_and_task_listings_read_in_the_admin_language(
    superuser, language, names, workflow
):
    client = client_in(superuser, language)
    groups = client.get("/admin/groups/").content.decode()
    for name in names:
        assert name in groups
    assert workflow in client.get("/admin/workflows/list/").content.decode()
    assert workflow in client.get("/admin/workflows/tasks/index/").content.decode()
    if language == "es":
        assert "Regional editors" not in groups
        assert "Moderators approval" not in client.get("/admin/workflows/list/").content.decode()


def test_names_are_stored_once_and_found_in_either_language():
    with translation.override("es"):
        group = Group.objects.get(name="Editors")
        assert group.name == "Editores"
        assert Group.objects.get(name="Editores") == group
        group.save()  # as the Spanish group form would, with the name it showed
        workflow = Workflow.objects.get(name="Moderators approval")
        assert workflow.name == "Aprobación de moderadores"
        workflow.save()
    assert Group.objects.filter(pk=group.pk).values_list("name", flat=True).get() == "Editors"
    assert Workflow.objects.filter(pk=workflow.pk).values_list("name", flat=True).get() == (
        "Moderators approval"
    )
    with translation.override("en"):
        assert Group.objects.get(pk=group.pk).name == "Editors"
        assert Task.objects.get(name="Moderators approval").name == "Moderators approval"


def test_a_group_an_administrator_names_is_shown_as_typed():
    with translation.override("es"):
        group = Group.objects.create(name="Equipo de comunicaciones")
        assert group.name == "Equipo de comunicaciones"
    with translation.override("en"):
        assert Group.objects.get(pk=group.pk).name == "Equipo de comunicaciones"
