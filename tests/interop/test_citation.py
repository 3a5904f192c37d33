"""Cite this: the reference, RIS, BibTeX and CSL-JSON downloads, and citation_* meta tags."""

import json

import bibtexparser
import pytest
from lxml import html as lxml_html
from wagtail.models import PageViewRestriction

from core.models import Institution
from knowledge.models import PublicationFile
from tests.interop.conftest import republish

pytestmark = pytest.mark.django_db


def meta(html_text, name):
    tree = lxml_html.fromstring(html_text)
    return [node.get("content") for node in tree.xpath(f'//meta[@name="{name}"]')]


@pytest.fixture
def report(make_publication, make_document):
    pdf_es = make_document(language="es")
    pdf_en = make_document(language="en")
    unfpa = Institution.objects.create(
        name_es="Fondo de Población", name_en="Population Fund", acronym="UNFPA", slug="unfpa-c"
    )
    page = make_publication(
        title_es="Si se Ve: violencia en la escuela & {llaves}",
        title_en="Si se Ve: violence at school",
        authors_es="Ana Pérez; Equipo 100% Seguro",
        publication_date="2019-11-20",
        relations={"institutions": [unfpa]},
    )
    page.files = [PublicationFile(document=pdf_es), PublicationFile(document=pdf_en)]
    return republish(page), pdf_es, pdf_en


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def test_publication_page_offers_a_reference_and_three_downloads(client, report):
    page, _es, _en = report
    html = client.get(page.url_in("es")).content.decode()
    assert "Cómo citar" in html
    tree = lxml_html.fromstring(html)
    reference = tree.xpath('//p[@class="cite__reference"]')[0].text_content()
    assert reference.startswith("Ana Pérez; Equipo 100% Seguro (2019).")
    assert "Si se Ve: violencia en la escuela" in reference
    assert f"http://testserver{page.url_in('es')}" in reference
    links = tree.xpath('//p[@class="cite__downloads"]/a/@href')
    assert links == [
        f"/es/cite/page/{page.pk}.ris",
        f"/es/cite/page/{page.pk}.bib",
        f"/es/cite/page/{page.pk}.json",
    ]
    english = lxml_html.fromstring(client.get(page.url_in("en")).content)
    reference = english.xpath('//p[@class="cite__reference"]')[0].text_content()
    assert "Si se Ve: violence at school" in reference


def test_bibtex_export_parses_with_special_characters(client, report):
    page, _es, _en = report
    response = download(client, f"/es/cite/page/{page.pk}.bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport"
    fields = {field.key: field.value for field in entry.fields}
    assert "Si se Ve: violencia en la escuela \\& \\{llaves\\}" in fields["title"]
    assert fields["year"] == "2019"
    assert "Equipo 100\\% Seguro" in fields["author"]
    assert fields["url"] == f"http://testserver{page.url_in('es')}"


def test_ris_export_has_type_authors_and_url(client, report):
    page, _es, _en = report
    text = download(client, f"/en/cite/page/{page.pk}.ris").content.decode()
    lines = text.splitlines()
    assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  - "
    assert "TI  - Si se Ve: violence at school" in lines
    assert "AU  - Ana Pérez" in lines and "AU  - Equipo 100% Seguro" in lines
    assert "PY  - 2019" in lines
    assert f"UR  - http://testserver{page.url_in('en')}" in lines


def test_csl_json_export_is_formatted_by_a_csl_processor(client, report):
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    page, _es, _en = report
    items = json.loads(download(client, f"/en/cite/page/{page.pk}.json").content)
    assert items[0]["type"] == "report"
    assert items[0]["issued"] == {"date-parts": [[2019, 11, 20]]}
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    (entry,) = [str(item) for item in bibliography.bibliography()]
    assert "2019" in entry
    assert "Si se Ve: violence at school" in entry
    assert "Ana Pérez" in entry


def test_citation_meta_tags_and_dublin_core_on_the_page(client, report):
    page, _pdf_es, pdf_en = report
    html = client.get(page.url_in("en")).content.decode()
    assert meta(html, "citation_title") == ["Si se Ve: violence at school"]
    assert meta(html, "citation_author") == ["Ana Pérez", "Equipo 100% Seguro"]
    assert meta(html, "citation_publication_date") == ["2019/11/20"]
    assert meta(html, "citation_pdf_url") == [f"http://testserver{pdf_en.url}"]
    assert meta(html, "citation_language") == ["en"]
    assert meta(html, "DC.title") == ["Si se Ve: violence at school"]
    assert "eng" in meta(html, "DC.language")
    assert "info:eu-repo/semantics/report" in meta(html, "DC.type")
    assert 'rel="schema.DC"' in html


def test_lessons_training_and_versions_are_citable(
    client, make_lesson, make_material, make_work, make_version
):
    lesson = make_lesson(title_en="Coordination saves time")
    html = client.get(lesson.url_in("en")).content.decode()
    assert meta(html, "citation_title") == ["Coordination saves time"]
    assert download(client, f"/en/cite/page/{lesson.pk}.ris").content.startswith(b"TY  - GEN")

    material = make_material(edition_en="2nd edition")
    bib = download(client, f"/en/cite/page/{material.pk}.bib").content.decode()
    entry = bibtexparser.parse_string(bib).entries[0]
    assert entry.entry_type == "book" and entry.fields_dict["edition"].value == "2nd edition"

    work = make_work()
    version = make_version(work, "2020", "2020-03-01")
    republish(work)
    html = client.get(work.version_url(version, "es")).content.decode()
    assert meta(html, "citation_title") == ["Protocolo de prueba (versión 2020)"]
    assert meta(html, "citation_technical_report_number") == [version.approving_instrument]
    items = json.loads(download(client, f"/es/cite/version/{version.pk}.json").content)
    assert items[0]["type"] == "legislation" and items[0]["number"] == version.approving_instrument


def test_nothing_hidden_can_be_cited(client, make_lesson, make_work, make_version):
    hidden = make_lesson()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    assert client.get(f"/es/cite/page/{hidden.pk}.ris").status_code == 404
    work = make_work()
    draft = make_version(work, "borrador", None, published=False)
    republish(work)
    assert client.get(f"/es/cite/version/{draft.pk}.bib").status_code == 404
    assert client.get(f"/es/cite/page/{work.get_parent().pk}.ris").status_code == 404
    lesson = make_lesson()
    assert client.get(f"/es/cite/page/{lesson.pk}.docx").status_code == 404
