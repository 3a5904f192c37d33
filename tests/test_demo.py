"""The demo: what `load_demo` builds, read as a reader, an editor and a search meet it.

Every assertion about the demo's own content (its pages, files, counts, glossary, protocols,
vocabulary, and that loading it again creates nothing) lives here; the rest of the suite builds
its own data (tests/builders.py). These tests run on the demo loaded once (the `demo`
fixture), after all the others.
"""

import io
import os
import re

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.html import strip_tags
from freezegun import freeze_time
from pypdf import PdfReader
from wagtail.models import Page

from core.demo.lookup import stored_name_pattern
from core.demo.records import Loader, declared
from core.models import GlossaryTerm, Institution
from core.templatetags.quipu_tags import language_name
from knowledge.models import (
    EventPage,
    EventPhoto,
    LessonPage,
    PilotPage,
    PublicationPage,
    TrainingMaterialPage,
)
from protocols_library.models import ProtocolLibraryPage, ProtocolWorkPage, VersionStatus
from tests import builders
from tests.knowledge.test_training_downloads import archive_of, streamed
from tests.search.test_views import page as search_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def get_html(client, page, language):
    response = client.get(page.url_in(language))
    assert response.status_code == 200, page.url_in(language)
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    return html


def related_box(html):
    match = re.search(r'<aside class="related".*?</aside>', html, re.S)
    return match.group(0) if match else ""


@pytest.fixture
def library(home):
    return builders.library(home)


def test_loading_the_demo_again_creates_nothing():
    created = {}

    def report(label, count):
        created[label] = created.get(label, 0) + count

    Loader(report).load()
    assert created and not any(created.values()), created


def demo_data_files():
    """Every data file of every installed app's demo."""
    from core.demo.reader import data_files

    return [path for config in apps.get_app_configs() for path in data_files(config.path)]


def test_the_demo_content_is_data_files_without_python():
    """Content lives in YAML files read safely: no tag (such as !!python/object) that would
    build an object, and no Python source beside them."""
    files = demo_data_files()
    assert {path.parent.parent.parent.name for path in files} >= {
        "core",
        "knowledge",
        "protocols_library",
        "editorial",
    }
    for path in files:
        text = path.read_text(encoding="utf-8")
        tags = [token for token in yaml.scan(text) if isinstance(token, yaml.TagToken)]
        assert tags == [], path
        assert isinstance(yaml.safe_load(text), dict), path
        for line in text.splitlines():
            assert not re.match(r"\s*(def|class|import|from \S+ import) ", line), (path, line)
    for folder in {path.parent for path in files}:
        assert {item.suffix for item in folder.iterdir()} == {".yaml"}, folder


def test_dates_in_the_demo_data_count_from_the_day_of_loading():
    import datetime

    from core.demo.reader import day

    loaded = datetime.date(2031, 1, 10)
    assert day("today-400d", loaded) == datetime.date(2029, 12, 6)
    assert day("today+60d", loaded) == datetime.date(2031, 3, 11)
    assert day("today", loaded) == loaded
    assert day("2019-06-18", loaded) == datetime.date(2019, 6, 18)
    assert day(datetime.date(2019, 6, 18), loaded) == datetime.date(2019, 6, 18)
    assert day(None, loaded) is None
    with pytest.raises(ValueError):
        day("yesterday", loaded)


def count_everything():
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "core",
            "knowledge",
            "protocols_library",
            "wagtailcore",
            "wagtailimages",
            "wagtaildocs",
            "auth",
        }
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_load_demo_again_changes_and_duplicates_nothing():
    first = count_everything()
    call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))
    assert count_everything() == first
    assert first["wagtailcore.Page"] >= 5
    assert first["core.GlossaryTerm"] >= 8
    assert first["core.QuipuImage"] == 9


def test_demo_illustrations_carry_bilingual_captions_and_an_illustration_credit():
    from core.models import QuipuImage

    image = QuipuImage.objects.get(file__regex=stored_name_pattern("demo-ayacucho-2019-taller.png"))
    assert "Capacitaciòn de operadores/as" in image.caption_es
    assert "Training of operators" in image.caption_en
    assert "no es una fotografía" in image.credit_es
    assert "not a photograph" in image.credit_en


def test_demo_documents_hold_real_extracted_text():
    from core.models import QuipuDocument

    document = QuipuDocument.objects.get(file__regex=stored_name_pattern("lessons-learned-en.pdf"))
    assert document.language == "en"
    assert document.has_searchable_text
    assert "Organization and Functions Regulations" in document.extracted_text.replace("\n", " ")


