"""Admin addresses bookmarked before taxonomy, media, site pages and settings moved to core.

The models kept their tables and ids; only admin addresses that name a model's app changed
(`/admin/snippets/knowledge/region/` is now `/admin/snippets/core/region/`). The old ones send
the browser to the new ones; addresses of models knowledge still owns are left alone.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


@pytest.fixture
def admin(db):
    user = get_user_model().objects.create_superuser(
        "moved-admin", email="moved-admin@example.org", password="x" * 20
    )
    client = Client()
    client.force_login(user)
    return client


def test_an_old_snippet_address_leads_to_the_same_screen_under_core(admin):
    from core.models import Region

    region = Region.objects.create(name="Región de prueba trasladada")
    old = f"/admin/snippets/knowledge/region/edit/{region.pk}/?next=%2Fadmin%2F"
    response = admin.get(old)
    assert response.status_code == 301
    assert response["Location"] == f"/admin/snippets/core/region/edit/{region.pk}/?next=%2Fadmin%2F"
    page = admin.get(response["Location"])
    assert page.status_code == 200
    assert "Región de prueba trasladada" in page.content.decode()


def test_old_add_page_and_settings_addresses_follow_their_models(admin):
    from wagtail.models import Page, Site

    parent = Page.objects.get(depth=1)
    site = Site.objects.get(is_default_site=True)
    for old, new in [
        (
            f"/admin/pages/add/knowledge/standardpage/{parent.pk}/",
            f"/admin/pages/add/core/standardpage/{parent.pk}/",
        ),
        (
            f"/admin/settings/knowledge/programmesettings/{site.pk}/",
            f"/admin/settings/core/programmesettings/{site.pk}/",
        ),
    ]:
        response = admin.get(old)
        assert (response.status_code, response["Location"]) == (301, new)


def test_addresses_of_models_knowledge_keeps_are_not_redirected(admin):
    from wagtail.models import Page

    parent = Page.objects.get(depth=1)
    response = admin.get(f"/admin/pages/add/knowledge/lessonpage/{parent.pk}/")
    assert response.status_code != 301
    assert admin.get("/admin/snippets/knowledge/nosuchmodel/").status_code == 404


def test_the_redirect_is_behind_the_admin_sign_in(db):
    response = Client().get("/admin/snippets/knowledge/region/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
