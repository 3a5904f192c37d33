""" "Start a new version" is an edit of the work's page: it respects locks and permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from protocols_library.models import ProtocolWorkPage
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def work(make_work, make_version):
    work = make_work(title_es="Protocolo bloqueable", title_en="Lockable protocol")
    make_version(work, "v1", "2019-03-10")
    work.save_revision().publish()
    return ProtocolWorkPage.objects.get(pk=work.pk)


@pytest.fixture
def make_editor(django_user_model, library):
    """A person with admin access who may edit pages under `pages` (the library by default)."""

    def make(username, pages=None):
        group = Group.objects.create(name=f"Editores {username}")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for page in [library] if pages is None else pages:
            for codename in ("add_page", "change_page"):
                GroupPagePermission.objects.create(
                    group=group, page=page, permission=Permission.objects.get(codename=codename)
                )
        user = django_user_model.objects.create_user(
            username, email=f"{username}@example.org", password="x" * 12
        )
        user.groups.add(group)
        return user

    return make


def version_count(work):
    return ProtocolWorkPage.objects.get(pk=work.pk).get_latest_revision_as_object().versions.count()


def start_new_version(client, user, work):
    client.force_login(user)
    url = reverse("protocols_library_new_version", args=[work.pk])
    return client.get(url), client.post(url, follow=True)


def test_editor_of_the_work_starts_a_new_version(client, make_editor, work):
    shown, created = start_new_version(client, make_editor("editora"), work)
    assert shown.status_code == 200
    assert created.status_code == 200
    assert version_count(work) == 2


def test_work_locked_by_someone_else_refuses_a_new_version(client, make_editor, work):
    owner, other = make_editor("duena"), make_editor("otra")
    work.locked, work.locked_by = True, owner
    work.save(update_fields=["locked", "locked_by"])

    shown, refused = start_new_version(client, other, work)
    assert shown.status_code == 302
    assert shown["Location"] == reverse("wagtailadmin_pages:edit", args=[work.pk])
    assert version_count(work) == 1
    messages = [str(message) for message in refused.context["messages"]]
    assert any("No se puede empezar una nueva versión" in message for message in messages)

    # The person holding the lock is the one who may still work on it.
    start_new_version(client, owner, work)
    assert version_count(work) == 2


def test_work_awaiting_moderation_refuses_a_new_version_to_editors_who_cannot_approve(
    client, make_editor, work
):
    moderators = Group.objects.create(name="Moderación de prueba")
    task = GroupApprovalTask.objects.create(name="Revisión de prueba")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Flujo de prueba")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=work)
    author = make_editor("autora")
    work.save_revision(user=author)
    workflow.start(work, author)

    start_new_version(client, author, work)
    assert version_count(work) == 1


def test_editor_without_permission_on_the_work_cannot_start_a_new_version(
    client, make_editor, home, library, work
):
    # Admin access and editing rights in another section, none on this work.
    section = builders.section("lessons", home)
    elsewhere = make_editor("regional", pages=[section])
    assert not work.permissions_for_user(elsewhere).can_edit()
    shown, refused = start_new_version(client, elsewhere, work)
    assert shown.status_code in (302, 403)
    assert refused.status_code in (200, 403)
    assert version_count(work) == 1
