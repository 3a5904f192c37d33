"""The demo: the CEM-EESS protocol in three states, the Piura and Ayacucho OFR, real files."""

import io

import pytest
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from core.demo.loader import ensure_collection
from protocols_library.demo import content, loader
from protocols_library.models import ProtocolWorkPage, VersionStatus

pytestmark = pytest.mark.django_db

CEM_EESS = "protocolo-actuacion-conjunta-cem-eess"


def load_into(library):
    """The demo works, built under a library of the test's own, as of the frozen day."""
    for spec in content.WORKS:
        loader.ensure_work(library, spec, ensure_collection(), timezone.localdate())
    return {work.slug_es: work for work in ProtocolWorkPage.objects.child_of(library)}


def pdf_text(document):
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("day_loaded", ["2024-06-15 17:00:00", "2031-01-10 17:00:00"])
def test_cem_protocol_is_superseded_in_force_and_upcoming_whenever_it_is_loaded(
    library, day_loaded
):
    with freeze_time(day_loaded):
        work = load_into(library)[CEM_EESS]
        timeline = work.timeline()
        assert {v.label: timeline.status_of(v) for v in timeline.versions} == {
            "v1": VersionStatus.SUPERSEDED,
            "v2": VersionStatus.IN_FORCE,
            "v3": VersionStatus.NOT_YET_IN_FORCE,
        }


def test_pilots_are_incorporated_into_the_piura_and_ayacucho_ofr(library):
    works = load_into(library).values()
    ofr = {work.regions.get().slug: work for work in works if work.kind == "ofr_instrument"}
    assert set(ofr) == {"piura", "ayacucho"}
    assert "Huamanga" in ofr["ayacucho"].title_es
    for region, work in ofr.items():
        in_force = work.version_in_force_on()
        assert in_force is not None
        assert in_force.approving_instrument.startswith("O.R. N.° ")
        assert in_force.approving_body.slug == f"gore-{region}"
        for version in work.versions.all():
            assert version.label == str(version.approval_date.year)


def test_every_version_has_both_languages_and_pdfs_with_its_own_text(library):
    for work in load_into(library).values():
        assert work.title_en and work.description_en
        for version in work.versions.all():
            assert version.change_summary_es and version.change_summary_en
            for language in ("es", "en"):
                sections = version.text_in(language)
                assert len(sections) >= 3
                document = version.pdf_in(language)
                assert document.language == language
                text = pdf_text(document)
                for block in sections:
                    assert block.value["heading"] in text
                first_words = " ".join(sections[-1].value["body"].source[3:].split()[:6])
                assert first_words in text


def test_invented_instrument_numbers_are_marked_as_demo_data(library, client):
    work = load_into(library)[CEM_EESS]
    for version in work.versions.all():
        assert version.is_demo_reference
        assert "(dato de demostración)" in pdf_text(version.pdf_es)
        assert "(demo data)" in pdf_text(version.pdf_en)
    html = client.get(work.url_in("en")).content.decode()
    assert 'class="demo-mark">(demo data)</strong>' in html


def test_demo_pages_answer_in_both_languages(client):
    work = ProtocolWorkPage.objects.get(slug_es=CEM_EESS)
    library = work.get_parent().specific
    for page in [library, *ProtocolWorkPage.objects.child_of(library)]:
        for language in ("es", "en"):
            assert client.get(page.url_in(language)).status_code == 200


def test_loading_the_demo_again_creates_nothing():
    created = {}
    loader.load(lambda label, count: created.__setitem__(label, count))
    assert set(created.values()) == {0}
    assert ProtocolWorkPage.objects.filter(slug_es=CEM_EESS).count() == 1
