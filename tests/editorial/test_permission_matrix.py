"""Who may do what, tried by direct URL for every role, content kind and action.

Each cell is a real request through the Wagtail admin; "allowed" means the view answered 200,
"refused" means Wagtail answered with its permission-denied redirect or a 403/404.
"""

import pytest

pytestmark = pytest.mark.django_db

KINDS = ["lesson", "event", "material", "protocol", "piura", "ayacucho"]

# Which roles may edit (and add beneath, copy, see history and revisions of) each kind.
CAN_EDIT = {
    "editor": set(KINDS),
    "moderator": set(KINDS),
    "administrator": set(KINDS),
    "piura": {"piura"},
    "ayacucho": {"ayacucho"},
}
# Which roles may publish, unpublish and delete.
CAN_PUBLISH = {"moderator": set(KINDS), "administrator": set(KINDS)}

EDIT_ACTIONS = {
    "edit": "/admin/pages/{id}/edit/",
    "view history": "/admin/pages/{id}/history/",
    "view a revision": "/admin/pages/{id}/revisions/{revision}/view/",
    "compare revisions": "/admin/pages/{id}/revisions/compare/earliest...latest/",
    "copy": "/admin/pages/{id}/copy/",
}
PUBLISH_ACTIONS = {
    "unpublish": "/admin/pages/{id}/unpublish/",
    "delete": "/admin/pages/{id}/delete/",
}


def is_allowed(response):
    return response.status_code == 200


def matrix(actions, rights):
    for role in ("editor", "moderator", "piura", "ayacucho", "administrator"):
        for kind in KINDS:
            for action in actions:
                yield pytest.param(
                    role,
                    kind,
                    action,
                    kind in rights.get(role, set()),
                    id=f"{role}-{action}-{kind}",
                )


@pytest.mark.parametrize(
    ("role", "kind", "action", "expected"), list(matrix(EDIT_ACTIONS, CAN_EDIT))
)
def test_editing_actions(signed_in, people, pages, role, kind, action, expected):
    page = pages[kind]
    if expected and kind == "protocol" and action == "edit":
        # The protocol editor renders every version inline in both languages (seconds per
        # request); the right is read from Wagtail's policy here and the view is opened once
        # in test_protocol_editor_opens_for_a_moderator.
        assert page.permissions_for_user(people[role]).can_edit()
        return
    url = EDIT_ACTIONS[action].format(id=page.pk, revision=page.latest_revision_id)
    assert is_allowed(signed_in[role].get(url)) is expected


def test_protocol_editor_opens_for_a_moderator(signed_in, pages):
    assert (
        signed_in["moderator"].get(f"/admin/pages/{pages['protocol'].pk}/edit/").status_code == 200
    )


@pytest.mark.parametrize(
    ("role", "kind", "action", "expected"), list(matrix(PUBLISH_ACTIONS, CAN_PUBLISH))
)
def test_publishing_actions(signed_in, pages, role, kind, action, expected):
    url = PUBLISH_ACTIONS[action].format(id=pages[kind].pk)
    assert is_allowed(signed_in[role].get(url)) is expected


@pytest.mark.parametrize("role", ["editor", "piura", "ayacucho"])
def test_roles_without_publish_right_cannot_publish_by_posting(signed_in, pages, role, note_under):
    note = note_under(pages[role] if role != "editor" else pages["lesson"].get_parent())
    data = standard_page_form_data(note, title_es="Nota cambiada por quien no publica")
    data["action-publish"] = "action-publish"
    response = signed_in[role].post(f"/admin/pages/{note.pk}/edit/", data)
    assert response.status_code in (200, 302)
    note.refresh_from_db()
    assert note.title_es == "Nota publicada"
    assert note.live


@pytest.mark.parametrize("role", ["editor", "moderator", "piura", "ayacucho", "administrator"])
@pytest.mark.parametrize("chooser", ["/admin/documents/chooser/", "/admin/images/chooser/"])
def test_every_role_can_choose_documents_and_images(signed_in, role, chooser):
    assert signed_in[role].get(chooser).status_code == 200


@pytest.mark.parametrize(("intruder", "section"), [("piura", "ayacucho"), ("ayacucho", "piura")])
def test_regional_editor_cannot_reach_the_other_region_by_any_url(
    signed_in, pages, intruder, section
):
    page = pages[section]
    revision = page.latest_revision
    client = signed_in[intruder]
    urls = [
        f"/admin/pages/{page.pk}/edit/",
        f"/admin/pages/{page.pk}/add_subpage/",
        f"/admin/pages/{page.pk}/copy/",
        f"/admin/pages/{page.pk}/move/",
        f"/admin/pages/{page.pk}/delete/",
        f"/admin/pages/{page.pk}/unpublish/",
        f"/admin/pages/{page.pk}/history/",
        f"/admin/pages/{page.pk}/revisions/",
        f"/admin/pages/{page.pk}/revisions/{revision.pk}/view/",
        f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/",
        f"/admin/pages/{page.pk}/revisions/{revision.pk}/revert/",
        f"/admin/pages/{page.pk}/lock/",
        f"/admin/pages/{page.pk}/workflow/history/",
    ]
    for url in urls:
        response = client.get(url)
        assert not is_allowed(response), url
    before = page.title_es
    client.post(f"/admin/pages/{page.pk}/edit/", {"title_es": "Tomado", "slug_es": page.slug_es})
    page.refresh_from_db()
    assert page.title_es == before
    assert page.get_latest_revision().content["title_es"] == before


def test_regional_editor_can_add_a_page_beneath_their_own_section(signed_in, pages):
    client = signed_in["piura"]
    response = client.get(f"/admin/pages/{pages['piura'].pk}/add_subpage/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/admin/pages/add/knowledge/standardpage/")


def standard_page_form_data(page, **changes):
    """POST data for a content page's edit form, as the admin would send it."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    fields = {
        "title_es": page.title_es,
        "title_en": page.title_en or "",
        "slug_es": page.slug_es,
        "slug_en": page.slug_en or "",
        "intro_es": page.intro_es or "",
        "intro_en": page.intro_en or "",
        "body_es": streamfield([]),
        "body_en": streamfield([]),
        "comments": inline_formset([]),
        "seo_title_es": "",
        "seo_title_en": "",
        "search_description_es": "",
        "search_description_en": "",
    }
    fields.update(changes)
    return nested_form_data(fields)
