"""Copies of the version in force (search index, caches) are told when a date switches it."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from freezegun import freeze_time

from core.versioning.signals import versions_changed

from .conftest import day, make_document, sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced():
    received = []

    def receiver(sender, pages, date, **kwargs):
        received.append(([page.pk for page in pages], date))

    versions_changed.connect(receiver)
    yield received
    versions_changed.disconnect(receiver)


def test_daily_command_announces_the_works_that_switch_that_day(make_work, make_version, announced):
    switching, steady = make_work(), make_work()
    make_version(switching, "v1", "2020-01-01")
    make_version(switching, "v2", "2024-06-15")
    make_version(steady, "v1", "2020-01-01")
    with freeze_time("2024-06-15 17:00:00"):
        call_command("versions_changed_status", stdout=io.StringIO())
    assert announced == [([switching.pk], day("2024-06-15"))]


def test_the_former_command_name_still_does_the_same(make_work, make_version, announced):
    """Schedules written for the library's own daily command keep working."""
    work = make_work()
    make_version(work, "v1", "2020-01-01")
    make_version(work, "v2", "2024-06-15")
    output = io.StringIO()
    with freeze_time("2024-06-15 17:00:00"), translation.override("en"):
        call_command("protocols_in_force_changed", stdout=output)
    assert announced == [([work.pk], day("2024-06-15"))]
    assert "Version “v2” entered into force on" in output.getvalue()


def test_daily_command_can_catch_up_on_missed_days(make_work, make_version, announced):
    work = make_work()
    make_version(work, "v1", "2020-01-01", end_date=day("2024-06-12"))
    call_command(
        "versions_changed_status",
        "--date",
        "2024-06-15",
        "--days",
        "3",
        stdout=io.StringIO(),
    )
    assert announced == [([work.pk], day("2024-06-15"))]


def test_daily_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("versions_changed_status", "--date", "15/06/2024")


def test_search_reads_the_version_in_force_in_each_language(make_work, make_version):
    work = make_work()
    make_version(work, "v1", "2020-01-01", files=[make_document("old.pdf")])
    current = make_version(
        work,
        "v2",
        "2023-01-01",
        sections_es=sections(("Plazo", "El mismo día.")),
        sections_en=sections(("Deadline", "On the same day.")),
        files=[make_document("nuevo.pdf", "es"), make_document("new.pdf", "en")],
    )
    make_version(work, "v3", "2030-01-01", sections_es=sections(("Plazo", "Futuro.")))
    with freeze_time("2024-06-15 17:00:00"):
        assert work.search_documents("es") == [current.pdf_in("es")]
        assert work.search_documents("en") == [current.pdf_in("en")]
        assert work.search_date() == day("2023-01-01")
        with translation.override("en"):
            assert work.text_in_force() == "Deadline\nOn the same day."
        assert work.text_in_force_es() == "Plazo\nEl mismo día."
