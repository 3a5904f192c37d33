"""Editing in the Wagtail admin: both languages, validation across versions, new drafts."""

import pytest
from django.urls import reverse
from freezegun import freeze_time
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from protocols_library.models import ProtocolVersion, ProtocolWorkPage

from .conftest import sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen():
    with freeze_time("2024-06-15 17:00:00"):
        yield


@pytest.fixture
def work(frozen, make_work, make_version):
    work = make_work(title_es="Protocolo CEM-EESS", title_en="CEM-HF protocol")
    make_version(
        work,
        "v1",
        "2019-03-10",
        sections_es=sections(("Objeto", "Atención articulada."), ids=["objeto"]),
        sections_en=sections(("Purpose", "Coordinated care."), ids=["objeto"]),
    )
    make_version(work, "v2", "2022-03-15")
    work.save_revision().publish()
    return ProtocolWorkPage.objects.get(pk=work.pk)


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


def edit_form_data(admin_client, work):
    """The edit form as the browser would submit it unchanged."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[work.pk])
    response = admin_client.get(edit_url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # A checked box without a value attribute is posted as "on" by browsers, not "".
    for key in [key for key, value in data.items() if key.endswith("is_published")]:
        data[key] = "on"
    for index in range(int(data["versions-TOTAL_FORMS"])):
        version = ProtocolVersion.objects.get(pk=data[f"versions-{index}-id"])
        streams = {
            f"versions-{index}-sections_{language}": stream_form_data(
                getattr(version, f"sections_{language}")
            )
            for language in ("es", "en")
        }
        data.update(nested_form_data(streams))
    return edit_url, data


def test_edit_page_offers_every_version_in_both_languages(admin_client, work):
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[work.pk]))
    html = response.content.decode()
    for field in ("sections_es", "sections_en", "change_summary_es", "change_summary_en"):
        assert f"versions-0-{field}" in html, field
    assert reverse("protocols_library_new_version", args=[work.pk]) in html


def test_edit_form_refuses_overlapping_versions_submitted_together(admin_client, work):
    edit_url, data = edit_form_data(admin_client, work)
    data["versions-0-end_date"] = "2023-12-31"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 200
    # The admin speaks the editor's language, Spanish by default.
    assert "estaría vigente al mismo tiempo que la versión" in response.content.decode()
    assert ProtocolVersion.objects.get(page=work, label="v1").end_date is None


def test_edit_form_checks_the_submitted_dates_not_the_saved_ones(admin_client, work):
    edit_url, data = edit_form_data(admin_client, work)
    # Against the saved v2 (15 March 2022) this end date would overlap; against the v2
    # submitted in the same form (1 January 2024) it does not.
    data["versions-0-end_date"] = "2023-06-30"
    data["versions-1-effective_date"] = "2024-01-01"
    data["versions-1-approval_date"] = "2023-12-01"
    data["action-publish"] = "action-publish"
    response = admin_client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    v2 = ProtocolVersion.objects.get(page=work, label="v2")
    assert v2.effective_date.isoformat() == "2024-01-01"


def test_start_a_new_version_adds_a_draft_copy_of_the_version_in_force(admin_client, client, work):
    url = reverse("protocols_library_new_version", args=[work.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[work.pk])

    latest = ProtocolWorkPage.objects.get(pk=work.pk).get_latest_revision_as_object()
    draft = next(v for v in latest.versions.all() if not v.is_published)
    in_force = ProtocolVersion.objects.get(page=work, label="v2")
    assert draft.label == "2024"
    assert draft.effective_date is None
    assert draft.approving_instrument_number == ""
    assert [b.id for b in draft.sections_es] == [b.id for b in in_force.sections_es]
    assert draft.sections_en[0].value["body"].source == in_force.sections_en[0].value["body"].source
    # Nothing public changed: the draft lives only in the new revision.
    assert ProtocolVersion.objects.filter(page=work).count() == 2
    assert client.get(work.url_in("es") + "v/2024/").status_code == 404


def test_published_page_keeps_its_draft_version_private(admin_client, client, work):
    admin_client.post(reverse("protocols_library_new_version", args=[work.pk]))
    ProtocolWorkPage.objects.get(pk=work.pk).get_latest_revision().publish()
    assert ProtocolVersion.objects.get(page=work, label="2024").is_published is False
    assert client.get(work.url_in("es") + "v/2024/").status_code == 404
    assert client.get(work.url_in("es")).context["version"].label == "v2"


def test_new_version_button_needs_edit_permission(client, django_user_model, work):
    user = django_user_model.objects.create_user("lector", password="x" * 12)
    client.force_login(user)
    response = client.post(reverse("protocols_library_new_version", args=[work.pk]))
    assert response.status_code in (302, 403)
    assert (
        ProtocolWorkPage.objects.get(pk=work.pk).get_latest_revision_as_object().versions.count()
        == 2
    )
