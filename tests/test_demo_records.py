"""The demo loader (core/demo/records.py) on records of the test's own: it creates what is
missing, leaves what exists untouched, resolves references and computed values, and says
clearly what it cannot follow. The demo's own content is tested in tests/test_demo.py."""

import datetime

import pytest

from core.demo.records import DemoDataError, Loader
from core.models import Institution, Sector, StandardPage

pytestmark = pytest.mark.django_db

LOADED = datetime.date(2031, 1, 10)


def loader():
    return Loader(lambda label, created: None, today=LOADED)


SECTOR = {
    "model": "core.Sector",
    "find": {"slug": "prueba"},
    "fields": {"name_es": "Prueba", "name_en": "Test"},
}


def test_a_record_is_created_once_and_an_existing_object_is_left_as_it_is():
    assert loader().apply(SECTOR) == ("sectors", 1)
    Sector.objects.filter(slug="prueba").update(name_en="Renamed by an editor")
    assert loader().apply(SECTOR) == ("sectors", 0)
    sector = Sector.objects.get(slug="prueba")
    assert (sector.name_es, sector.name_en) == ("Prueba", "Renamed by an editor")


def test_references_are_found_by_their_natural_key():
    loader().apply(SECTOR)
    record = {
        "model": "core.Institution",
        "find": {"slug": "inst-prueba"},
        "fields": {
            "name_es": "Institución",
            "name_en": "Institution",
            "sector": {"ref": "core.Sector", "slug": "prueba"},
        },
    }
    loader().apply(record)
    assert Institution.objects.get(slug="inst-prueba").sector.slug == "prueba"


def test_a_page_is_added_under_its_parent_published_with_dates_from_the_day_of_loading(home):
    record = {
        "model": "core.StandardPage",
        "find": {"parent": {"ref": "core.HomePage"}, "slug_es": "pagina-prueba"},
        "fields": {"slug_en": "test-page", "title_es": "Página", "title_en": "Page"},
        "revisions": [{"intro_es": "Segunda versión", "intro_en": "Second version"}],
    }
    loader().apply(record)
    page = StandardPage.objects.child_of(home).get(slug_es="pagina-prueba")
    assert page.live and page.revisions.count() == 2
    assert page.intro_en == "Second version"
    assert loader().apply(record)[1] == 0
    assert StandardPage.objects.filter(slug_es="pagina-prueba").count() == 1


def test_an_update_changes_only_what_the_same_run_created(home):
    first = loader()
    record = {
        "model": "core.StandardPage",
        "find": {"parent": {"ref": "core.HomePage"}, "slug_es": "pagina-prueba"},
        "fields": {"slug_en": "test-page", "title_es": "Página", "title_en": "Page"},
    }
    update = {
        "update": {"ref": "core.StandardPage", "slug_es": "pagina-prueba"},
        "fields": {"intro_en": "Linked"},
    }
    first.apply(record)
    assert first.apply(update)[1] == 1
    assert StandardPage.objects.get(slug_es="pagina-prueba").intro_en == "Linked"
    StandardPage.objects.filter(slug_es="pagina-prueba").update(intro_en="Edited")
    assert loader().apply(update)[1] == 0
    assert StandardPage.objects.get(slug_es="pagina-prueba").intro_en == "Edited"


def test_computed_values_count_from_the_day_of_loading():
    values = loader()
    assert values.value({"year": "today-400d"}) == 2029
    assert values.value({"date": "today+60d", "language": "en"}) == "March 11, 2031"
    assert values.value({"date": "2019-06-18", "language": "es"}) == "18 de junio de 2019"
    text = {"format": "N.° 001-{year}", "with": {"year": {"year": "2020-09-14"}}}
    assert values.value(text) == "N.° 001-2020"
    # A dict that is not a computed value (a stream block's value) is kept, resolved inside.
    block = {"text": "Heading", "level": "h2"}
    assert values.value(block) == block


def test_what_the_loader_cannot_follow_is_named():
    with pytest.raises(DemoDataError, match=r"core\.Nothing"):
        loader().apply({"model": "core.Nothing", "find": {"slug": "x"}})
    with pytest.raises(DemoDataError, match="no-such-sector"):
        loader().value({"ref": "core.Sector", "slug": "no-such-sector"})
    with pytest.raises(DemoDataError, match="no-such-sector"):
        loader().value({"refs": "core.Sector", "slug": ["no-such-sector"]})
