"""E-mail subscriptions to a protocol: double opt-in, one notice per event, one-click leaving."""

import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.utils import translation
from freezegun import freeze_time

from interop.models import Notice, Subscription
from tests.interop.conftest import republish

pytestmark = pytest.mark.django_db


def links_in(message):
    return re.findall(r"http://\S+", message.body)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def subscribe(client, work, email, language="es"):
    return client.post(f"/{language}/subscriptions/protocol/{work.pk}/", {"email": email})


def confirmed(client, work, email, language, django_capture_on_commit_callbacks):
    """Subscribes and confirms through the links, as a person would; returns the confirm mail."""
    with django_capture_on_commit_callbacks(execute=True):
        assert subscribe(client, work, email, language).status_code == 200
    message = mail.outbox[-1]
    confirm_url = next(url for url in links_in(message) if "/confirm/" in url)
    assert client.post(path_of(confirm_url)).status_code == 200
    return message


@pytest.fixture
def work(make_work, make_version, django_capture_on_commit_callbacks):
    # Published as an editor would: what happens after the commit (records kept) happens.
    with django_capture_on_commit_callbacks(execute=True):
        work = make_work()
        make_version(work, "2019", "2019-01-01")
        return republish(work)


def test_protocol_page_offers_the_form_in_both_languages(client, work):
    spanish = client.get(work.url_in("es")).content.decode()
    assert f'action="/es/subscriptions/protocol/{work.pk}/"' in spanish
    assert "Reciba un correo" in spanish or "correo electrónico" in spanish
    english = client.get(work.url_in("en")).content.decode()
    assert f'action="/en/subscriptions/protocol/{work.pk}/"' in english
    assert "Your e-mail address" in english


