"""Builders shared by the interop tests: the knowledge and protocols builders, reused."""

import pytest

from tests.knowledge.conftest import (  # noqa: F401
    make_document,
    make_event,
    make_image,
    make_lesson,
    make_material,
    make_pilot,
    make_publication,
    sections,
)
from tests.protocols_library.conftest import library, make_version  # noqa: F401


@pytest.fixture
def make_work(library):  # noqa: F811
    """A protocol published through a revision, as an editor would."""
    import uuid

    from protocols_library.models import ProtocolWorkPage

    def make(title_es="Protocolo de prueba", title_en="Test protocol", **fields):
        slug = f"protocolo-{uuid.uuid4().hex[:8]}"
        work = ProtocolWorkPage(
            title_es=title_es, title_en=title_en, slug_es=slug, slug_en=f"{slug}-en", **fields
        )
        library.add_child(instance=work)
        work.save_revision().publish()
        work.refresh_from_db()
        return work

    return make


def republish(page):
    """Publishes the page's current state as a new revision (versions added in code included)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