def test_the_demo_builds_both_languages_of_every_public_page(client):
    pages = list(Page.objects.live().public().filter(depth__gt=1).specific())
    # The femicide course's two editions are one page.
    assert len(pages) >= 39
    for item in pages:
        for language in ("es", "en"):
            url = item.url_in(language)
            assert client.get(url).status_code == 200, url


def test_the_demo_gives_each_editorial_role_a_place():
    """The regional teams' sections are their pilots' pages."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    for group_name, region in (
        ("Regional editors: Piura", "piura"),
        ("Regional editors: Ayacucho", "ayacucho"),
    ):
        pilot = PilotPage.objects.filter(regions__slug=region).order_by("path").first()
        granted = GroupPagePermission.objects.filter(
            group=Group.objects.get(name=group_name), page=pilot
        )
        assert {grant.permission.codename for grant in granted} == {"add_page", "change_page"}


# Lessons, events, pilots, materials, publications --------------------------------------------


DEMO_PAGES = [
    # (model, Spanish slug, related item expected in the box: (Spanish title, English title))
    (
        LessonPage,
        "grupos-de-trabajo",
        (
            "Piloto multisectorial de Ayacucho (Huamanga)",
            "Ayacucho (Huamanga) multisectoral pilot",
        ),
    ),
    (
        EventPage,
        "reunion-grupo-de-trabajo-case-huamanga",
        ("Grupos de trabajo interinstitucionales", "Inter-institutional working groups"),
    ),
    (
        PilotPage,
        "piloto-multisectorial-ayacucho-huamanga",
        (
            "Reunión de trabajo del Grupo de trabajo del Centro de Atención Socioemocional "
            "(CASE-Huamanga)",
            "Working meeting of the Working Group of the Centre for Socio-Emotional Care "
            "(CASE-Huamanga)",
        ),
    ),
    (
        TrainingMaterialPage,
        "capacitacion-operadores-protocolo-cem-eess",
        (
            "Capacitación conjunta de los CEM y los establecimientos de salud",
            "Joint training of CEM teams and health facilities",
        ),
    ),
    (
        PublicationPage,
        "informe-si-se-ve-escuelas-seguras",
        (
            "Presentación del Informe «Escuelas seguras y libres de violencia» - «Si se Ve» (2017)",
            "Presentation of the Report “Safe and violence-free schools” - “Si se Ve” (2017)",
        ),
    ),
]


@pytest.mark.parametrize(("model", "slug", "related"), DEMO_PAGES)
def test_each_page_type_renders_in_both_languages_with_its_related_items(
    client, model, slug, related
):
    page = model.objects.get(slug_es=slug)
    for language, related_title in zip(("es", "en"), related, strict=True):
        html = get_html(client, page, language)
        title = getattr(page, f"title_{language}")
        assert f"<h1>{title}</h1>" in html
        box = related_box(html)
        assert related_title in box, (language, box[:400])


def test_the_demo_has_every_lesson_event_and_both_pilots():
    assert LessonPage.objects.live().count() == 10
    assert EventPage.objects.live().count() == 8
    assert set(PilotPage.objects.values_list("slug_es", flat=True)) == {
        "piloto-multisectorial-piura",
        "piloto-multisectorial-ayacucho-huamanga",
    }
    captions_shown = set(EventPhoto.objects.values_list("image__file", flat=True).distinct())
    assert len(captions_shown) == 9


def test_the_ayacucho_story_runs_from_working_meeting_to_lesson_to_instrument(client):
    meeting = EventPage.objects.get(slug_es="reunion-grupo-de-trabajo-case-huamanga")
    pilot = PilotPage.objects.get(slug_es="piloto-multisectorial-ayacucho-huamanga")
    lesson = LessonPage.objects.get(slug_es="grupos-de-trabajo")
    assert pilot.url_in("en") in related_box(get_html(client, meeting, "en"))
    pilot_html = get_html(client, pilot, "en")
    assert f'href="{lesson.url_in("en")}"' in pilot_html
    assert f'href="{meeting.url_in("en")}"' in related_box(pilot_html)
    # ...and on to the version of the regional OFR that adopted the working group.
    practice = pilot.practices.get(lesson=lesson)
    ofr = practice.incorporated_in
    assert ofr is not None and ofr.page.kind == "ofr_instrument"
    assert f'href="{ofr.page.version_url(ofr, "en")}"' in pilot_html
    assert "Incorporated into an OFR" in pilot_html


def test_a_demo_gallery_shows_the_programmes_own_captions(client):
    forum = EventPage.objects.get(slug_es="foro-publico-respuesta-multisectorial-lima-2019")
    spanish = get_html(client, forum, "es")
    english = get_html(client, forum, "en")
    assert spanish.count("<figure") == 2 and english.count("<figure") == 2
    assert "Representantes del Ministerio de la Mujer y del Sistema de Naciones Unidas" in spanish
    assert "Representatives of the Ministry of Women and the United Nations System" in english


def test_every_lesson_tells_its_own_context_evidence_recommendation_and_date():
    """Each lesson stands on its own part of the report, not on text shared by all ten."""
    lessons = list(LessonPage.objects.live())
    assert len(lessons) == 10
    for name in ("context", "evidence", "recommendation"):
        for language in ("es", "en"):
            texts = [strip_tags(getattr(lesson, f"{name}_{language}")) for lesson in lessons]
            assert all(texts), (name, language)
            assert len(set(texts)) == len(lessons), (name, language)
            assert not any("demo" in text.casefold() for text in texts), (name, language)
    assert len({lesson.date for lesson in lessons}) == len(lessons)


def test_each_lesson_links_the_pilots_it_speaks_of():
    """A lesson links the pilots its statement names and those whose practices cite it, so
    the lesson and the pilot lead to each other."""
    piura = PilotPage.objects.get(slug_es="piloto-multisectorial-piura")
    ayacucho = PilotPage.objects.get(slug_es="piloto-multisectorial-ayacucho-huamanga")
    places = {"Piura": piura, "Ayacucho": ayacucho, "Huamanga": ayacucho}
    expected = {}
    for lesson in LessonPage.objects.live():
        named = {pilot for place, pilot in places.items() if place in lesson.statement_en}
        expected[lesson] = named
    for pilot in (piura, ayacucho):
        for practice in pilot.practices.all():
            if practice.lesson_id:
                expected[practice.lesson.specific].add(pilot)
    assert sum(len(pilots) for pilots in expected.values()) >= 8
    for lesson, pilots in expected.items():
        assert pilots <= set(lesson.pilots.all()), lesson.slug_es


def test_the_demo_shows_an_updated_lesson():
    lesson = LessonPage.objects.get(slug_es="institucionalizacion-pilotos")
    update = lesson.latest_update()
    assert update is not None
    assert "ROF" in lesson.change_note_es and "OFR" in lesson.change_note_en


# Files, the report and the glossary ---------------------------------------------------------


DOWNLOAD_LINK = re.compile(r'<a href="[^"]*" download hreflang="(\w+)"[^>]*>(.*?)</a>', re.S)


def lessons_report():
    """The publication every lesson is drawn from."""
    cited = [set(row["publications"]["slug_es"]) for row in declared("knowledge.LessonPage")]
    (slug,) = set.intersection(*cited)
    return PublicationPage.objects.live().get(slug_es=slug)


def test_each_lesson_links_the_report_page_instead_of_carrying_its_file(client):
    report = lessons_report()
    lessons = list(LessonPage.objects.live())
    assert len(lessons) == len(declared("knowledge.LessonPage"))
    for lesson in lessons:
        assert lesson.source_document is None
        assert report in lesson.publications.all()
        for language in ("es", "en"):
            html = client.get(lesson.url_in(language)).content.decode()
            evidence = html[html.index('class="prose"') :]
            assert f'href="{report.url_in(language)}"' in evidence, (lesson.slug_es, language)
            assert 'class="document-link' not in html, (lesson.slug_es, language)


def test_the_report_page_still_lists_every_lesson_drawn_from_it(client):
    report = lessons_report()
    html = client.get(report.url_in("en")).content.decode()
    for lesson in LessonPage.objects.live():
        assert f'href="{lesson.url_in("en")}"' in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_file_on_every_demo_page_names_its_language(client, language):
    """No page offers a file in the other language as if it were in the reader's own."""
    offered = 0
    for page in Page.objects.live().specific().filter(depth__gt=1):
        if not hasattr(page, "url_in"):
            continue
        response = client.get(page.url_in(language))
        if response.status_code != 200:
            continue
        for file_language, text in DOWNLOAD_LINK.findall(response.content.decode()):
            offered += 1
            with translation.override(language):
                name = language_name(file_language)
            assert f", {name})" in text, (page.url_in(language), text)
    assert offered >= 10


