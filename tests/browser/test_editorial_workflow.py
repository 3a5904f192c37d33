"""Moderation in the real admin: a moderator approves from the page editor and the page is live.

Runs in a real headless Chromium against the live demo site. The people are created in the
server's database with the roles Quipu defines (found by what they may do, not by name).
"""

import re
import urllib.error
import urllib.request
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.live import shell_json

from .conftest import PASSWORD

pytestmark = pytest.mark.browser


# Accounts for the editor and moderator roles: the moderators are the group the review task
# asks, the editors the group that may add pages everywhere but not publish them.
PEOPLE = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page

root = Page.objects.get(depth=1)
task = root.get_workflow().tasks.get().specific
moderators = task.groups.get(name="Moderators")  # Administrators may moderate too
editors = (
    Group.objects.filter(
        page_permissions__page=root, page_permissions__permission__codename="add_page"
    )
    .exclude(page_permissions__permission__codename="publish_page")
    .exclude(pk=moderators.pk)
    .get()
)
User = get_user_model()
for name, group in (("browser-editor", editors), ("browser-moderator", moderators)):
    user, _ = User.objects.get_or_create(
        username=name, defaults={{"email": name + "@example.org", "first_name": name}}
    )
    user.set_password({PASSWORD!r})
    user.save()
    user.groups.set([group])
print(json.dumps({{"ok": True}}))
"""

# A new lesson, never published, submitted for review by the editor.
SUBMITTED_LESSON = """
import json
from django.contrib.auth import get_user_model
from knowledge.models import LessonIndexPage, LessonPage

editor = get_user_model().objects.get(username="browser-editor")
index = LessonIndexPage.objects.get()
lesson = LessonPage(
    title_es={title!r}, slug_es={slug!r}, statement_es="Una lección enviada a revisión.",
    date="2024-05-01", live=False,
)
index.add_child(instance=lesson)
lesson.save_revision(user=editor, log_action=True)
lesson.get_workflow().start(lesson, editor)
print(json.dumps({{"id": lesson.pk}}))
"""

# The user names PEOPLE creates, by role (the `accounts` fixture, tests/browser/conftest.py).
ACCOUNTS = {"editor": "browser-editor", "moderator": "browser-moderator"}

STATE_OF = """
import json
from wagtail.models import Page, PageLogEntry
page = Page.objects.get(pk={page_id}).specific
actions = list(
    PageLogEntry.objects.filter(page_id=page.pk).order_by("timestamp").values_list("action", flat=True)
)
state = page.workflow_states.order_by("created_at").last()
print(json.dumps({{
    "live": page.live,
    "has_unpublished_changes": page.has_unpublished_changes,
    "actions": actions,
    "workflow": state.status if state else None,
    "url_es": page.get_url(),
}}))
"""


def approve_from_the_editor(page, page_id):
    page.goto(f"/admin/pages/{page_id}/edit/")
    approve = page.locator(
        "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not approve.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    expect(approve).to_be_visible()
    # A moderator reads the page before deciding; the editor's scripts are all running by then.
    page.wait_for_timeout(3_000)
    approve.click()
    # The editor leaves the form for the explorer once the action is done.
    expect(page).not_to_have_url(re.compile(rf"/admin/pages/{page_id}/edit/"), timeout=20_000)


def test_moderator_approves_a_new_page_from_the_editor_and_it_is_live(sessions, live_site):
    slug = f"leccion-en-revision-{date.today():%Y%m%d}"
    page_id = shell_json(
        live_site, SUBMITTED_LESSON.format(title="Lección en revisión", slug=slug)
    )["id"]

    moderator = sessions("moderator")
    approve_from_the_editor(moderator.page, page_id)
    moderator.page.wait_for_timeout(2_000)  # any request still in flight lands

    state = shell_json(live_site, STATE_OF.format(page_id=page_id))
    assert moderator.server_errors == []
    assert state["live"] is True, state
    assert state["workflow"] == "approved", state
    assert state["actions"].count("wagtail.workflow.approve") == 1, state["actions"]
    assert state["actions"].count("wagtail.publish") == 1, state["actions"]
    # Nothing was saved beside the approval: the live page is the approved one.
    assert state["actions"][-1] == "wagtail.publish", state["actions"]
    assert state["has_unpublished_changes"] is False, state
    with urllib.request.urlopen(f"{live_site.url}{state['url_es']}") as response:  # noqa: S310
        assert response.status == 200
        assert "Lección en revisión" in response.read().decode()


LESSON_INDEX = """
import json
from knowledge.models import LessonIndexPage
print(json.dumps({"id": LessonIndexPage.objects.get().pk}))
"""

LESSON_BY_TITLE = """
import json
from django.utils import translation
from knowledge.models import LessonPage
lesson = LessonPage.objects.get(title_es={title!r})
urls = {{}}
for language in ("es", "en"):
    with translation.override(language):
        urls[language] = lesson.get_url()
