"""A version's status follows from dates alone, and the work switches versions by itself."""

import datetime

import pytest
from freezegun import freeze_time

from protocols_library.models import ProtocolVersion, Timeline, VersionStatus

from .conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(make_work, make_version):
    work = make_work()
    first = make_version(work, "2019", "2019-06-01")
    second = make_version(work, "2022", "2022-03-15")
    return work, first, second


@pytest.mark.parametrize(
    ("today", "first_status", "second_status"),
    [
        ("2022-03-14", VersionStatus.IN_FORCE, VersionStatus.NOT_YET_IN_FORCE),
        ("2022-03-15", VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE),
        ("2022-03-16", VersionStatus.SUPERSEDED, VersionStatus.IN_FORCE),
    ],
)
def test_status_on_the_day_before_of_and_after_an_effective_date(
    two_versions, today, first_status, second_status
):
    _work, first, second = two_versions
    # Noon in Lima: the frozen clock is UTC, the site's day is Peru's.
    with freeze_time(f"{today} 17:00:00"):
        assert first.status_on() == first_status
        assert second.status_on() == second_status


def test_the_day_is_the_day_in_peru_not_in_utc(two_versions):
    _work, _first, second = two_versions
    # 02:00 UTC on the 15th is still the evening of the 14th in Lima.
    with freeze_time("2022-03-15 02:00:00"):
        assert second.status_on() == VersionStatus.NOT_YET_IN_FORCE
    with freeze_time("2022-03-15 06:00:00"):
        assert second.status_on() == VersionStatus.IN_FORCE


def test_work_switches_to_the_new_version_on_its_effective_date_without_any_edit(
    two_versions, client
):
    work, first, second = two_versions
    with freeze_time("2022-03-14 17:00:00"):
        assert work.version_in_force_on() == first
        response = client.get(work.url_in("es"))
        assert response.context["version"] == first
    with freeze_time("2022-03-15 17:00:00"):
        assert work.version_in_force_on() == second
        response = client.get(work.url_in("es"))
        assert response.context["version"] == second


def test_at_most_one_version_is_in_force_on_any_date(make_work, make_version):
    work = make_work()
    make_version(work, "v1", "2018-01-10")
    make_version(work, "v2", "2019-05-01")
    make_version(work, "v3", "2021-02-01", end_date=day("2021-12-31"))
    make_version(work, "v4", "2023-01-01")
    versions = list(work.versions.all())
    date = day("2017-12-01")
    while date < day("2024-01-01"):
        statuses = [Timeline(versions, on=date).status_of(v) for v in versions]
        assert statuses.count(VersionStatus.IN_FORCE) <= 1, date
        date += datetime.timedelta(days=7)


def test_version_with_a_fixed_term_is_no_longer_in_force_after_its_last_day(
    make_work, make_version
):
    work = make_work()
    version = make_version(work, "temporal", "2020-01-01", end_date=day("2020-12-31"))
    assert version.status_on(day("2020-12-31")) == VersionStatus.IN_FORCE
    assert version.status_on(day("2021-01-01")) == VersionStatus.EXPIRED
    assert work.version_in_force_on(day("2021-01-01")) is None


def test_repealed_version_is_repealed_from_the_repeal_date(make_work, make_version):
    work = make_work()
    version = make_version(
        work,
        "2019",
        "2019-06-01",
        repeal_date=day("2023-07-01"),
        repealing_instrument_type="decreto_supremo",
        repealing_instrument_number="000-2023-MIMP",
    )
    assert version.status_on(day("2023-06-30")) == VersionStatus.IN_FORCE
    assert version.status_on(day("2023-07-01")) == VersionStatus.REPEALED
    timeline = work.timeline(on=day("2023-07-01"))
    assert timeline.in_force is None
    assert timeline.repealed_version == version


def test_draft_is_never_in_force_whatever_its_dates(make_work, make_version):
    work = make_work()
    published = make_version(work, "v1", "2019-01-01")
    draft = make_version(work, "v2", "2020-01-01", published=False)
    assert draft.status_on(day("2024-01-01")) == VersionStatus.DRAFT
    assert work.version_in_force_on(day("2024-01-01")) == published
    assert published.status_on(day("2024-01-01")) == VersionStatus.IN_FORCE


def test_versions_changing_status_on_a_day_are_found_for_reindexing(make_work, make_version):
    work = make_work()
    first = make_version(work, "v1", "2019-01-01", end_date=day("2020-02-29"))
    second = make_version(work, "v2", "2020-03-01")
    changing = set(ProtocolVersion.objects.changing_status_on(day("2020-03-01")))
    assert changing == {first, second}
    assert not ProtocolVersion.objects.changing_status_on(day("2020-03-02")).exists()
