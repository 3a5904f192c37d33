"""People in each editorial role, signed in, and the pages they work on."""

import pytest
from django.test import Client


@pytest.fixture
def people(db):
    """One account per editorial role, built for this test."""
    from tests import builders

    return {role: builders.user(role) for role in builders.ROLE_GROUPS}


@pytest.fixture
def signed_in(people):
    """A Django test client per role, already signed in."""
    clients = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


@pytest.fixture
def pages(home):
    """One page of each kind the roles work on, built here: a lesson, an event, a training
    material, a protocol with two versions, and each regional team's pilot (its section)."""
    from tests import builders

    sections = builders.sections(home)
    work = builders.work(title_es="Protocolo de actuación de prueba", title_en="Test protocol")
    builders.version(work, label="v1", effective="2019-01-15")
    builders.version(work, label="v2", effective="2021-06-01")
    work.save_revision().publish()
    work.refresh_from_db()
    piura = builders.pilot(
        sections["pilots"],
        title_es="Piloto multisectorial de Piura",
        relations={"regions": [builders.term("region", "piura")]},
    )
    ayacucho = builders.pilot(
        sections["pilots"],
        title_es="Piloto multisectorial de Ayacucho",
        relations={"regions": [builders.term("region", "ayacucho")]},
    )
    builders.grant_section("piura", piura)
    builders.grant_section("ayacucho", ayacucho)
    return {
        "lesson": builders.lesson(sections["lessons"], title_es="Grupos de trabajo de prueba"),
        "event": builders.event(sections["events"]),
        "material": builders.material(sections["training"]),
        "protocol": work,
        "piura": piura,
        "ayacucho": ayacucho,
    }


@pytest.fixture
def note_under(db):
    """Publishes a plain content page under a given page and returns it."""
    from core.models import StandardPage

    def make(parent):
        note = StandardPage(title_es="Nota publicada", slug_es=f"nota-{parent.pk}")
        parent.add_child(instance=note)
        note.save_revision().publish()
        return note

    return make
