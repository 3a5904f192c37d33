"""The Spanish admin speaks Spanish: no English left where Wagtail 8's own catalogue has gaps.

Each main screen is rendered through the real admin as a superuser in Spanish; its visible
text and the attributes people read (labels, placeholders, tooltips) must hold none of the
English strings below, which Wagtail 8.0.1 ships without a Spanish translation and Quipu's
catalogue (locale/es) fills.
"""

import io
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from wagtail.users.models import UserProfile

from tests.files import pdf_with_text, png

pytestmark = pytest.mark.django_db

ENGLISH = [
    # dashboard and menus
    "Pages created in",
    "Documents created in",
    "Images created in",
    "Search all pages…",
    "editor guide",
    "Edit account avatar",
    "Your pages and snippets in a workflow",
    # listings and filters
    "Search…",
    "Filter by",
    "Show filters",
    "Date updated",
    "Edited by",
    "First published",
    "Has child pages",
    "Page type",
    "More options for",
    "Sort by",
    "Usage count",
    "Grid layout",
    "List layout",
    "Show disabled",
    "Access level",
    "Last login",
    "Locked by",
    "By task",
    "By workflow",
    "Is commenting action",
    # the page editor: side panels, scheduling, autosave
    "Actions (footer)",
    "Save your changes before leaving",
    "Privacy and access",
    "Add a concise description for search engines",
    "Schedule to publish",
    "This publishing schedule will only take effect",
    "Autosave is paused",
    "Checks",
    "Content metrics",
    "Reading time",
    "Readability",
    "This data explained",
    "Show issue",
    "View latest version",
    # the keyboard shortcuts dialog on every screen
    "Keyboard shortcuts",
    "Show keyboard shortcuts",
    "Toggle minimap",
    "Close modal dialogs",
    "Save changes",
    "Add or show comments",
    "Text editing",
    "Paste without formatting",
    "Text formatting",
    "Insert or edit a link",
    "Monospace (code)",
    "Strike-through",
    # search promotions, reports and workflows
    "Search terms",
    "Search term(s)/phrase",
    "Add a recommended result",
    "Recommended search result",
    "Choose an internal page for this promotion",
    "External link URL",
    "Alternatively, use an external link",
    "Promoted search results are a means",
    "Pages/snippets at this step in a workflow",
]
# What people read besides text: labels of icon buttons, placeholders, tooltips.
READ_ATTRIBUTES = ["aria-label", "placeholder", "title", "alt", "data-w-tooltip-content-value"]


def readable_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    chunks = [" ".join(soup.get_text(" ").split())]
    for element in soup.find_all(True):
        chunks.extend(element.get(name) for name in READ_ATTRIBUTES if element.get(name))
    return "\n".join(chunks)


def english_in(html):
    text = readable_text(html)
    return [
        phrase for phrase in ENGLISH if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
    ]


@pytest.fixture
def admin_in_spanish(db):
    user = get_user_model().objects.create_superuser(
        "superusuaria", email="superusuaria@example.org", password="x" * 20
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)
    return client


@pytest.fixture
def screens(pages, note_under):
    from wagtail.models import Task, Workflow

    from core.models import QuipuDocument, QuipuImage, Region

    note = note_under(pages["lesson"].get_parent())
    image = QuipuImage(title_es="Foto de prueba", title_en="Test photo")
    image.file = ImageFile(io.BytesIO(png()), name="foto-prueba.png")
    image.save()
    document = QuipuDocument(title_es="Acta de prueba", title_en="Test minutes", language="es")
    document.file.save("acta-prueba.pdf", ContentFile(pdf_with_text("Acta")), save=False)
    document.save()
    return {
        "dashboard": "/admin/",
        "page explorer": f"/admin/pages/{note.get_parent().pk}/",
        "page edit": f"/admin/pages/{note.pk}/edit/",
        "page history": f"/admin/pages/{note.pk}/history/",
        "page search": "/admin/pages/search/?q=nota",
        "images": "/admin/images/",
        "image edit": f"/admin/images/{image.pk}/",
        "documents": "/admin/documents/",
        "document edit": f"/admin/documents/edit/{document.pk}/",
        "snippets": "/admin/snippets/core/region/",
        "snippet edit": f"/admin/snippets/core/region/edit/{Region.objects.first().pk}/",
        "search promotions": "/admin/searchpicks/",
        "new search promotion": "/admin/searchpicks/add/",
        "locked pages report": "/admin/reports/locked/",
        "site history report": "/admin/reports/site-history/",
        "aging pages report": "/admin/reports/aging-pages/",
        "workflows report": "/admin/reports/workflow/",
        "workflow tasks report": "/admin/reports/workflow_tasks/",
        "workflows": "/admin/workflows/list/",
        "workflow edit": f"/admin/workflows/edit/{Workflow.objects.first().pk}/",
        "tasks": "/admin/workflows/tasks/index/",
        "task edit": f"/admin/workflows/tasks/edit/{Task.objects.first().pk}/",
        "users": "/admin/users/",
        "groups": "/admin/groups/",
    }


def test_main_admin_screens_show_no_untranslated_wagtail_strings(admin_in_spanish, screens):
    found = {}
    for name, url in screens.items():
        response = admin_in_spanish.get(url)
        assert response.status_code == 200, f"{name}: {url} answered {response.status_code}"
        html = response.content.decode()
        assert '<html lang="es"' in html, f"{name} is not in Spanish"
        if english := english_in(html):
            found[name] = english
    assert found == {}


def test_the_phrase_list_catches_english_when_the_admin_is_in_english(screens):
    """The check itself works: the same screens in English show these phrases."""
    user = get_user_model().objects.create_superuser(
        "superuser-en", email="superuser-en@example.org", password="x" * 20
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    seen = set()
    for url in screens.values():
        seen.update(english_in(client.get(url).content.decode()))
    assert len(seen) > len(ENGLISH) // 2


def test_admin_javascript_strings_are_in_spanish(admin_in_spanish):
    catalog = admin_in_spanish.get("/admin/jsi18n/").content.decode()
    for spanish in (
        "Guardado automático en curso…",
        "Los cambios se guardaron automáticamente.",
        "Se produjo un error en el servidor.",
    ):
        assert spanish in catalog or json.dumps(spanish)[1:-1] in catalog, spanish
