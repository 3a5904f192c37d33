"""Privilege boundaries: nobody manages an account with more rights than their own, and
regional editors see nothing of other sections' drafts, through the real admin views."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from tests.editorial.test_permission_matrix import standard_page_form_data

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "una clave larga que nadie adivina 2024"


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(
        "raiz", "raiz@example.org", "clave original muy larga 2024"
    )


def user_form(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name or "Nombre",
        "last_name": user.last_name or "Apellido",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [str(group.pk) for group in user.groups.all()],
    }
    if user.is_superuser:
        data["is_superuser"] = "on"
    data.update(changes)
    return data


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("es", "Solo un superusuario puede cambiar o eliminar a un superusuario."),
        ("en", "Only a superuser can change or delete a superuser."),
    ],
)
def test_an_administrator_cannot_take_over_the_superuser(
    signed_in, people, superuser, language, message
):
    speaks(people["administrator"], language)
    client = signed_in["administrator"]
    url = f"/admin/users/edit/{superuser.pk}/"
    response = client.get(url, follow=True)
    assert message in response.content.decode()
    response = client.post(
        url,
        user_form(
            superuser, email="tomado@example.org", password1=NEW_PASSWORD, password2=NEW_PASSWORD
        ),
        follow=True,
    )
    assert message in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.email == "raiz@example.org"
    assert not superuser.check_password(NEW_PASSWORD)
    client.post(f"/admin/users/delete/{superuser.pk}/")
    assert get_user_model().objects.filter(pk=superuser.pk).exists()


def test_an_administrator_cannot_make_anyone_a_superuser(signed_in, people):
    editor = people["editor"]
    signed_in["administrator"].post(
        f"/admin/users/edit/{editor.pk}/", user_form(editor, is_superuser="on")
    )
    editor.refresh_from_db()
    assert not editor.is_superuser
    signed_in["administrator"].post(
        "/admin/users/new/",
        {
            "username": "nuevo-super",
            "email": "n@example.org",
            "first_name": "",
            "last_name": "",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "is_superuser": "on",
            "is_active": "on",
        },
    )
    assert not get_user_model().objects.filter(username="nuevo-super", is_superuser=True).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [("es", "tiene permisos que usted no tiene"), ("en", "they hold rights you do not have")],
)
def test_an_administrator_cannot_manage_an_account_with_more_rights(
    signed_in, people, language, message
):
    speaks(people["administrator"], language)
    broader = Group.objects.create(name="Sitios")
    broader.permissions.add(Permission.objects.get(codename="add_site"))
    target = get_user_model().objects.create_user("amplia", "amplia@example.org", "x" * 20)
    target.groups.set([Group.objects.get(name="Administrators"), broader])
    response = signed_in["administrator"].post(
        f"/admin/users/edit/{target.pk}/",
        user_form(target, password1=NEW_PASSWORD, password2=NEW_PASSWORD),
        follow=True,
    )
    assert message in response.content.decode()
    target.refresh_from_db()
    assert not target.check_password(NEW_PASSWORD)


def test_an_administrator_cannot_give_rights_beyond_their_own(signed_in, people):
    broader = Group.objects.create(name="Sitios")
    broader.permissions.add(Permission.objects.get(codename="add_site"))
    editor = people["editor"]
    signed_in["administrator"].post(
        f"/admin/users/edit/{editor.pk}/",
        user_form(editor, groups=[str(g.pk) for g in editor.groups.all()] + [str(broader.pk)]),
    )
    assert not editor.groups.filter(pk=broader.pk).exists()


def test_an_administrator_still_manages_editors(signed_in, people):
    editor = people["editor"]
    response = signed_in["administrator"].post(
        f"/admin/users/edit/{editor.pk}/", user_form(editor, first_name="Editora")
    )
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.first_name == "Editora"


def test_a_superuser_manages_superusers(superuser):
    other = get_user_model().objects.create_superuser("otra-raiz", "o@example.org", "y" * 20)
    client = Client()
    client.force_login(superuser)
    response = client.post(
        f"/admin/users/edit/{other.pk}/",
        user_form(other, password1=NEW_PASSWORD, password2=NEW_PASSWORD),
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)


# Regional editors and other sections' drafts ------------------------------------------------


@pytest.fixture
def ayacucho_draft(pages):
    from core.models import StandardPage

    draft = StandardPage(
        title_es="Borrador reservado de Huamanga", slug_es="borrador-reservado", live=False
    )
    pages["ayacucho"].add_child(instance=draft)
    draft.save_revision()
    draft.refresh_from_db()
    assert not draft.live
    return draft


@pytest.fixture
def ayacucho_renamed(pages, note_under):
    """A live page of the Ayacucho section whose new title is still a draft."""
    note = note_under(pages["ayacucho"])
    note.title_es = "Título nuevo sin aprobar"
    note.save_revision()
    return note


def test_page_chooser_search_hides_other_sections_drafts(
    signed_in, ayacucho_draft, ayacucho_renamed
):
    for query in ("reservado", "aprobar"):
        html = signed_in["piura"].get("/admin/choose-page/search/", {"q": query}).content.decode()
        assert "Borrador reservado de Huamanga" not in html
        assert "Título nuevo sin aprobar" not in html
    # The section's own editors still find them.
    html = (
        signed_in["ayacucho"].get("/admin/choose-page/search/", {"q": "Borrador"}).content.decode()
    )
    assert "Borrador reservado de Huamanga" in html


def test_page_chooser_browsing_hides_other_sections_drafts(
    signed_in, pages, ayacucho_draft, ayacucho_renamed
):
    client = signed_in["piura"]
    html = client.get(f"/admin/choose-page/{pages['ayacucho'].pk}/").content.decode()
    assert "Borrador reservado de Huamanga" not in html
    assert "Título nuevo sin aprobar" not in html
    assert client.get(f"/admin/choose-page/{ayacucho_draft.pk}/").status_code == 404
    # Public pages elsewhere can still be linked to.
    html = client.get("/admin/choose-page/search/", {"q": pages["lesson"].title_es[:20]})
    assert pages["lesson"].title_es[:20] in html.content.decode()


def test_admin_page_search_hides_other_sections_drafts(signed_in, ayacucho_draft, ayacucho_renamed):
    for query in ("reservado", "aprobar"):
        html = signed_in["piura"].get("/admin/pages/search/", {"q": query}).content.decode()
        assert "Borrador reservado de Huamanga" not in html
        assert "Título nuevo sin aprobar" not in html


def test_workflow_cancellation_view_answers_only_editors_of_the_page(signed_in, pages, note_under):
    note = note_under(pages["ayacucho"])
    data = standard_page_form_data(note, title_es="Cambio en revisión")
    data["action-submit"] = "action-submit"
    assert signed_in["ayacucho"].post(f"/admin/pages/{note.pk}/edit/", data).status_code == 302
    assert WorkflowState.objects.filter(object_id=str(note.pk), status="in_progress").exists()
    url = f"/admin/pages/workflow/confirm_cancellation/{note.pk}/"
    response = signed_in["piura"].get(url)
    assert response.status_code in (302, 403)
    assert "Moderators approval" not in response.content.decode()
    assert "needs_changes" not in response.content.decode()
    assert signed_in["moderator"].get(url).status_code == 200
