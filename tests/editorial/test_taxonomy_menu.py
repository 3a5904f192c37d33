"""The Taxonomy menu: the foundation's terms, the audiences knowledge adds, and the glossary."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils import translation
from wagtail.admin.menu import admin_menu

MENU = [
    ("Sectors", "/admin/snippets/core/sector/"),
    ("Regions", "/admin/snippets/core/region/"),
    ("Institutions", "/admin/snippets/core/institution/"),
    ("Topics", "/admin/snippets/core/topic/"),
    ("Audiences", "/admin/snippets/knowledge/audience/"),
    ("Glossary terms", "/admin/snippets/core/glossaryterm/"),
]


@pytest.fixture
def request_of(db):
    def build(user):
        request = RequestFactory().get("/admin/")
        request.user = user
        return request

    return build


def taxonomy_items(request):
    with translation.override("en"):
        (menu,) = [item for item in admin_menu.registered_menu_items if item.name == "taxonomy"]
        return [(str(item.label), item.url) for item in menu.menu.menu_items_for_request(request)]


def test_the_taxonomy_menu_lists_core_terms_audiences_and_the_glossary(request_of):
    user = get_user_model().objects.create_superuser(
        "taxonomy-menu", email="taxonomy-menu@example.org", password="x" * 20
    )
    assert taxonomy_items(request_of(user)) == MENU


def test_the_taxonomy_menu_shows_only_what_the_editor_may_edit(request_of):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("taxonomy-few", password="x" * 20)
    user.user_permissions.add(
        Permission.objects.get(codename="change_audience"),
        Permission.objects.get(codename="add_sector"),
        Permission.objects.get(codename="access_admin"),
    )
    user = get_user_model().objects.get(pk=user.pk)
    assert taxonomy_items(request_of(user)) == [MENU[0], MENU[4]]
