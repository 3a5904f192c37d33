"""Versioned works in search: the version in force at the work's address, others on request."""

import datetime
import io
import uuid

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from protocols_library.models import ProtocolLibraryPage, ProtocolVersion, ProtocolWorkPage
from search import get_engine
from search.adapters import documents_for_page
from search.query import Filters, SearchQuery

pytestmark = pytest.mark.django_db


def section(text):
    return [
        {
            "type": "section",
            "id": str(uuid.uuid4()),
            "value": {"heading": "Objeto", "body": f"<p>{text}</p>"},
        }
    ]


@pytest.fixture
def work(home, django_capture_on_commit_callbacks):
    library = ProtocolLibraryPage(title_es="Biblioteca de búsqueda", slug_es="biblioteca-busqueda")
    home.add_child(instance=library)
    work = ProtocolWorkPage(
        title_es="Protocolo quipuversionado",
        title_en="Protocol quipuversionado",
        slug_es="protocolo-quipuversionado",
        slug_en="protocol-quipuversionado",
    )
    library.add_child(instance=work)
    for label, effective, published, text in (
        ("2017", "2017-03-01", True, "Texto antiguo quipuantiguo."),
        ("2021", "2021-05-10", True, "Texto vigente quipuvigente."),
        ("2030", "2030-01-01", True, "Texto futuro quipufuturo."),
        ("borrador", None, False, "Texto borrador quipuborradorv."),
    ):
        date = datetime.date.fromisoformat(effective) if effective else None
        ProtocolVersion.objects.create(
            page=work,
            label=label,
            is_published=published,
            effective_date=date,
            approval_date=date - datetime.timedelta(days=5) if date else None,
            approving_instrument_type="resolucion_ministerial",
            approving_instrument_number=f"{label}-MIMP",
            sections_es=section(text),
            sections_en=section(text.replace("Texto", "Text")),
        )
    with django_capture_on_commit_callbacks(execute=True):
        work.save_revision().publish()
    return work


def search(text, language="es", **options):
    return get_engine().search(SearchQuery(text=text, language=language, **options))


@freeze_time("2024-06-01")
def test_work_address_carries_the_version_in_force(work):
    results = search("quipuversionado")
    (hit,) = results.hits
    assert hit.url == work.url_in("es")
    assert hit.status == "in_force"
    assert search("quipuvigente").total == 1
    assert search("quipuantiguo").total == 0
    assert search("quipufuturo").total == 0


@freeze_time("2024-06-01")
def test_other_versions_on_request_with_their_status(work):
    results = search("quipuversionado", include_versions=True)
    statuses = {hit.status for hit in results.hits}
    assert statuses == {"in_force", "superseded", "not_yet_in_force"}
    old = next(hit for hit in results.hits if hit.status == "superseded")
    assert not old.is_current
    assert old.url.endswith("/2017/")
    only_future = search(
        "quipuversionado", include_versions=True, filters=Filters(status=("not_yet_in_force",))
    )
    assert [hit.status for hit in only_future.hits] == ["not_yet_in_force"]


@freeze_time("2024-06-01")
def test_draft_versions_are_never_indexed(work):
    assert search("quipuborradorv", include_versions=True).total == 0
    assert not any("borrador" in document.url for document in documents_for_page(work))


@freeze_time("2024-06-01")
def test_citation_of_the_instrument_is_searchable(work):
    assert search('"2021-MIMP"').total == 1


def test_the_daily_switch_reindexes_the_work(work, django_capture_on_commit_callbacks):
    with freeze_time("2029-12-31"):
        get_engine().sync([f"page:{work.pk}"])
        assert search("quipuvigente").total == 1
    with freeze_time("2030-01-01 08:00:00"), django_capture_on_commit_callbacks(execute=True):
        call_command("versions_changed_status", stdout=io.StringIO())
    with freeze_time("2030-01-01 08:00:00"):
        assert search("quipufuturo").total == 1
        assert search("quipuvigente").total == 0
