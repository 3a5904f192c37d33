"""Dated changes leave a trace: the audit log and the worker's own report, on Lima's clock."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from freezegun import freeze_time
from wagtail.models import PageLogEntry

from core.models import StandardPage
from protocols_library.audit import STATUS_ACTION

from .conftest import day

pytestmark = pytest.mark.django_db


def run_worker():
    """One pass of the worker; its report is read in English here (the admin test reads Spanish)."""
    output = io.StringIO()
    with translation.override("en"):
        call_command("run_worker", "--once", stdout=output)
    return output.getvalue()


def status_entries(work):
    return list(PageLogEntry.objects.filter(page_id=work.pk, action=STATUS_ACTION).order_by("pk"))


@pytest.fixture
def switching(make_work, make_version):
    work = make_work(title_es="Protocolo que cambia", title_en="Changing protocol")
    make_version(work, "v1", "2020-01-01")
    make_version(work, "v2", "2024-06-15")
    work.save_revision().publish()
    return work


def test_a_version_entering_into_force_is_recorded_once_by_the_worker(switching):
    # 08:00 in Lima is 13:00 UTC.
    with freeze_time("2024-06-15 13:00:00+00:00"):
        output = run_worker()
        run_worker()  # a second pass the same day (or a restart) writes nothing new
    entries = status_entries(switching)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.user_id is None
    assert entry.data["version"] == "v2"
    assert entry.data["replaces"] == "v1"
    assert entry.data["change"] == "in_force"
    assert entry.data["date"] == "2024-06-15"
    # The worker says what it changed, with the site's clock and offset, not UTC.
    assert "2024-06-15 08:00:00 -0500" in output
    assert "Version “v2” entered into force on" in output
    assert "replacing version “v1”" in output
    assert "Protocolo que cambia" in output
    assert "13:00:00" not in output


def test_the_day_is_lima_s_day_not_utc_s(switching):
    # 04:30 UTC on 15 June is still 14 June in Lima: v2 is not in force yet.
    with freeze_time("2024-06-15 04:30:00+00:00"):
        output = run_worker()
    assert status_entries(switching) == []
    assert "2024-06-14 23:30:00 -0500 pass done" in output


def test_the_change_shows_in_the_page_history_and_the_site_history(admin_client, switching):
    with freeze_time("2024-06-15 13:00:00+00:00"):
        run_worker()
    history = admin_client.get(reverse("wagtailadmin_pages:history", args=[switching.pk]))
    html = history.content.decode()
    assert "La versión “v2” entró en vigor el" in html
    assert "reemplazando a la versión “v1”" in html
    # The action can be chosen in the site history's filter (older entries are on later pages).
    filtered = admin_client.get(
        reverse("wagtailadmin_reports:site_history"), {"action": STATUS_ACTION}
    )
    assert filtered.status_code == 200
    assert "La versión “v2” entró en vigor el" in filtered.content.decode()


def test_end_of_term_and_repeal_are_recorded(make_work, make_version):
    ending = make_work()
    make_version(ending, "v1", "2020-01-01", end_date=day("2024-06-14"))
    ending.save_revision().publish()
    repealed = make_work()
    make_version(
        repealed,
        "v1",
        "2020-01-01",
        repeal_date=day("2024-06-15"),
        repealing_instrument_type="resolucion_ministerial",
        repealing_instrument_number="001-2024-MIMP",
    )
    repealed.save_revision().publish()
    with freeze_time("2024-06-15 13:00:00+00:00"):
        output = run_worker()
    assert [entry.data["change"] for entry in status_entries(ending)] == ["ended"]
    assert [entry.data["change"] for entry in status_entries(repealed)] == ["repealed"]
    assert "is no longer in force from" in output
    assert "was repealed with effect from" in output


def test_a_draft_or_unpublished_work_leaves_no_entry(make_work, make_version):
    work = make_work()
    make_version(work, "v1", "2024-06-15")
    work.unpublish()
    with freeze_time("2024-06-15 13:00:00+00:00"):
        run_worker()
    assert status_entries(work) == []


def test_the_worker_reports_scheduled_publishing_in_lima_time(home):
    page = StandardPage(title_es="Aviso programado", slug_es="aviso-programado", live=False)
    home.add_child(instance=page)
    with freeze_time("2024-06-15 13:00:00+00:00"):
        revision = page.save_revision()
        revision.approved_go_live_at = timezone.now() - timezone.timedelta(minutes=5)
        revision.save()
        output = run_worker()
    page.refresh_from_db()
    assert page.live
    line = next(line for line in output.splitlines() if "Aviso programado" in line)
    assert line.startswith("2024-06-15 08:00:00 -0500")
    assert "Published scheduled draft" in line
