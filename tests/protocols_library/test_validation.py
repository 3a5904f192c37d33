"""Bad dates and labels are refused with a sentence in the editor's language; nothing is saved."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from protocols_library.models import ProtocolVersion

from .conftest import day

pytestmark = pytest.mark.django_db


def errors_of(version, language="en"):
    with translation.override(language), pytest.raises(ValidationError) as caught:
        version.full_clean()
    return caught.value.message_dict


def unsaved(work, label, effective, **fields):
    return ProtocolVersion(
        page=work,
        label=label,
        is_published=True,
        effective_date=day(effective) if effective else None,
        **fields,
    )


def test_overlapping_periods_in_force_are_refused(make_work, make_version):
    work = make_work()
    make_version(work, "2019", "2019-06-01", end_date=day("2021-12-31"))
    later = unsaved(work, "2021", "2021-07-01")
    errors = errors_of(later)
    assert "would be in force at the same time as version “2019”" in errors["effective_date"][0]
    assert ProtocolVersion.objects.filter(page=work).count() == 1


def test_two_versions_entering_into_force_the_same_day_are_refused(make_work, make_version):
    work = make_work()
    make_version(work, "2019", "2019-06-01")
    errors = errors_of(unsaved(work, "2019-bis", "2019-06-01"))
    assert "also enters into force on" in errors["effective_date"][0]


def test_repeal_that_reaches_into_the_next_version_is_an_overlap(make_work, make_version):
    work = make_work()
    make_version(
        work,
        "2019",
        "2019-06-01",
        repeal_date=day("2022-01-01"),
        repealing_instrument_type="decreto_supremo",
        repealing_instrument_number="000-2022-MIMP",
    )
    errors = errors_of(unsaved(work, "2021", "2021-07-01"))
    assert "effective_date" in errors


def test_effective_date_before_the_approval_date_is_refused(make_work):
    work = make_work()
    version = unsaved(work, "2020", "2020-01-01", approval_date=day("2020-02-01"))
    errors = errors_of(version)
    assert errors["effective_date"] == [
        "A version cannot enter into force (Jan. 1, 2020) before the instrument that approves "
        "it was issued (Feb. 1, 2020)."
    ]


def test_duplicate_label_within_a_work_is_refused(make_work, make_version):
    work = make_work()
    make_version(work, "v2", "2019-06-01")
    errors = errors_of(unsaved(work, "V2", "2022-01-01"))
    assert errors["label"] == ["Another version of this work already uses the label “v2”."]


def test_same_label_in_another_work_is_allowed(make_work, make_version):
    make_version(make_work(), "v2", "2019-06-01")
    other = make_work()
    unsaved(other, "v2", "2019-06-01").full_clean()


def test_repeal_without_repealing_instrument_is_refused(make_work):
    version = unsaved(make_work(), "2019", "2019-06-01", repeal_date=day("2022-01-01"))
    errors = errors_of(version)
    assert errors["repealing_instrument_number"] == [
        "A repeal needs the instrument that repeals it: give its type and number."
    ]


def test_repealing_instrument_without_repeal_date_is_refused(make_work):
    version = unsaved(
        make_work(),
        "2019",
        "2019-06-01",
        repealing_instrument_type="decreto_supremo",
        repealing_instrument_number="000-2022-MIMP",
    )
    assert "repeal_date" in errors_of(version)


def test_published_version_needs_an_effective_date(make_work):
    errors = errors_of(unsaved(make_work(), "2019", None))
    assert "effective_date" in errors


def test_draft_may_be_incomplete(make_work):
    ProtocolVersion(page=make_work(), label="borrador", is_published=False).full_clean()


def test_messages_are_translated_when_the_error_is_raised(make_work, make_version):
    work = make_work()
    make_version(work, "v2", "2019-06-01")
    with translation.override("es"):
        expected = gettext("Another version of this work already uses the label “%(label)s”.")
    errors = errors_of(unsaved(work, "v2", "2022-01-01"), language="es")
    assert errors["label"] == [expected % {"label": "v2"}]
