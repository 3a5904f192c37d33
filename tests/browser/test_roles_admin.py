"""Two roles at their main job in the real admin, in a real headless Chromium.

A regional editor uploads an image into their region's collection and is refused another
region's; an administrator promotes a page for a search, sees it on the public search in both
languages, and reads the search reports. The people are created in the server's database in
the groups Quipu's roles migration defines.
"""

import pytest
from playwright.sync_api import expect

from tests.live import shell_json

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


PEOPLE = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

User = get_user_model()
for name, group in (
    ("browser-piura", "Regional editors: Piura"),
    ("browser-administrator", "Administrators"),
):
    user, _ = User.objects.get_or_create(
        username=name, defaults={{"email": name + "@example.org", "first_name": name}}
    )
    user.set_password({PASSWORD!r})
    user.save()
    user.groups.set([Group.objects.get(name=group)])
print(json.dumps({{"ok": True}}))
"""

AYACUCHO_IMAGE = """
import io, json
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.models import Collection
from core.models import QuipuImage

buffer = io.BytesIO()
Image.new("RGB", (40, 30), "navy").save(buffer, format="PNG")
image = QuipuImage(title_es="Foto de Huamanga", collection=Collection.objects.get(name="Ayacucho"))
image.file = ImageFile(buffer, name="huamanga.png")
image._set_image_file_metadata()
image.save()
print(json.dumps({"id": image.pk}))
"""

IMAGE_BY_TITLE = """
import json
from core.models import QuipuImage
image = QuipuImage.objects.filter(title_es={title!r}).first()
print(json.dumps({{"collection": image.collection.name if image else None}}))
"""

PROMOTED_PAGE = """
import json
from django.utils import translation
from knowledge.models import LessonPage
lesson = LessonPage.objects.live().exclude(title_en="").order_by("path").first()
urls = {}
for language in ("es", "en"):
    with translation.override(language):
        urls[language] = lesson.get_url()
print(json.dumps({"id": lesson.pk, "title_es": lesson.title_es, "title_en": lesson.title_en,
                  "urls": urls}))
"""


def test_regional_editor_uploads_inside_their_region_and_is_refused_outside(
    signed_in, live_site, tmp_path
):
    from tests.files import png

    photo = tmp_path / "feria-piura.png"
    photo.write_bytes(png(64, 48, "orange"))
    elsewhere = shell_json(live_site, AYACUCHO_IMAGE)["id"]
    page = signed_in("browser-piura")

    # Upload: the only collection offered is the region's own.
    page.goto("/admin/images/add/")
    expect(page.locator("select[name=collection]")).to_have_count(0)
    page.locator("input[name=title]").fill("Feria de servicios en Piura")
    page.locator("textarea[name=description_es], input[name=description_es]").fill(
        "Personas en una feria de servicios"
    )
    page.locator("textarea[name=description_en], input[name=description_en]").fill(
        "People at a services fair"
    )
    page.locator("input[type=file][name=file]").set_input_files(str(photo))
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Feria de servicios en Piura")
    assert shell_json(live_site, IMAGE_BY_TITLE.format(title="Feria de servicios en Piura")) == {
        "collection": "Piura"
    }

    # The library and the chooser list the region's images only.
    page.goto("/admin/images/")
    expect(page.get_by_text("Feria de servicios en Piura")).to_be_visible()
    expect(page.get_by_text("Foto de Huamanga")).to_have_count(0)

    # Another region's image: refused, in Spanish, and nothing of it is shown.
    page.goto(f"/admin/images/{elsewhere}/")
    expect(page.locator(".messages")).to_contain_text("no tienes permisos")
    expect(page.locator("input[name=title]")).to_have_count(0)
    page.goto(f"/admin/images/chooser/chosen/{elsewhere}/")
    expect(page.locator("body")).not_to_contain_text("Foto de Huamanga")


def test_administrator_promotes_a_page_and_reads_the_search_reports(signed_in, live_site):
    lesson = shell_json(live_site, PROMOTED_PAGE)
    query = "ruta prioritaria de atencion"
    page = signed_in("browser-administrator")

    # A visitor's search first, so the reports have something to say.
    page.goto(f"/es/search/?q={query.replace(' ', '+')}")

    page.goto("/admin/searchpicks/add/")
    page.locator("input[name=query_string]").fill(query)
    page.locator("#id_editors_picks-ADD").click()
    form = page.locator("[id^=inline_child_editors_picks-]").first
    form.locator("[data-chooser-action-choose]").click()
    dialog = page.locator(".modal-dialog")
    dialog.locator("input[name=q]").fill(lesson["title_es"][:25])
    dialog.get_by_role("link", name=lesson["title_es"]).first.click()
    expect(dialog).to_have_count(0)
    form.locator("textarea[name$='-description']").fill("La ruta de atención, paso a paso")
    form.locator("textarea[name$='-description_en']").fill("The care pathway, step by step")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".messages")).to_contain_text(query)

    # The public search shows it, linking to the page, in each language.
    for language, title, description in (
        ("es", lesson["title_es"], "La ruta de atención, paso a paso"),
        ("en", lesson["title_en"], "The care pathway, step by step"),
    ):
        page.goto(f"/{language}/search/?q={query.replace(' ', '+')}")
        promoted = page.locator("section.promotions")
        expect(promoted).to_contain_text(description)
        promoted.get_by_role("link", name=title).click()
        expect(page).to_have_url(f"{live_site.url}{lesson['urls'][language]}")

    # The reports, from the admin's Reports menu.
    page.goto("/admin/")
    page.locator("#wagtail-sidebar").get_by_role("button", name="Informes").click()
    page.locator("#wagtail-sidebar").get_by_role("link", name="Términos de búsqueda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Términos de búsqueda")
    expect(page.locator("main")).to_contain_text(query)
    page.goto("/admin/")
    page.locator("#wagtail-sidebar").get_by_role("button", name="Informes").click()
    page.locator("#wagtail-sidebar").get_by_role("link", name="Búsquedas sin resultados").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Búsquedas sin resultados")
