"""Autosave leaves one "Draft saved" line per editing session; real saves keep their own lines.

The autosaves are posted as Wagtail 8's page editor posts them: the edit form with
`Accept: application/json`, the first one of a session without `overwrite_revision_id`, every
later one with the id of the revision the first one made. The clock is moved between them as
an editor typing for a few minutes would move it.
"""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import PageLogEntry

from tests.editorial.test_permission_matrix import standard_page_form_data

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}
TYPING_PAUSES = 8


@pytest.fixture
def draft(pages, people):
    """A page never published, saved once by the editor."""
    from core.models import StandardPage

    page = StandardPage(title_es="Nota en redacción", slug_es="nota-en-redaccion", live=False)
    pages["lesson"].get_parent().add_child(instance=page)
    page.save_revision(user=people["editor"], log_action=True)
    return page


@pytest.fixture
def auditor(db):
    user = get_user_model().objects.create_superuser(
        "auditora", email="auditora@example.org", password="x" * 20
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)
    return client


class EditingSession:
    """One visit to the page editor: what the form loaded, and the revision autosave made."""

    def __init__(self, client, page):
        self.client = client
        self.page = page
        page.refresh_from_db()
        loaded = page.get_latest_revision()
        self.loaded = {
            "loaded_revision_id": str(loaded.pk),
            "loaded_revision_created_at": loaded.created_at.isoformat(),
        }
        self.autosave_revision_id = None

    def form(self, **changes):
        data = standard_page_form_data(self.page, **changes)
        data.update(self.loaded)
        return data

    def autosave(self, **changes):
        data = self.form(**changes)
        if self.autosave_revision_id:
            data["overwrite_revision_id"] = str(self.autosave_revision_id)
        response = self.client.post(f"/admin/pages/{self.page.pk}/edit/", data, **AUTOSAVE)
        assert response.status_code == 200, response.content[:300]
        assert response.json()["success"] is True
        self.autosave_revision_id = response.json()["revision_id"]
        return response

    def type_for_a_few_minutes(self, start, text="Un párrafo"):
        for pause in range(TYPING_PAUSES):
            with freeze_time(start + timedelta(seconds=30 * pause)):
                self.autosave(intro_es=f"{text} {pause}")

    def save_draft(self, **changes):
        """The "Save draft" button: the same form, posted as a page would be."""
        data = self.form(**changes)
        return self.client.post(f"/admin/pages/{self.page.pk}/edit/", data)

    def publish(self, **changes):
        data = self.form(**changes)
        data["action-publish"] = "action-publish"
        return self.client.post(f"/admin/pages/{self.page.pk}/edit/", data)


