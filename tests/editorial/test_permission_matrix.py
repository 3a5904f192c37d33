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
    assert response.redirect_chain[-1][0].startswith("/admin/pages/add/core/standardpage/")


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


# Media, promoted results, reports and moderation -------------------------------------------
#
# Every cell drives the real admin view a person would use: the upload form, the chooser, the
# edit form, the delete confirmation, the promoted-results forms, the reports, the moderation
# actions. "allowed" is judged by what happened (the file exists, the report answered 200),
# not by which codenames a group holds.

ROLES = ("editor", "moderator", "piura", "ayacucho", "administrator")
PLACES = ("root", "Piura", "Ayacucho")
MEDIA_PLACES = {
    "editor": set(PLACES),
    "moderator": set(PLACES),
    "administrator": set(PLACES),
    "piura": {"Piura"},
    "ayacucho": {"Ayacucho"},
}
DELETES_OTHERS_MEDIA = {"moderator", "administrator"}
MANAGES_PROMOTIONS = {"moderator", "administrator"}
READS_SEARCH_REPORTS = {"editor", "moderator", "administrator"}
MODERATES = {"moderator", "administrator"}


def collection_named(place):
    from wagtail.models import Collection

    if place == "root":
        return Collection.get_first_root_node()
    return Collection.get_first_root_node().get_children().get(name=place)


def stored_image(place, title="Imagen de otra persona"):
    from django.core.files.images import ImageFile

    from core.models import QuipuImage
    from tests import files

    image = QuipuImage(title_es=title, collection=collection_named(place))
    image.file = ImageFile(__import__("io").BytesIO(files.png()), name="matriz.png")
    image._set_image_file_metadata()
    image.save()
    return image


def stored_document(place, title="Documento de otra persona"):
    from django.core.files.base import ContentFile

    from core.models import QuipuDocument
    from tests import files

    document = QuipuDocument(title_es=title, collection=collection_named(place))
    document.file.save("matriz.pdf", ContentFile(files.pdf_with_text("Matriz")), save=False)
    document.save()
    return document


def image_upload_data(place, title):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import files

    return {
        "title": title,
        "title_en": "",
        "description_es": "Descripción",
        "description_en": "Description",
        "caption_es": "",
        "caption_en": "",
        "credit_es": "",
        "credit_en": "",
        "collection": collection_named(place).pk,
        "file": SimpleUploadedFile("subida.png", files.png(), content_type="image/png"),
    }


def document_upload_data(place, title):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests import files

    return {
        "title": title,
        "title_en": "",
        "language": "es",
        "collection": collection_named(place).pk,
        "file": SimpleUploadedFile("subida.pdf", files.pdf_with_text("Subida"), "application/pdf"),
    }


def media_matrix():
    for role in ROLES:
        for place in PLACES:
            yield pytest.param(role, place, place in MEDIA_PLACES[role], id=f"{role}-{place}")


@pytest.mark.parametrize(("role", "place", "expected"), list(media_matrix()))
@pytest.mark.parametrize("kind", ["image", "document"])
def test_upload_media(signed_in, role, place, expected, kind):
    from core.models import QuipuDocument, QuipuImage

    model, url, data = {
        "image": (QuipuImage, "/admin/images/add/", image_upload_data),
        "document": (QuipuDocument, "/admin/documents/add/", document_upload_data),
    }[kind]
    title = f"Subida de {role} en {place}"
    signed_in[role].post(url, data(place, title))
    uploaded = model.objects.filter(title_es=title, collection=collection_named(place))
    assert uploaded.exists() is expected
    # A regional editor's form has only their region's collection: whatever is posted, a file
    # they upload lands there and nowhere else.
    for elsewhere in model.objects.filter(title_es=title):
        assert elsewhere.collection.name in {
            "Root" if p == "root" else p for p in MEDIA_PLACES[role]
        }


@pytest.mark.parametrize(("role", "place", "expected"), list(media_matrix()))
@pytest.mark.parametrize("kind", ["image", "document"])
def test_choose_media(signed_in, role, place, expected, kind):
    item = stored_image(place) if kind == "image" else stored_document(place)
    base = "/admin/images/chooser/" if kind == "image" else "/admin/documents/chooser/"
    listing = signed_in[role].get(base)  # newest first: the item is on the first page
    assert listing.status_code == 200
    listed = f"{base}chosen/{item.pk}/" in listing.content.decode()
    chosen = signed_in[role].get(f"{base}chosen/{item.pk}/")
    assert listed is expected
    assert (chosen.status_code == 200) is expected