def test_double_opt_in_in_the_language_of_the_request(
    client, work, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = subscribe(client, work, "oficial@example.org", "en")
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    assert "oficial@example.org" not in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["oficial@example.org"]
    assert message.subject == "Confirm your subscription to Test protocol"
    subscription = Subscription.objects.get()
    assert subscription.language == "en" and not subscription.is_confirmed
    confirm_url = next(url for url in links_in(message) if "/confirm/" in url)
    assert confirm_url.startswith("http") and "/en/subscriptions/confirm/" in confirm_url
    # Following the link (as a mail scanner would) confirms nothing; the button does.
    page = client.get(path_of(confirm_url))
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    assert client.post(path_of(confirm_url)).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")


def test_a_bad_address_is_refused_in_the_visitors_language(client, work):
    response = subscribe(client, work, "no es un correo", "es")
    assert response.status_code == 400
    assert "Escriba una dirección de correo" in response.content.decode()
    response = subscribe(client, work, "", "en")
    assert response.status_code == 400
    assert "Enter your e-mail address." in response.content.decode()
    assert Subscription.objects.count() == 0 and mail.outbox == []


def test_asking_again_reveals_nothing_and_sends_no_mail_to_a_confirmed_address(
    client, work, django_capture_on_commit_callbacks
):
    confirmed(client, work, "a@example.org", "es", django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = subscribe(client, work, "A@example.org", "es")
        fresh = subscribe(client, work, "b@example.org", "es")
    assert again.content == fresh.content
    assert len(mail.outbox) == sent + 1  # only b@ gets a confirmation
    assert Subscription.objects.filter(email__iexact="a@example.org").count() == 1


def test_an_approved_version_sends_one_message_to_each_confirmed_subscriber(
    client, work, make_version, django_capture_on_commit_callbacks
):
    confirmed(client, work, "es@example.org", "es", django_capture_on_commit_callbacks)
    confirmed(client, work, "en@example.org", "en", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(client, work, "pending@example.org", "es")
    mail.outbox.clear()

    with freeze_time("2031-05-01T15:00:00Z"), django_capture_on_commit_callbacks(execute=True):
        make_version(
            work,
            "2031",
            "2031-06-01",
            change_summary_es="Se incorpora la ruta de salud.",
            change_summary_en="Adds the health pathway.",
        )
        draft = make_version(work, "borrador", None, published=False)
        republish(work)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"es@example.org", "en@example.org"}
    spanish, english = by_address["es@example.org"], by_address["en@example.org"]
    assert spanish.subject == "Protocolo de prueba: nueva versión 2031 aprobada"
    assert "Se incorpora la ruta de salud." in spanish.body
    assert "entra en vigor el" in spanish.body
    assert english.subject == "Test protocol: new version 2031 approved"
    assert "Adds the health pathway." in english.body
    assert "borrador" not in spanish.body + english.body
    for message in (spanish, english):
        unsubscribe_url = next(url for url in links_in(message) if "/unsubscribe/" in url)
        assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe_url}>"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert draft.pk not in Notice.objects.values_list("version_id", flat=True)

    # Publishing again sends nothing more.
    mail.outbox.clear()
    with freeze_time("2031-05-02T15:00:00Z"), django_capture_on_commit_callbacks(execute=True):
        republish(work)
    assert mail.outbox == []

    # The day it enters into force, the worker's daily check tells each subscriber once.
    with freeze_time("2031-06-01T13:00:00Z"), django_capture_on_commit_callbacks(execute=True):
        call_command("versions_changed_status", stdout=io.StringIO())
        call_command("versions_changed_status", stdout=io.StringIO())
    assert sorted(message.to[0] for message in mail.outbox) == ["en@example.org", "es@example.org"]
    english = next(m for m in mail.outbox if m.to == ["en@example.org"])
    assert english.subject == "Test protocol: version 2031 is now in force"


def test_one_click_unsubscribe_removes_the_address(
    client, work, make_version, django_capture_on_commit_callbacks
):
    message = confirmed(client, work, "sale@example.org", "es", django_capture_on_commit_callbacks)
    unsubscribe_url = next(url for url in links_in(message) if "/unsubscribe/" in url)
    # A mail program's one-click: a POST with no cookie and no form token.
    response = client.post(path_of(unsubscribe_url), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Subscription.objects.count() == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_version(work, "2030", "2030-01-01")
        republish(work)
    assert mail.outbox == []
    assert client.get(path_of(unsubscribe_url)).status_code == 404


def test_hidden_works_take_no_subscriptions(client, make_work):
    from wagtail.models import PageViewRestriction

    hidden = make_work()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    assert subscribe(client, hidden, "x@example.org").status_code == 404
    assert Subscription.objects.count() == 0


def test_subscribing_is_throttled(client, work, settings):
    settings.RATELIMIT_ENABLED = True
    statuses = [subscribe(client, work, f"p{n}@example.org").status_code for n in range(8)]
    assert statuses[:5] == [200] * 5
    assert 429 in statuses
    refused = subscribe(client, work, "last@example.org")
    assert refused.status_code == 429 and refused["Retry-After"]


def test_administrators_see_counts_and_only_permitted_people_see_addresses(
    client, work, django_user_model, django_capture_on_commit_callbacks
):
    confirmed(client, work, "persona@example.org", "es", django_capture_on_commit_callbacks)
    subscribe(client, work, "espera@example.org")
    admin = django_user_model.objects.create_user("jefa", password="x" * 12)
    admin.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_subscription"),
    )
    staff = client.__class__()
    staff.force_login(admin)
    with translation.override("en"):
        report = staff.get("/admin/subscriptions/")
    html = report.content.decode()
    assert report.status_code == 200, report
    assert "Protocolo de prueba" in html or "Test protocol" in html
    assert "persona@example.org" not in html and "espera@example.org" not in html
    assert re.search(r"data-confirmed>\s*1<", html) and re.search(r"data-pending>\s*1<", html)
    assert staff.get(f"/admin/subscriptions/{work.pk}/").status_code in {302, 403}

    admin.user_permissions.add(Permission.objects.get(codename="view_subscriber_addresses"))
    staff.force_login(django_user_model.objects.get(pk=admin.pk))
    addresses = staff.get(f"/admin/subscriptions/{work.pk}/").content.decode()
    assert "persona@example.org" in addresses and "espera@example.org" in addresses


def test_the_worker_sends_the_notices(
    client, work, make_version, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # The worker closes stale database connections between tasks; here its connection is the
    # test's own, inside the test's transaction, so that housekeeping alone is switched off.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    confirmed(client, work, "cola@example.org", "es", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        make_version(work, "2030", "2030-01-01")
        republish(work)
    # Queued, not sent, until the worker runs.
    assert mail.outbox == []
    call_command("run_worker", "--once", stdout=io.StringIO())
    assert [message.to for message in mail.outbox] == [["cola@example.org"]], [
        m.subject for m in mail.outbox
    ]
    call_command("run_worker", "--once", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_the_administrators_role_sees_counts_but_not_addresses(django_user_model):
    from django.contrib.auth.models import Group

    person = django_user_model.objects.create_user("admin-role", password="x" * 12)
    person.groups.add(Group.objects.get(name="Administrators"))
    person = django_user_model.objects.get(pk=person.pk)
    assert person.has_perm("interop.view_subscription")
    assert not person.has_perm("interop.view_subscriber_addresses")
    for role in ("Editors", "Moderators"):
        group = Group.objects.filter(name=role).first()
        if group is not None:
            assert not group.permissions.filter(codename="view_subscription").exists()
