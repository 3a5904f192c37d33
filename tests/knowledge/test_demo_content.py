"""The demo as a reader meets it: lessons point to their report, files name their language,
and the glossary explains the acronyms and terms the demo's pages use."""

import re

import pytest
from django.utils import translation
from wagtail.models import Page

from core.demo import content
from core.models import GlossaryTerm, Institution
from core.templatetags.quipu_tags import language_name
from knowledge.demo import stories
from knowledge.models import LessonPage, PublicationPage

pytestmark = pytest.mark.django_db

DOWNLOAD_LINK = re.compile(r'<a href="[^"]*" download hreflang="(\w+)"[^>]*>(.*?)</a>', re.S)


def lessons_report():
    slug = next(row["slug_es"] for row in stories.PUBLICATIONS if row["key"] == "lecciones")
    return PublicationPage.objects.live().get(slug_es=slug)


def test_each_lesson_links_the_report_page_instead_of_carrying_its_file(client):
    report = lessons_report()
    lessons = list(LessonPage.objects.live())
    assert len(lessons) == len(stories.LESSONS)
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
    from knowledge.search import glossary_groups

    wordings = {name.casefold() for group in glossary_groups() for name, _languages in group}
    for spelling in ("CEM", "EESS", "ESS", "SSE", "HF", "VBG", "VGB", "GBV", "ROF", "OFR"):
        assert spelling.casefold() in wordings, spelling
    for spelling in ("MIMP", "CASE", "CSO", "feminicidio", "femicide", "femicidio"):
        assert spelling.casefold() in wordings, spelling


def test_every_demo_glossary_row_is_loaded_in_both_languages():
    for row in content.GLOSSARY:
        term = GlossaryTerm.objects.get(slug=row[0])
        assert term.term_es and term.term_en and term.expansion_es and term.expansion_en
        assert term.definition_es and term.definition_en
