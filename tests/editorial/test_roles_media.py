"""Files on published pages and in private collections are published content: editors who may
not publish cannot change them behind moderation's back (replace, make public, delete).

Every case goes through the real admin views with the Django test client, in both admin
languages, and checks that a refusal changed nothing the public can see.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.users.models import UserProfile

from core.models import QuipuDocument, QuipuImage
from protocols_library.models import ProtocolVersionFile
from tests import files

pytestmark = pytest.mark.django_db

REPLACE_REFUSED = {
    "es": "Este archivo está en páginas publicadas",
    "en": "This file is used on published pages",
}
PRIVACY_REFUSED = {
    "es": "Este archivo está en una colección privada",
    "en": "This file is in a private collection",
}
DELETE_IN_USE = {
    "es": "No puede eliminar este archivo: lo usan páginas o borradores",
    "en": "You cannot delete this file: pages or drafts use it",
}
DELETE_NOT_OWN = {
    "es": "Solo puede eliminar archivos que usted subió",
    "en": "You can delete only files you uploaded yourself",
}


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def make_document(collection=None, text="Versión vigente", uploaded_by=None):
    document = QuipuDocument(
        title_es="Protocolo vigente",
        collection=collection or Collection.get_first_root_node(),
        uploaded_by_user=uploaded_by,
    )
    document.file.save("vigente.pdf", ContentFile(files.pdf_with_text(text)), save=False)
    document.save()
    return document


def make_image(collection=None, uploaded_by=None):
    image = QuipuImage(
        title_es="Foto del taller",
        collection=collection or Collection.get_first_root_node(),
        uploaded_by_user=uploaded_by,
    )
    image.file = ImageFile(io.BytesIO(files.png()), name="taller.png")
    image._set_image_file_metadata()
    image.save()
    return image


def document_form(document, **changes):
    data = {
        "title": document.title_es,
        "title_en": document.title_en or "",
        "language": document.language,
        "collection": document.collection_id,
    }
    data.update(changes)
    return data


def image_form(image, **changes):
    data = {
        "title": image.title_es,
        "title_en": "",
        "description_es": "Personas en un taller",
        "description_en": "People at a workshop",
        "caption_es": "",
        "caption_en": "",
        "credit_es": "",
        "credit_en": "",
        "collection": image.collection_id,
    }
    data.update(changes)
    return data


@pytest.fixture
def in_force_file(pages):
    """A new document, attached as the Spanish PDF of the live protocol's version in force."""
    work = pages["protocol"]
    assert work.live
    version = work.version_in_force_on()
    document = make_document(text="Texto aprobado")
    spanish_pdf = version.pdf_in("es")
    others = [row for row in version.files.all() if row.document != spanish_pdf]
    version.files = [ProtocolVersionFile(document=document), *others]
    version.save()
    return work, document


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Reservado")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    restriction.groups.set([])
    return collection


def downloaded(client, work):
    """What the permanent "download the version in force" link serves today."""
    response = client.get(f"{work.url}descargar/es/", follow=True)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("role", ["editor", "piura"])
def test_who_cannot_publish_cannot_replace_the_file_behind_the_stable_download_link(
    signed_in, people, in_force_file, client, language, role
):
    work, document = in_force_file
    if role == "piura":
        # Even inside their own collection, a regional editor cannot.
        document.collection = Collection.objects.get(name="Piura")
        document.save()
    speaks(people[role], language)
    before = downloaded(client, work)
    sha256 = document.sha256

    response = signed_in[role].post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(
            document,
            file=SimpleUploadedFile("otro.pdf", files.pdf_with_text("Texto no aprobado")),
        ),
    )

    assert response.status_code == 200
    assert REPLACE_REFUSED[language] in response.content.decode()
    document.refresh_from_db()
    assert document.sha256 == sha256
    assert downloaded(client, work) == before


def test_a_moderator_may_replace_it(signed_in, in_force_file, client):
    work, document = in_force_file
    new_content = files.pdf_with_text("Texto corregido por la moderadora")
    response = signed_in["moderator"].post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(document, file=SimpleUploadedFile("corregido.pdf", new_content)),
    )
    assert response.status_code == 302
    assert downloaded(client, work) == new_content


def test_editors_may_still_replace_a_file_nothing_published_uses(signed_in):
    document = make_document()
    new_content = files.pdf_with_text("Borrador corregido")
    response = signed_in["editor"].post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(document, file=SimpleUploadedFile("corregido.pdf", new_content)),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.file.read() == new_content


@pytest.mark.parametrize("language", ["es", "en"])
def test_editor_cannot_replace_an_image_shown_on_a_live_page(signed_in, people, pages, language):
    speaks(people["editor"], language)
    lesson = pages["lesson"]
    image = make_image()
    lesson.image = image
    lesson.save_revision().publish()
    stored_name = image.file.name
    response = signed_in["editor"].post(
        f"/admin/images/{image.pk}/",
        image_form(image, file=SimpleUploadedFile("otra.png", files.png(color="red"))),
    )
    assert response.status_code == 200
    assert REPLACE_REFUSED[language] in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == stored_name