print(json.dumps({{
    "id": lesson.pk,
    "urls": urls,
    "image": lesson.image.title_es if lesson.image else None,
    "document": lesson.source_document.filename if lesson.source_document else None,
    "document_language": lesson.source_document.language if lesson.source_document else None,
}}))
"""


def upload_in_chooser(page, field, values, file_path):
    """Opens a chooser field's dialog, uploads a new file from its "Upload" tab, chooses it."""
    page.locator(f"[data-contentpath={field}] [data-chooser-action-choose]").click()
    dialog = page.locator(".modal-dialog")
    dialog.locator("#tab-label-upload").click()
    form = dialog.locator("#tab-upload form")
    for name, value in values.items():
        control = form.locator(f"[name$='-{name}']")
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("input[type=file]").set_input_files(str(file_path))
    form.locator("button[type=submit]").click()
    expect(dialog).to_have_count(0, timeout=20_000)
    expect(page.locator(f"[data-contentpath={field}] [data-chooser-title]")).to_have_text(
        values["title"]
    )


def test_editor_creates_a_bilingual_lesson_with_image_and_pdf_and_the_moderator_publishes_it(
    sessions, live_site, tmp_path
):
    from tests.files import pdf_with_text, png

    photo = tmp_path / "taller-piura.png"
    photo.write_bytes(png(80, 60))
    report = tmp_path / "informe-taller.pdf"
    report.write_bytes(pdf_with_text("Informe del taller de Piura"))
    index_id = shell_json(live_site, LESSON_INDEX)["id"]
    title_es = "Las mesas regionales coordinan mejor con un acta firmada"
    title_en = "Regional round tables coordinate better with signed minutes"

    # The editor writes the lesson in both languages, with a photo and its source report.
    editor = sessions("editor")
    page = editor.page
    page.goto(f"/admin/pages/add/knowledge/lessonpage/{index_id}/")
    page.locator("#id_title_es").fill(title_es)
    page.locator("#id_title_en").fill(title_en)
    page.locator("#id_statement_es").fill(
        "Un acta firmada al final de cada mesa fija los acuerdos."
    )
    page.locator("#id_statement_en").fill("Minutes signed at each table fix what was agreed.")
    page.locator("#id_source_es").fill("Informe del taller de Piura")
    page.locator("#id_date").fill("2024-05-01")
    upload_in_chooser(
        page, "image", {"title": "Taller en Piura", "title_en": "Workshop in Piura"}, photo
    )
    upload_in_chooser(
        page,
        "source_document",
        {"title": "Informe del taller", "title_en": "Workshop report", "language": "es"},
        report,
    )
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.locator("footer button[name=action-submit]").click()
    expect(page.locator(".messages .success")).to_be_visible(timeout=20_000)
    assert editor.server_errors == []

    lesson = shell_json(live_site, LESSON_BY_TITLE.format(title=title_es))
    assert lesson["image"] == "Taller en Piura"
    assert lesson["document"] == "informe-taller.pdf"
    assert lesson["document_language"] == "es"
    with pytest.raises(urllib.error.HTTPError):  # not public while in review
        urllib.request.urlopen(f"{live_site.url}{lesson['urls']['es']}")  # noqa: S310

    # The moderator approves it from the page editor; it is live in both languages.
    moderator = sessions("moderator")
    approve_from_the_editor(moderator.page, lesson["id"])
    moderator.page.wait_for_timeout(2_000)
    assert moderator.server_errors == []
    state = shell_json(live_site, STATE_OF.format(page_id=lesson["id"]))
    assert state["live"] is True and state["has_unpublished_changes"] is False, state
    assert state["actions"].count("wagtail.workflow.approve") == 1, state["actions"]

    public = moderator.page
    public.goto(lesson["urls"]["es"])
    expect(public.get_by_role("heading", level=1)).to_have_text(title_es)
    expect(public.locator("img[src*='/media/images/']").first).to_be_visible()
    public.goto(lesson["urls"]["en"])
    expect(public.locator("html")).to_have_attribute("lang", "en")
    expect(public.get_by_role("heading", level=1)).to_have_text(title_en)