def test_the_glossary_explains_every_institution_acronym_of_the_demo():
    terms = {(term.term_es, term.term_en) for term in GlossaryTerm.objects.all()}
    spanish = {term_es for term_es, _term_en in terms}
    english = {term_en for _term_es, term_en in terms}
    for institution in Institution.objects.all():
        assert institution.acronym_es.split()[0] in spanish, institution.acronym_es
        assert institution.acronym_en.split()[0] in english, institution.acronym_en


def test_the_glossary_knows_the_spellings_the_programme_uses():
    """The report's acronyms and its captions' variants (VGB, CEM-ESS, CEM-SSE) are wordings."""
    from core.search import glossary_groups

    wordings = {name.casefold() for group in glossary_groups() for name, _languages in group}
    for spelling in ("CEM", "EESS", "ESS", "SSE", "HF", "VBG", "VGB", "GBV", "ROF", "OFR"):
        assert spelling.casefold() in wordings, spelling
    for spelling in ("MIMP", "CASE", "CSO", "feminicidio", "femicide", "femicidio"):
        assert spelling.casefold() in wordings, spelling


def test_every_demo_glossary_row_is_loaded_in_both_languages():
    for row in declared("core.GlossaryTerm"):
        term = GlossaryTerm.objects.get(slug=row["slug"])
        assert term.term_es and term.term_en and term.expansion_es and term.expansion_en
        assert term.definition_es and term.definition_en