def rows(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [" ".join(row.get_text(" ").split()) for row in soup.select("table tbody tr")]


def page_history(client, page):
    return rows(client, f"/admin/pages/{page.pk}/history/")


def site_history(client, user):
    """The "Site history" report, for one person's edits."""
    return rows(client, f"/admin/reports/site-history/?user={user.pk}&action=wagtail.edit")


def drafts_saved(lines):
    return [line for line in lines if "Borrador guardado" in line]


def test_minutes_of_autosaves_make_one_draft_saved_line(signed_in, people, draft, auditor):
    session = EditingSession(signed_in["editor"], draft)
    session.type_for_a_few_minutes(timezone.now() + timedelta(minutes=1))

    # The first save of the page, and the editing session.
    assert len(drafts_saved(page_history(signed_in["editor"], draft))) == 2
    assert len(drafts_saved(site_history(auditor, people["editor"]))) == 2
    session_entries = PageLogEntry.objects.filter(
        page=draft, revision_id=session.autosave_revision_id
    )
    assert session_entries.count() == 1
    # The line still shows what was autosaved last.
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().intro_es == f"Un párrafo {TYPING_PAUSES - 1}"


def test_the_remaining_line_says_how_many_saves_it_stands_for(signed_in, draft):
    start = timezone.now() + timedelta(minutes=1)
    session = EditingSession(signed_in["editor"], draft)
    session.type_for_a_few_minutes(start)

    entry = PageLogEntry.objects.get(page=draft, revision_id=session.autosave_revision_id)
    assert entry.data["autosaves"] == TYPING_PAUSES
    first = entry.data["first_saved_at"]
    assert abs((timezone.datetime.fromisoformat(first) - start).total_seconds()) < 1
    assert entry.timestamp >= start + timedelta(seconds=30 * (TYPING_PAUSES - 1))


def test_save_draft_after_autosaves_keeps_its_own_line(signed_in, people, draft, auditor):
    start = timezone.now() + timedelta(minutes=1)
    session = EditingSession(signed_in["editor"], draft)
    session.type_for_a_few_minutes(start)
    with freeze_time(start + timedelta(minutes=5)):
        response = session.save_draft(intro_es="Texto guardado a mano")
    assert response.status_code == 302

    # First save, the autosaved session, and the editor's own "Save draft".
    assert len(drafts_saved(page_history(signed_in["editor"], draft))) == 3
    assert len(drafts_saved(site_history(auditor, people["editor"]))) == 3
    draft.refresh_from_db()
    assert draft.get_latest_revision().as_object().intro_es == "Texto guardado a mano"


def test_each_editing_session_has_its_own_line(signed_in, people, draft, auditor):
    start = timezone.now() + timedelta(minutes=1)
    EditingSession(signed_in["editor"], draft).type_for_a_few_minutes(start, "Mañana")
    # The editor comes back to the page later: a new session, a new revision.
    EditingSession(signed_in["editor"], draft).type_for_a_few_minutes(
        start + timedelta(hours=2), "Tarde"
    )
    assert len(drafts_saved(page_history(signed_in["editor"], draft))) == 3
    assert len(drafts_saved(site_history(auditor, people["editor"]))) == 3


def test_submit_and_publish_after_autosaves_stay_in_the_history(signed_in, people, draft):
    start = timezone.now() + timedelta(minutes=1)
    editor = EditingSession(signed_in["editor"], draft)
    editor.type_for_a_few_minutes(start)
    with freeze_time(start + timedelta(minutes=5)):
        data = editor.form(intro_es="Listo para revisión")
        data["action-submit"] = "action-submit"
        response = signed_in["editor"].post(f"/admin/pages/{draft.pk}/edit/", data)
    assert response.status_code == 302
    workflow = draft.current_workflow_state
    task_state = workflow.current_task_state
    with freeze_time(start + timedelta(minutes=6)):
        response = signed_in["moderator"].post(
            f"/admin/pages/workflow/action/{draft.pk}/approve/{task_state.pk}/"
        )
    assert response.status_code in (200, 302)

    actions = list(
        PageLogEntry.objects.filter(page=draft)
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    assert actions.count("wagtail.workflow.start") == 1
    assert actions.count("wagtail.workflow.approve") == 1
    assert actions.count("wagtail.publish") == 1
    # First save, autosaved session, the submitted revision.
    assert actions.count("wagtail.edit") == 3
    draft.refresh_from_db()
    assert draft.live is True
    assert draft.intro_es == "Listo para revisión"


def test_autosaves_of_a_protocol_version_leave_one_line(people, pages):
    """Versions are edited on their own screen, with the same autosave: the same rule holds.

    Each save runs in its own log context, as each admin request does.
    """
    from wagtail.log_actions import LogContext
    from wagtail.models import ModelLogEntry

    version = pages["protocol"].versions.order_by("pk").first()
    editor = people["editor"]
    with LogContext(user=editor):
        session_revision = version.save_revision(user=editor, log_action=True)
    for _ in range(TYPING_PAUSES - 1):
        with LogContext(user=editor):
            version.save_revision(user=editor, log_action=True, overwrite_revision=session_revision)
    with LogContext(user=editor):
        manual = version.save_revision(user=editor, log_action=True)

    entries = ModelLogEntry.objects.filter(object_id=str(version.pk), action="wagtail.edit")
    assert list(entries.order_by("timestamp").values_list("revision_id", flat=True)) == [
        session_revision.pk,
        manual.pk,
    ]
    assert entries.get(revision=session_revision).data["autosaves"] == TYPING_PAUSES
