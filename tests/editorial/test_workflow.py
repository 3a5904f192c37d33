"""Moderation end to end: nothing reaches the public unreviewed."""

import pytest
from django.core import mail
from wagtail.models import PageLogEntry, WorkflowState

from tests.editorial.test_permission_matrix import standard_page_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_note(pages, note_under):
    return note_under(pages["lesson"].get_parent())


def submit_change(client, note, title):
    data = standard_page_form_data(note, title_es=title)
    data["action-submit"] = "action-submit"
    response = client.post(f"/admin/pages/{note.pk}/edit/", data)
    assert response.status_code == 302, response.content[:500]


def moderate(client, note, action, comment=""):
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(note.pk), status="in_progress"
    )
    task_state = state.current_task_state
    data = {"comment": comment} if comment else {}
    return client.post(f"/admin/pages/workflow/action/{note.pk}/{action}/{task_state.pk}/", data)


def test_editor_submits_moderator_approves_and_it_goes_live(
    signed_in, people, published_note, client
):
    submit_change(signed_in["editor"], published_note, "Nota revisada")

    # In review: the live page and the public site are untouched; moderators are told.
    published_note.refresh_from_db()
    assert published_note.title_es == "Nota publicada"
    assert "Nota publicada" in client.get(published_note.url).content.decode()
    assert "Nota revisada" not in client.get(published_note.url).content.decode()
    assert any(people["moderator"].email in message.to for message in mail.outbox)

    response = moderate(signed_in["moderator"], published_note, "approve")
    assert response.status_code in (200, 302)
    published_note.refresh_from_db()
    assert published_note.title_es == "Nota revisada"
    assert "Nota revisada" in client.get(published_note.url).content.decode()
    actions = set(PageLogEntry.objects.filter(page=published_note).values_list("action", flat=True))
    assert {"wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions


def test_rejected_draft_never_reaches_the_public(signed_in, published_note, client):
    client.get(published_note.url)  # a cached copy, if any, would be the approved one
    submit_change(signed_in["editor"], published_note, "Cambio no aprobado")
    response = moderate(
        signed_in["moderator"], published_note, "reject", "Falta la fuente del dato."
    )
    assert response.status_code in (200, 302)
    published_note.refresh_from_db()
    assert published_note.title_es == "Nota publicada"
    html = client.get(published_note.url).content.decode()
    assert "Cambio no aprobado" not in html
    state = WorkflowState.objects.filter(object_id=str(published_note.pk)).latest("created_at")
    assert state.status == "needs_changes"
    assert PageLogEntry.objects.filter(
        page=published_note, action="wagtail.workflow.reject"
    ).exists()
    assert "Cambio no aprobado" not in str(client.get("/sitemap.xml").content)


def test_editor_cannot_approve_their_own_submission(signed_in, published_note):
    submit_change(signed_in["editor"], published_note, "Me apruebo")
    moderate(signed_in["editor"], published_note, "approve")
    published_note.refresh_from_db()
    assert published_note.title_es == "Nota publicada"


def test_publish_and_unpublish_are_in_the_audit_log(signed_in, published_note):
    response = signed_in["moderator"].post(f"/admin/pages/{published_note.pk}/unpublish/")
    assert response.status_code == 302
    actions = set(PageLogEntry.objects.filter(page=published_note).values_list("action", flat=True))
    assert {"wagtail.publish", "wagtail.unpublish"} <= actions