def test_the_demo_modules_download_in_both_languages(client):
    material = TrainingMaterialPage.objects.get(
        slug_es="capacitacion-operadores-protocolo-cem-eess"
    )
    for language in ("es", "en"):
        archive = archive_of(streamed(client.get(material.archive_url(language))))
        expected = [document.filename for document in material.documents_in(language)]
        assert len(expected) == 2
        assert sorted(archive.namelist()) == sorted(expected)


# Protocols and OFR instruments ---------------------------------------------------------------


CEM_EESS = "protocolo-actuacion-conjunta-cem-eess"


def load_into(library):
    """The demo works, built under a library of the test's own, as of the frozen day."""
    loader = Loader(
        lambda label, count: None,
        today=timezone.localdate(),
        stand_ins={ProtocolLibraryPage._meta.label: library},
    )
    loader.load(app_labels={"protocols_library"})
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
        assert "(dato de demostración)" in pdf_text(version.pdf_in("es"))
        assert "(demo data)" in pdf_text(version.pdf_in("en"))
    html = client.get(work.url_in("en")).content.decode()
    assert 'class="demo-mark">(demo data)</strong>' in html


def test_demo_pages_answer_in_both_languages(client):
    work = ProtocolWorkPage.objects.get(slug_es=CEM_EESS)
    library = work.get_parent().specific
    for page in [library, *ProtocolWorkPage.objects.child_of(library)]:
        for language in ("es", "en"):
            assert client.get(page.url_in(language)).status_code == 200


def test_loading_the_protocols_demo_again_creates_nothing():
    created = {}
    Loader(lambda label, count: created.__setitem__(label, count)).load(
        app_labels={"protocols_library"}
    )
    assert created and set(created.values()) == {0}
    assert ProtocolWorkPage.objects.filter(slug_es=CEM_EESS).count() == 1


# The demo's vocabulary on the search page -----------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [("es", "femicidio"), ("es", "femicide"), ("en", "feminicidio"), ("en", "feminicide")],
)
@pytest.mark.usefixtures("indexed_demo")
def test_the_femicide_course_is_found_by_any_name_of_the_crime(client, language, text):
    html = search_page(client, language, q=text)
    course = TrainingMaterialPage.objects.get(slug_es="curso-procesamiento-casos-feminicidio")
    assert f'class="result__title"><a href="{course.url_in(language)}"' in html, text


@pytest.mark.usefixtures("indexed_demo")
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_file_found_inside_a_result_names_its_language(client, language):
    phrase = '"generado por Quipu"' if language == "es" else '"generated by Quipu"'
    html = search_page(client, language, q=phrase)
    files = re.findall(
        r'<a href="[^"]+" hreflang="(\w+)">[^<]*</a> <span class="result__file-type">'
        r"\((?:PDF|DOCX), (\w+)\)</span>",
        html,
    )
    assert files
    names = {"es": {"es": "español", "en": "inglés"}, "en": {"es": "Spanish", "en": "English"}}
    for file_language, shown in files:
        assert shown == names[language][file_language]


def test_no_english_lesson_result_carries_the_spanish_report():
    from search.indexing import all_documents

    lessons = {f"page:{pk}" for pk in LessonPage.objects.values_list("pk", flat=True)}
    for document in all_documents():
        if document.object_key in lessons:
            assert document.attachments == [], document.key