@pytest.mark.parametrize(("role", "place", "expected"), list(media_matrix()))
@pytest.mark.parametrize("kind", ["image", "document"])
def test_edit_media(signed_in, role, place, expected, kind):
    if kind == "image":
        item = stored_image(place)
        url = f"/admin/images/{item.pk}/"
        data = image_upload_data(place, "Título corregido")
    else:
        item = stored_document(place)
        url = f"/admin/documents/edit/{item.pk}/"
        data = document_upload_data(place, "Título corregido")
    del data["file"]
    assert (signed_in[role].get(url).status_code == 200) is expected
    signed_in[role].post(url, data)
    item.refresh_from_db()
    assert (item.title_es == "Título corregido") is expected


@pytest.mark.parametrize(("role", "place", "expected"), list(media_matrix()))
@pytest.mark.parametrize("kind", ["image", "document"])
def test_delete_someone_elses_media(signed_in, role, place, expected, kind):
    expected = expected and role in DELETES_OTHERS_MEDIA
    if kind == "image":
        item = stored_image(place)
        url = f"/admin/images/{item.pk}/delete/"
    else:
        item = stored_document(place)
        url = f"/admin/documents/delete/{item.pk}/"
    assert (signed_in[role].get(url).status_code == 200) is expected
    signed_in[role].post(url)
    assert (not type(item).objects.filter(pk=item.pk).exists()) is expected


def promotion_data(page, query="violencia de género", description="Ruta de atención"):
    return {
        "query_string": query,
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": str(page.pk),
        "editors_picks-0-external_link_url": "",
        "editors_picks-0-external_link_text": "",
        "editors_picks-0-description": description,
        "editors_picks-0-ORDER": "0",
        "editors_picks-0-DELETE": "",
    }


@pytest.mark.parametrize("role", ROLES)
def test_manage_promoted_results(signed_in, pages, role):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    expected = role in MANAGES_PROMOTIONS
    client = signed_in[role]
    assert (client.get("/admin/searchpicks/").status_code == 200) is expected
    assert (client.get("/admin/searchpicks/add/").status_code == 200) is expected
    client.post("/admin/searchpicks/add/", promotion_data(pages["lesson"], query=f"ruta {role}"))
    created = SearchPromotion.objects.filter(query__query_string=f"ruta {role}").first()
    assert (created is not None) is expected

    # Editing an existing promotion someone else made.
    query = Query.get(f"existente {role}")
    existing = SearchPromotion.objects.create(
        query=query, page=pages["lesson"], description="Antes", sort_order=0
    )
    data = promotion_data(pages["lesson"], query=query.query_string, description="Después")
    data.update({"editors_picks-INITIAL_FORMS": "1", "editors_picks-0-id": str(existing.pk)})
    client.post(f"/admin/searchpicks/{query.pk}/", data)
    existing.refresh_from_db()
    assert (existing.description == "Después") is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("report", "menu_name"),
    [
        ("/admin/searchpicks/reports/search-terms/", "search-terms"),
        ("/admin/search-analytics/", "searches-with-no-results"),
    ],
)
def test_read_search_reports(signed_in, role, report, menu_name):
    expected = role in READS_SEARCH_REPORTS
    client = signed_in[role]
    assert (client.get(report).status_code == 200) is expected
    assert (client.get(report.rstrip("/") + "/results/").status_code == 200) is expected
    home = client.get("/admin/").content.decode()
    assert (f'"name": "{menu_name}"' in home or f'"name":"{menu_name}"' in home) is expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["approve", "reject"])
def test_moderate_a_submission(signed_in, pages, note_under, role, action):
    from wagtail.models import WorkflowState

    note = note_under(pages["piura"])
    data = standard_page_form_data(note, title_es="Nota enviada a revisión")
    data["action-submit"] = "action-submit"
    assert signed_in["piura"].post(f"/admin/pages/{note.pk}/edit/", data).status_code == 302
    state = WorkflowState.objects.get(object_id=str(note.pk), status="in_progress")
    url = f"/admin/pages/workflow/action/{note.pk}/{action}/{state.current_task_state.pk}/"
    payload = {"comment": "Falta la fuente."} if action == "reject" else {}
    signed_in[role].post(url, payload)
    state.refresh_from_db()
    note.refresh_from_db()
    expected = role in MODERATES
    assert (state.status != "in_progress") is expected
    assert (note.title_es == "Nota enviada a revisión") is (expected and action == "approve")
