"""The page editor's scheduling dialog: an editor picks dates and reaches "Save schedule".

Runs in a real headless Chromium against the live demo site, at a typical laptop size and a
smaller one. The date picker opens inside the dialog, under the field when there is room; it
must not be left covering the dialog's save button once a day is picked.
"""

import datetime
import time

import pytest
from playwright.sync_api import expect

from tests.live import shell_json

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

EDITOR = "browser-scheduler"
VIEWPORTS = [(1280, 720), (1024, 600), (1920, 1080)]

# An editor (the role that edits pages but does not publish them) and a lesson draft of theirs,
# never published.
EDITOR_AND_DRAFT = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from knowledge.models import LessonIndexPage, LessonPage

editors = Group.objects.get(name="Editors")
user, _ = get_user_model().objects.get_or_create(
    username={EDITOR!r}, defaults={{"email": "scheduler@example.org", "first_name": "Ana"}}
)
user.set_password({PASSWORD!r})
user.save()
user.groups.set([editors])
lesson = LessonPage(
    title_es="Lección con fecha {{width}}", slug_es="leccion-con-fecha-{{width}}",
    statement_es="Una lección que saldrá en una fecha.", date="2024-05-01", live=False,
)
LessonIndexPage.objects.get().add_child(instance=lesson)
lesson.save_revision(user=user, log_action=True)
print(json.dumps({{"id": lesson.pk}}))
"""

SCHEDULE_OF = """
import json
from django.utils import timezone
from wagtail.models import Page
draft = Page.objects.get(pk={page_id}).specific.get_latest_revision_as_object()
print(json.dumps({{
    name: timezone.localtime(value).date().isoformat() if value else None
    for name, value in (("go_live_at", draft.go_live_at), ("expire_at", draft.expire_at))
}}))
"""

# Whether the centre of an element is what a click there would reach.
REACHABLE = """element => {
    element.scrollIntoView({block: "nearest"});
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top === element || element.contains(top);
}"""


def eventually(check, seconds=5):
    """True as soon as `check()` is; False if it never is within `seconds` (a picker closing)."""
    deadline = time.monotonic() + seconds
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def next_month(today):
    first = today.replace(day=1)
    return (first + datetime.timedelta(days=32)).replace(day=1)


def pick_day(page, field, day):
    """Opens a field's picker, moves to `day`'s month and clicks the day, as a person would."""
    page.locator(f"#schedule-publishing-dialog input[name={field}]").click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)
    picker.locator(".xdsoft_datepicker .xdsoft_next").click()
    picker.locator(
        f".xdsoft_date[data-date='{day.day}'][data-month='{day.month - 1}'][data-year='{day.year}']"
    ).click()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_an_editor_picks_go_live_and_expiry_dates_and_saves_the_schedule(
    browser, live_site, width, height
):
    page_id = shell_json(live_site, EDITOR_AND_DRAFT.replace("{width}", str(width)))["id"]
    month = next_month(datetime.date.today())
    go_live, expiry = month.replace(day=15), month.replace(day=20)

    context = browser.new_context(
        base_url=live_site.url, locale="es-PE", viewport={"width": width, "height": height}
    )
    try:
        page = context.new_page()
        page.goto("/admin/login/")
        page.locator("input[name=username]").fill(EDITOR)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        expect(page.locator("#wagtail-sidebar")).not_to_have_count(0)

        page.goto(f"/admin/pages/{page_id}/edit/")
        page.locator("[data-side-panel-toggle='status']").click()
        page.locator("[data-a11y-dialog-show='schedule-publishing-dialog']").first.click()
        dialog = page.locator("#schedule-publishing-dialog")
        save = dialog.locator("button.action-save")
        expect(save).to_be_visible()

        for field, day in (("go_live_at", go_live), ("expire_at", expiry)):
            pick_day(page, field, day)
            value = dialog.locator(f"input[name={field}]").input_value()
            assert value.startswith(day.isoformat()), (field, value)
            assert eventually(lambda: save.evaluate(REACHABLE)), (
                f"at {width}x{height} the date picker of {field} covers “Save schedule”"
            )

        save.click()
        expect(page.locator(".messages .success")).to_be_visible(timeout=20_000)
    finally:
        context.close()

    schedule = shell_json(live_site, SCHEDULE_OF.format(page_id=page_id))
    assert schedule == {"go_live_at": go_live.isoformat(), "expire_at": expiry.isoformat()}
