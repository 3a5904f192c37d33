"""Each version on its own admin screen: status, approval rules, moderation, a light work view."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)
from wagtail.users.models import UserProfile

from core.models import Institution
from protocols_library.models import ProtocolVersion, ProtocolVersionFile, ProtocolWorkPage

from .conftest import make_document, sections

pytestmark = pytest.mark.django_db

LIST_URL_NAME = "wagtailsnippets_protocols_library_protocolversion:list"


@pytest.fixture
def frozen():
    with freeze_time("2024-06-15 17:00:00"):
        yield


@pytest.fixture
def body(db):
    return Institution.objects.create(name_es="Ministerio de prueba", slug="ministerio-de-prueba")


@pytest.fixture
def work(frozen, make_work, make_version, body):
    work = make_work(title_es="Protocolo CEM-EESS", title_en="CEM-HF protocol")
    make_version(
        work,
        "v1",
        "2019-03-10",
        sections_es=sections(("Objeto", "Atención articulada."), ids=["objeto"]),
        sections_en=sections(("Purpose", "Coordinated care."), ids=["objeto"]),
    )
    make_version(
        work,
        "v2",
        "2022-03-15",
        approving_body=body,
        files=[make_document("v2-es.pdf", "es"), make_document("v2-en.pdf", "en")],
    )
    work.save_revision().publish()
    return ProtocolWorkPage.objects.get(pk=work.pk)


@pytest.fixture
def roles(library):
    """An editor and a moderator of the library (their own groups), and its review workflow."""
    from django.contrib.auth import get_user_model

    access = Permission.objects.get(codename="access_admin")
    people = {}
    for role, codenames in (
        ("editor", ["add_page", "change_page"]),
        ("moderator", ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]),
        ("outsider", []),
    ):
        group = Group.objects.create(name=f"Library {role}s (test)")
        group.permissions.add(access)
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=library, permission=Permission.objects.get(codename=codename)
            )
        user = get_user_model().objects.create_user(f"library-{role}", password="x" * 16)
        user.groups.add(group)
        client = Client()
        client.force_login(user)
        people[role] = (user, client, group)
    task = GroupApprovalTask.objects.create(name="Library review (test)")
    task.groups.set([people["moderator"][2]])
    workflow = Workflow.objects.create(name="Library review (test)", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return people


def stream_form_data(value):
    """A version's sections as the StreamField widget posts them (it builds them in JS)."""
    items = [
        (
            "section",
            {"heading": block.value["heading"], "body": rich_text(block.value["body"].source)},
        )
        for block in value
    ]
    data = streamfield(items)
    for index, block in enumerate(value):
        data[str(index)]["id"] = block.id
    return data


def edit_form(client, version):
    """The version's edit form as the browser would submit it unchanged."""
    response = client.get(version.admin_edit_url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    latest = ProtocolVersion.objects.get(pk=version.pk)
    latest = latest.get_latest_revision_as_object() if latest.latest_revision_id else latest
    streams = {
        f"sections_{language}": stream_form_data(getattr(latest, f"sections_{language}"))
        for language in ("es", "en")
    }
    data.update(nested_form_data(streams))
    return data


def attach_files(data, *documents):
    """Adds `documents` to the version's files as the edit form's "Add file" does."""
    start = int(data["files-TOTAL_FORMS"])
    for offset, document in enumerate(documents):
        index = start + offset
        data[f"files-{index}-id"] = ""
        data[f"files-{index}-document"] = document.pk
        data[f"files-{index}-ORDER"] = index + 1
        data[f"files-{index}-DELETE"] = ""
    data["files-TOTAL_FORMS"] = start + len(documents)
    return data


def start_new_version(client, work):
    response = client.post(reverse("versioning_new_version", args=[work.pk]))
    assert response.status_code == 302, response
    draft = ProtocolVersion.objects.filter(page=work).latest("pk")
    assert response["Location"] == draft.admin_edit_url
    return draft


def fill_approval(data, effective="2024-07-01", approved="2024-06-10"):
    data["approving_instrument_number"] = "050-2024-MIMP"
    data["approval_date"] = approved
    data["effective_date"] = effective
    return data


# The work's screen -------------------------------------------------------------------------


def test_work_screen_lists_its_versions_with_links_to_their_own_screens(admin_client, work):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[work.pk])).content.decode()
    v1, v2 = work.versions.order_by("effective_date")
    assert v2.admin_edit_url in html and "Vigente" in html
    # Superseded versions are counted, with a link to all of them, not listed one by one.
    assert v1.admin_edit_url not in html and "Sustituida" not in html
    assert "Las 2 versiones de este documento" in html and "1 ya no vigente" in html
    assert "versions-0-sections_es" not in html  # no inline editors any more
    assert reverse("versioning_new_version", args=[work.pk]) in html


