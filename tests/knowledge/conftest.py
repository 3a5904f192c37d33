"""Fixtures of the knowledge tests: a site's sections, and builders of items in them.

The builders themselves are in tests/builders.py; these fixtures put the items in the
sections this test built.
"""

import datetime

import pytest

from tests import builders
from tests.builders import publish  # noqa: F401 (used by the tests of this folder)

serial = builders.serial


def day(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def sections(home):
    """The site's section pages, by kind, built for this test."""
    return builders.sections(home)


@pytest.fixture
def make_image():
    return builders.image


@pytest.fixture
def make_document():
    return builders.document


def in_section(build, section):
    def make(parent=None, **fields):
        return build(parent=parent or section, **fields)

    return make


@pytest.fixture
def make_lesson(sections):
    return in_section(builders.lesson, sections["lessons"])


@pytest.fixture
def make_event(sections):
    return in_section(builders.event, sections["events"])


@pytest.fixture
def make_pilot(sections):
    return in_section(builders.pilot, sections["pilots"])


@pytest.fixture
def make_practice():
    return builders.practice


@pytest.fixture
def make_material(sections):
    return in_section(builders.material, sections["training"])


@pytest.fixture
def make_publication(sections):
    return in_section(builders.publication, sections["publications"])


@pytest.fixture
def make_version(home):
    """A version of a protocol or OFR work in a library of its own."""
    library = builders.library(home)

    def make(kind="protocol", label="v1", approved="2020-03-01", published=True, work=None):
        if work is None:
            work = builders.work(library, revision=False, kind=kind)
        approval = day(approved)
        return builders.version(
            work,
            label=label,
            approved=approval,
            effective=approval + datetime.timedelta(days=10) if published else None,
            published=published,
        )

    return make
