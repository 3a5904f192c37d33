"""Autosave never performs a workflow action nor saves beside a page under review.

Wagtail 8's autosave posts the edit form with `Accept: application/json`; these tests post
exactly that through the real admin view.
"""

import pytest
from wagtail.models import PageLogEntry, WorkflowState

from tests.editorial.test_permission_matrix import standard_page_form_data

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def new_page(pages, people):
    """A page never published, saved by the editor as a draft."""
    from core.models import StandardPage

    page = StandardPage(title_es="Nota nueva", slug_es="nota-nueva-autosave", live=False)
    pages["lesson"].get_parent().add_child(instance=page)
    page.save_revision(user=people["editor"], log_action=True)
    return page


def submit(page, editor):
    page.refresh_from_db()
    page.get_workflow().start(page.specific, editor)


def in_progress(page):
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def autosave(client, page, **extra):
    data = standard_page_form_data(page.specific, **extra)
    data["loaded_revision_id"] = str(page.get_latest_revision().pk)
    data["loaded_revision_created_at"] = page.get_latest_revision().created_at.isoformat()
    return client.post(f"/admin/pages/{page.pk}/edit/", data, **AUTOSAVE)


def test_autosave_carrying_the_approve_inputs_does_not_approve(signed_in, people, new_page):
    submit(new_page, people["editor"])

    response = autosave(
        signed_in["moderator"],
        new_page,
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )

    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    new_page.refresh_from_db()
    assert new_page.live is False
    assert in_progress(new_page)
    assert not PageLogEntry.objects.filter(
        page=new_page, action__in=["wagtail.workflow.approve", "wagtail.publish"]
    ).exists()


def test_the_real_approve_then_a_late_autosave_leaves_one_live_approved_page(
    signed_in, people, new_page
):
    submit(new_page, people["editor"])
    moderator = signed_in["moderator"]
    task_state = in_progress(new_page).current_task_state
    response = moderator.post(
        f"/admin/pages/workflow/action/{new_page.pk}/approve/{task_state.pk}/"
    )
    assert response.status_code in (200, 302)

    late = autosave(
        moderator,
        new_page,
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )

    assert late.status_code == 400
    new_page.refresh_from_db()
    assert new_page.live is True
    assert new_page.has_unpublished_changes is False
    actions = list(PageLogEntry.objects.filter(page=new_page).values_list("action", flat=True))
    assert actions.count("wagtail.workflow.approve") == 1
    assert actions.count("wagtail.edit") == 1  # the editor's draft, nothing after the approval


def test_autosave_carrying_reject_inputs_rejects_nothing(signed_in, people, new_page):
    submit(new_page, people["editor"])
    response = autosave(
        signed_in["moderator"],
        new_page,
        **{"action-workflow-action": "true", "workflow-action-name": "reject"},
    )
    assert response.status_code == 400
    assert in_progress(new_page)
    assert not PageLogEntry.objects.filter(page=new_page, action="wagtail.workflow.reject").exists()


def test_autosave_of_a_page_in_moderation_is_refused_with_a_message(signed_in, people, new_page):
    submit(new_page, people["editor"])
    revisions = new_page.revisions.count()
    response = autosave(signed_in["moderator"], new_page, title_es="Cambiado de paso")
    assert response.status_code == 400
    assert "moderación" in response.json()["error_message"]
    assert new_page.revisions.count() == revisions


def test_autosave_still_saves_a_draft_outside_moderation(signed_in, new_page):
    response = autosave(signed_in["editor"], new_page, title_es="Guardado solo")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["success"] is True
    new_page.refresh_from_db()
    assert new_page.get_latest_revision().as_object().title_es == "Guardado solo"


def test_autosave_guard_script_is_on_the_page_editor(signed_in, new_page):
    html = signed_in["editor"].get(f"/admin/pages/{new_page.pk}/edit/").content.decode()
    assert "editorial/js/autosave-guard.js" in html