def test_the_library_s_old_new_version_address_still_starts_a_version(admin_client, work):
    """Editors' bookmarks of the address "Start a new version" had before it was shared."""
    old = reverse("protocols_library_new_version", args=[work.pk])
    assert old != reverse("versioning_new_version", args=[work.pk])
    html = admin_client.get(old).content.decode()
    assert "Se añadirá a este documento una versión en borrador con el texto de la" in html
    assert "La versión se abre en su propia pantalla" in html
    response = admin_client.post(old)
    draft = ProtocolVersion.objects.filter(page=work).latest("pk")
    assert response["Location"] == draft.admin_edit_url and draft.label == "v3"


def test_work_screen_stays_the_same_size_with_3_or_12_versions(
    admin_client, make_work, make_version
):
    """Queries and HTML do not grow with the number of versions (4 made 551 KB, 81 queries)."""

    def build(count):
        work = make_work()
        for number in range(1, count + 1):
            make_version(work, f"v{number}", datetime.date(2000 + number, 1, 1))
        work.save_revision().publish()
        return work

    measures = {}
    for count in (3, 12):
        work = build(count)
        url = reverse("wagtailadmin_pages:edit", args=[work.pk])
        admin_client.get(url)  # warm caches shared by every page (site, locales, permissions)
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
        assert response.status_code == 200
        measures[count] = (len(queries), len(response.content))
    assert measures[12][0] == measures[3][0], measures
    # The same rows are shown; only the count in "All N versions" and ids differ by a few bytes.
    assert abs(measures[12][1] - measures[3][1]) < 200, measures


# The version's screen ----------------------------------------------------------------------


def test_version_screen_shows_its_status_work_and_both_languages(admin_client, work):
    v1, v2 = work.versions.order_by("effective_date")
    html = admin_client.get(v2.admin_edit_url).content.decode()
    assert "Vigente" in html
    assert "Protocolo CEM-EESS" in html
    for field in ("sections_es", "sections_en", "change_summary_es", "change_summary_en"):
        assert field in html, field
    assert "Sustituida" in admin_client.get(v1.admin_edit_url).content.decode()


def test_listing_shows_each_version_s_status_and_filters_by_work(admin_client, work, make_work):
    other = make_work(title_es="Otra obra")
    make_version_of_other = other.versions.create(label="v1", slug="v1")
    url = reverse(LIST_URL_NAME)
    response = admin_client.get(url, {"page": work.pk})
    html = response.content.decode()
    assert "Vigente" in html and "Sustituida" in html
    listed = {version.pk for version in response.context["object_list"]}
    assert listed == set(work.versions.values_list("pk", flat=True))
    assert make_version_of_other.pk not in listed
    start_new_version(admin_client, work)
    html = admin_client.get(url, {"page": work.pk}).content.decode()
    assert "Borrador" in html


def test_start_new_version_copies_text_and_approving_body_into_a_draft(
    admin_client, client, work, body
):
    in_force = work.versions.get(label="v2")
    draft = start_new_version(admin_client, work)
    # Labels follow the work's own series.
    assert draft.label == "v3"
    assert not draft.live
    assert draft.approving_body == body
    assert draft.approving_instrument_type == in_force.approving_instrument_type
    assert draft.approving_instrument_number == ""
    assert draft.effective_date is None and draft.documents() == []
    assert [b.id for b in draft.sections_es] == [b.id for b in in_force.sections_es]
    # Drafts stay private, also when the work's page is published again.
    ProtocolWorkPage.objects.get(pk=work.pk).save_revision().publish()
    assert client.get(work.url_in("es") + "v/v3/").status_code == 404
    assert client.get(work.url_in("es")).context["version"].label == "v2"


