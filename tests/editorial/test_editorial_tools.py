"""Scheduled work, translation and review panels, account security."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from core.models import StandardPage
from editorial.panels import reviews_due, translation_work

pytestmark = pytest.mark.django_db


def test_worker_publishes_a_scheduled_page_when_its_time_comes(home, client):
    page = StandardPage(
        title_es="Convocatoria programada", slug_es="convocatoria-programada", live=False
    )
    home.add_child(instance=page)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision.save()
    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))
    page.refresh_from_db()
    assert not page.live, "published before its time"

    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))
    page.refresh_from_db()
    assert page.live
    assert client.get("/es/convocatoria-programada/").status_code == 200


def test_translation_panel_lists_missing_and_outdated_english(people, home, signed_in):
    untranslated = StandardPage(title_es="Solo en castellano", slug_es="solo-castellano")
    home.add_child(instance=untranslated)
    untranslated.save_revision().publish()

    translated = StandardPage(
        title_es="Página traducida",
        title_en="Translated page",
        slug_es="traducida",
        slug_en="translated",
    )
    home.add_child(instance=translated)
    translated.save_revision().publish()
    missing, outdated = translation_work(people["editor"], "en")
    assert untranslated.pk in {page.pk for page in missing}
    assert translated.pk not in {stamp.page_id for stamp in outdated}

    # The Spanish is edited later; the English is now behind it.
    translated.intro_es = "Nuevo párrafo en español."
    translated.save_revision()
    missing, outdated = translation_work(people["editor"], "en")
    assert translated.pk in {stamp.page_id for stamp in outdated}

    dashboard = signed_in["editor"].get("/admin/").content.decode()
    assert "Solo en castellano" in dashboard and "Página traducida" in dashboard

    # Translating again brings it up to date.
    translated.intro_en = "New paragraph in English."
    translated.save_revision()
    _missing, outdated = translation_work(people["editor"], "en")
    assert translated.pk not in {stamp.page_id for stamp in outdated}


def test_translation_panel_shows_only_pages_the_reader_can_edit(people, pages, note_under):
    note = note_under(pages["ayacucho"])
    missing, _outdated = translation_work(people["piura"], "en")
    assert note.pk not in {page.pk for page in missing}
    missing, _outdated = translation_work(people["ayacucho"], "en")
    assert note.pk in {page.pk for page in missing}


def test_reviews_due_within_90_days_are_listed(people, pages, signed_in):
    version = pages["protocol"].specific.versions.order_by("effective_date").last()
    today = timezone.localdate()
    version.review_by = today + datetime.timedelta(days=30)
    version.save(update_fields=["review_by"])
    assert version in reviews_due(people["moderator"], today)
    assert version not in reviews_due(people["piura"], today)
    dashboard = signed_in["moderator"].get("/admin/").content.decode()
    assert version.label in dashboard

    version.review_by = today + datetime.timedelta(days=200)
    version.save(update_fields=["review_by"])
    assert version not in reviews_due(people["moderator"], today)


def test_login_is_throttled_after_repeated_failures(client, people, settings):
    username = people["editor"].username
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/admin/login/", {"username": username, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/admin/login/", {"username": username, "password": "wrong"})
    assert response.status_code == 429
    # Now even the right password is refused for a while.
    response = client.post(
        "/admin/login/", {"username": username, "password": "correct horse battery staple"}
    )
    assert response.status_code == 429
    assert (
        "Too many failed sign-in attempts" in response.content.decode()
        or "Demasiados" in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_a_good_login_is_not_throttled(client, people):
    response = client.post(
        "/admin/login/",
        {"username": people["editor"].username, "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_two_factor_enrolment_then_every_sign_in_asks_for_a_code(client, people):
    user = people["moderator"]
    client.force_login(user)
    assert client.get("/admin/2fa/setup/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    response = client.post("/admin/2fa/setup/", {"token": wrong})
    device.refresh_from_db()
    assert not device.confirmed
    # django-otp makes the next try wait after a failure; a person would wait those seconds.
    device.throttle_reset()
    response = client.post("/admin/2fa/setup/", {"token": f"{totp(device.bin_key):06d}"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    client.post(
        "/admin/login/", {"username": user.username, "password": "correct horse battery staple"}
    )
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and "/admin/2fa/verify/" in response["Location"]
    response = client.post("/admin/2fa/verify/", {"token": "12345x", "next": "/admin/pages/"})
    assert response.status_code == 200
    assert client.get("/admin/pages/").status_code == 302
    device.refresh_from_db()
    device.throttle_reset()  # as above: the wrong code made the next try wait
    # The enrolment code cannot be replayed; the app's next code (one step later) is accepted.
    next_code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1)
    response = client.post(
        "/admin/2fa/verify/", {"token": f"{next_code:06d}", "next": "/admin/pages/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_staff_without_a_device_are_not_asked_for_a_code(signed_in):
    assert signed_in["editor"].get("/admin/pages/").status_code == 200


def test_worker_announces_a_protocol_version_taking_effect_today(pages):
    """The daily pass tells the search index and caches which works changed version today."""
    from core.versioning.signals import versions_changed

    work = pages["protocol"].specific
    upcoming = work.versions.order_by("effective_date").last()
    announced = []

    def receiver(sender, pages, date, **kwargs):
        announced.extend((page.pk, date) for page in pages)

    versions_changed.connect(receiver)
    try:
        with freeze_time(upcoming.effective_date.isoformat() + " 08:00:00-05:00"):
            call_command("run_worker", "--once", stdout=io.StringIO())
    finally:
        versions_changed.disconnect(receiver)
    assert (work.pk, upcoming.effective_date) in announced


def test_admin_listings_flag_pages_without_english(signed_in, home):
    page = StandardPage(title_es="Sin versión inglesa", slug_es="sin-version-inglesa")
    home.add_child(instance=page)
    page.save_revision().publish()
    listing = signed_in["editor"].get(f"/admin/pages/{home.pk}/").content.decode()
    assert (
        "Sin versión inglesa (sin inglés todavía)" in listing
        or "Sin versión inglesa (no English yet)" in listing
    )