@pytest.mark.parametrize("language", ["es", "en"])
def test_editor_cannot_make_a_private_document_public(
    signed_in, people, private_collection, client, language
):
    speaks(people["editor"], language)
    document = make_document(collection=private_collection)
    assert client.get(document.url).status_code != 200

    response = signed_in["editor"].post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(document, collection=Collection.get_first_root_node().pk),
    )

    assert response.status_code == 200
    assert PRIVACY_REFUSED[language] in response.content.decode()
    document.refresh_from_db()
    assert document.collection == private_collection
    assert client.get(document.url).status_code != 200


def test_editor_may_move_a_public_document_into_a_private_collection(signed_in, private_collection):
    document = make_document()
    response = signed_in["editor"].post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(document, collection=private_collection.pk),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.collection == private_collection


def test_a_moderator_may_make_a_private_document_public(signed_in, private_collection):
    document = make_document(collection=private_collection)
    response = signed_in["moderator"].post(
        f"/admin/documents/edit/{document.pk}/",
        document_form(document, collection=Collection.get_first_root_node().pk),
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.collection == Collection.get_first_root_node()


@pytest.mark.parametrize("language", ["es", "en"])
def test_editor_cannot_make_private_images_public_in_bulk(
    signed_in, people, private_collection, language
):
    speaks(people["editor"], language)
    image = make_image(collection=private_collection)
    root = Collection.get_first_root_node()
    response = signed_in["editor"].post(
        f"/admin/bulk/core/quipuimage/add_to_collection/?id={image.pk}&next=/admin/images/",
        {"collection": root.pk},
        follow=True,
    )
    image.refresh_from_db()
    assert image.collection == private_collection
    assert PRIVACY_REFUSED[language] in response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("kind", ["image", "document"])
def test_editor_cannot_delete_media_used_on_a_live_page(signed_in, people, pages, language, kind):
    speaks(people["editor"], language)
    lesson = pages["lesson"]
    # The editor's own upload: only its use on a live page stands in the way.
    if kind == "image":
        item = make_image(uploaded_by=people["editor"])
        lesson.image = item
        url = f"/admin/images/{item.pk}/delete/"
    else:
        item = make_document(uploaded_by=people["editor"])
        lesson.source_document = item
        url = f"/admin/documents/delete/{item.pk}/"
    lesson.save_revision().publish()

    response = signed_in["editor"].post(url, follow=True)

    assert type(item).objects.filter(pk=item.pk).exists()
    assert DELETE_IN_USE[language] in response.content.decode()


@pytest.mark.parametrize("language", ["es", "en"])
def test_editor_cannot_delete_someone_elses_file(signed_in, people, language):
    speaks(people["editor"], language)
    document = make_document(uploaded_by=people["moderator"])
    response = signed_in["editor"].post(f"/admin/documents/delete/{document.pk}/", follow=True)
    assert QuipuDocument.objects.filter(pk=document.pk).exists()
    assert DELETE_NOT_OWN[language] in response.content.decode()


@pytest.mark.parametrize("role", ["editor", "piura"])
def test_own_unused_uploads_can_be_deleted(signed_in, people, role):
    collection = Collection.objects.get(name="Piura") if role == "piura" else None
    image = make_image(collection=collection, uploaded_by=people[role])
    response = signed_in[role].post(f"/admin/images/{image.pk}/delete/")
    assert response.status_code == 302
    assert not QuipuImage.objects.filter(pk=image.pk).exists()


def test_moderators_may_delete_a_file_in_use(signed_in, people, pages):
    image = make_image(uploaded_by=people["editor"])
    lesson = pages["lesson"]
    lesson.image = image
    lesson.save_revision().publish()
    signed_in["moderator"].post(f"/admin/images/{image.pk}/delete/")
    assert not QuipuImage.objects.filter(pk=image.pk).exists()


def test_the_roles_hold_no_permission_wagtail_does_not_check():
    """No stock or unchecked media permissions are left on any role."""
    from wagtail.models import GroupCollectionPermission

    names = [
        "Editors",
        "Moderators",
        "Regional editors: Piura",
        "Regional editors: Ayacucho",
        "Administrators",
    ]
    for group in Group.objects.filter(name__in=names):
        global_codenames = set(group.permissions.values_list("codename", flat=True))
        assert not {c for c in global_codenames if c.endswith(("_image", "_document"))}, group
        assert not {c for c in global_codenames if c.endswith("_query") and c != "view_query"}
        collection_codenames = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "permission__content_type__app_label", flat=True
            )
        )
        assert collection_codenames <= {"wagtailimages", "wagtaildocs", "wagtailcore"}, group