def test_new_version_needs_permission_to_edit_the_work(roles, work):
    _user, client, _group = roles["outsider"]
    response = client.post(reverse("versioning_new_version", args=[work.pk]))
    assert response.status_code in (302, 403)
    assert work.versions.count() == 2


# Approval rules ----------------------------------------------------------------------------


def test_a_draft_saves_incomplete_but_cannot_be_published_without_its_files(admin_client, work):
    draft = start_new_version(admin_client, work)
    data = fill_approval(edit_form(admin_client, draft))
    # Saving a draft: allowed, files or not.
    response = admin_client.post(draft.admin_edit_url, data)
    assert response.status_code == 302
    # Publishing: refused, in the editor's language, and nothing changes.
    data["action-publish"] = "action-publish"
    response = admin_client.post(draft.admin_edit_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "El texto de esta versión está escrito en español, así que hace falta su PDF en español"
        in html
    )
    draft.refresh_from_db()
    assert not draft.live


def test_the_refusal_speaks_english_in_the_english_admin(admin_client, admin_user, work):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    draft = start_new_version(admin_client, work)
    data = fill_approval(edit_form(admin_client, draft))
    data["action-publish"] = "action-publish"
    html = admin_client.post(draft.admin_edit_url, data).content.decode()
    assert "The text of this version is written in Spanish, so its PDF in Spanish is needed" in html


def test_approval_needs_the_instrument_and_dates(admin_client, work):
    draft = start_new_version(admin_client, work)
    data = edit_form(admin_client, draft)
    data["action-publish"] = "action-publish"
    html = admin_client.post(draft.admin_edit_url, data).content.decode()
    assert "Una versión publicada necesita la fecha en que entra en vigor." in html
    assert "Indique el tipo y el número del instrumento que aprueba esta versión." in html
    assert "Indique la fecha en que se emitió el instrumento de aprobación." in html
    draft.refresh_from_db()
    assert not draft.live


def test_with_its_files_the_version_is_approved_and_downloads_on_its_date(
    admin_client, client, work
):
    draft = start_new_version(admin_client, work)
    data = fill_approval(edit_form(admin_client, draft))
    attach_files(data, make_document("v3-es.pdf", "es"), make_document("v3-en.pdf", "en"))
    data["action-publish"] = "action-publish"
    response = admin_client.post(draft.admin_edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.live and draft.effective_date == datetime.date(2024, 7, 1)
    with freeze_time("2024-07-01 08:00:00"):
        for language, path in (("es", "descargar/es/"), ("en", "download/en/")):
            download = client.get(work.url_in(language) + path)
            assert download.status_code == 302
            assert download["Location"] == draft.pdf_in(language).url


def test_a_recorded_reason_replaces_a_missing_file(admin_client, client, work):
    draft = start_new_version(admin_client, work)
    data = fill_approval(edit_form(admin_client, draft))
    attach_files(data, make_document("v3-es.pdf", "es"))
    data["no_file_reason"] = "El texto oficial solo se publicó en castellano."
    data["action-publish"] = "action-publish"
    response = admin_client.post(draft.admin_edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.live
    with freeze_time("2024-07-01 08:00:00"):
        # No English file: the English link gives the Spanish one, never "not found".
        download = client.get(work.url_in("en") + "download/en/")
        assert download.status_code == 302 and download["Location"] == draft.pdf_in("es").url


def test_publishing_an_incomplete_revision_by_any_path_is_refused(work):
    draft = work.versions.get(label="v2").copy_as_draft("v3")
    draft.save()
    revision = draft.save_revision()
    with pytest.raises(ValidationError):
        revision.publish()
    draft.refresh_from_db()
    assert not draft.live


def test_overlapping_dates_are_refused_on_approval(admin_client, work):
    draft = start_new_version(admin_client, work)
    data = fill_approval(
        edit_form(admin_client, draft), effective="2022-03-15", approved="2022-03-01"
    )
    attach_files(data, make_document("x-es.pdf", "es"), make_document("x-en.pdf", "en"))
    data["action-publish"] = "action-publish"
    html = admin_client.post(draft.admin_edit_url, data).content.decode()
    assert "La versión «v2» también entra en vigor" in html
    draft.refresh_from_db()
    assert not draft.live


# Moderation and permissions ----------------------------------------------------------------


def test_editor_submits_and_moderator_approves_through_the_work_s_workflow(roles, client, work):
    _editor, editor_client, _ = roles["editor"]
    _moderator, moderator_client, _ = roles["moderator"]
    draft = start_new_version(editor_client, work)
    data = fill_approval(edit_form(editor_client, draft))
    page = editor_client.get(draft.admin_edit_url).content.decode()
    assert 'name="action-publish"' not in page  # editors cannot approve
    assert 'name="action-submit"' in page
    # Submitting asks for everything an approval needs.
    data["action-submit"] = "action-submit"
    response = editor_client.post(draft.admin_edit_url, data)
    assert response.status_code == 200
    assert not WorkflowState.objects.filter(object_id=str(draft.pk)).exists()
    attach_files(data, make_document("v3-es.pdf", "es"), make_document("v3-en.pdf", "en"))
    response = editor_client.post(draft.admin_edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live
    assert draft.current_workflow_state.workflow.name == "Library review (test)"

    task_state = draft.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_protocols_library_protocolversion:workflow_action",
        args=[draft.pk, "approve", task_state.pk],
    )
    response = moderator_client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    assert draft.pdf_in("es") is not None


def test_publishing_follows_the_work_s_page_permissions(roles, work):
    v2 = work.versions.get(label="v2")
    _editor, editor_client, _ = roles["editor"]
    _moderator, moderator_client, _ = roles["moderator"]
    _outsider, outsider_client, _ = roles["outsider"]
    assert 'name="action-publish"' in moderator_client.get(v2.admin_edit_url).content.decode()
    assert outsider_client.get(v2.admin_edit_url).status_code in (302, 403)
    # An editor's "publish" is not obeyed.
    data = edit_form(editor_client, v2)
    data["change_summary_es"] = "Cambio sin aprobar."
    data["action-publish"] = "action-publish"
    editor_client.post(v2.admin_edit_url, data)
    v2.refresh_from_db()
    assert v2.change_summary_es != "Cambio sin aprobar."
    # The listing shows the editor only the versions of works they may edit.
    listing = editor_client.get(reverse(LIST_URL_NAME))
    assert listing.status_code == 200
    assert outsider_client.get(reverse(LIST_URL_NAME)).status_code in (302, 403)


# The review-due panel ---------------------------------------------------------------------


def test_reviews_due_list_only_versions_that_apply_and_link_to_their_screens(
    admin_user, admin_client, work
):
    from editorial.panels import reviews_due

    v1, v2 = work.versions.order_by("effective_date")
    soon = datetime.date(2024, 7, 1)
    ProtocolVersion.objects.filter(pk__in=[v1.pk, v2.pk]).update(review_by=soon)
    due = reviews_due(admin_user, datetime.date(2024, 6, 15))
    assert v2 in due and v1 not in due  # v1 is superseded: nothing to review
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert v2.admin_edit_url in html
    assert v1.admin_edit_url not in html


def test_publishing_a_version_tells_the_search_index_about_its_work(admin_client, work):
    from core.versioning.signals import versions_changed

    announced = []

    def receiver(sender, pages, date, **kwargs):
        announced.extend(page.pk for page in pages)

    versions_changed.connect(receiver)
    try:
        draft = start_new_version(admin_client, work)
        data = fill_approval(edit_form(admin_client, draft))
        attach_files(data, make_document("v3-es.pdf", "es"), make_document("v3-en.pdf", "en"))
        data["action-publish"] = "action-publish"
        assert admin_client.post(draft.admin_edit_url, data).status_code == 302
    finally:
        versions_changed.disconnect(receiver)
    assert announced == [work.pk]


def test_an_approved_version_s_files_are_public_and_a_draft_s_are_not(admin_client, client, work):
    from core.visibility import public_document_ids

    v2 = work.versions.get(label="v2")
    approved = {document.pk for document in v2.documents()}
    assert len(approved) == 2 and approved <= public_document_ids(approved)
    draft = start_new_version(admin_client, work)
    draft_file = make_document("borrador.pdf", "es")
    ProtocolVersionFile.objects.create(version=draft, document=draft_file)
    draft.refresh_from_db()
    draft.save()  # as the admin does, which refreshes the work's references
    assert draft_file.pk not in public_document_ids([draft_file.pk])
    assert client.get(draft_file.url).status_code == 404
    served = client.get(v2.pdf_in("es").url)
    assert served.status_code == 200
