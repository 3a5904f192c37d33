"""What the public pages say: the glossary in both languages, lessons read back from their
publication, versions named with their status and demo mark, alt text that is not the caption."""

import re

import pytest

from core.models import GlossaryTerm
from tests import builders

pytestmark = pytest.mark.django_db


def test_glossary_shows_each_terms_equivalent_in_the_other_language(client, home):
    term = GlossaryTerm.objects.create(
        slug="prueba-vbg",
        term_es="VBGX",
        term_en="GBVX",
        expansion_es="Violencia basada en género (prueba)",
        expansion_en="Gender-based violence (test)",
    )
    glossary = builders.glossary_page(home)

    english = client.get(glossary.url_in("en")).content.decode()
    entry = english[english.index(f'id="{term.slug}"') :]
    entry = entry[: entry.index("</div>")]
    assert "GBVX" in entry and "Gender-based violence (test)" in entry
    assert "In Spanish:" in entry
    assert re.search(r'<span lang="es"><strong>VBGX</strong> — Violencia basada en género', entry)

    spanish = client.get(glossary.url_in("es")).content.decode()
    entry = spanish[spanish.index(f'id="{term.slug}"') :]
    entry = entry[: entry.index("</div>")]
    assert "En inglés:" in entry
    assert re.search(r'<span lang="en"><strong>GBVX</strong> — Gender-based violence', entry)


def test_publication_links_the_lessons_drawn_from_its_files(
    client, make_document, make_publication, make_lesson
):
    from knowledge.models import PublicationFile

    report = make_document("es", "pdf", "Informe de lecciones")
    publication = make_publication()
    publication.files = [PublicationFile(document=report)]
    publication.save_revision().publish()
    drawn = make_lesson(source_document=report)
    unrelated = make_lesson()

    html = client.get(publication.url_in("en")).content.decode()
    related = html[html.index('class="related__group related__group--lessons"') :]
    related = related[: related.index("</section>")]
    assert f'href="{drawn.url_in("en")}"' in related
    assert f'href="{unrelated.url_in("en")}"' not in related


def test_links_to_versions_carry_their_status_and_demo_mark(client, make_lesson, make_version):
    old = make_version(label="v1", approved="2019-01-01")
    old.is_demo_reference = True
    old.save()
    make_version(label="v2", approved="2021-01-01", work=old.page)
    lesson = make_lesson(relations={"protocol_versions": [old]})

    html = client.get(lesson.url_in("en")).content.decode()
    related = html[html.index('<aside class="related"') :]
    item = re.search(r"<li><a [^>]*>[^<]*— v1[^<]*</a>.*?</li>", related, re.S).group(0)
    assert '<strong class="demo-mark">(demo data)</strong>' in item
    assert 'class="status status--superseded"' in item


def test_figure_alt_text_never_repeats_its_caption(client, make_image, make_lesson):
    same = make_image(caption_es="Taller en Piura", caption_en="Workshop in Piura")
    same.description_en = "Workshop in Piura"
    same.save()
    described = make_image(caption_es="Foro en Lima", caption_en="Forum in Lima")
    described.description_en = "Six people seated behind a table under a blue banner"
    described.save()
    first = make_lesson(image=same)
    second = make_lesson(image=described)

    html = client.get(first.url_in("en")).content.decode()
    assert re.search(r'<img [^>]*alt=""', html)
    assert 'alt="Workshop in Piura"' not in html
    html = client.get(second.url_in("en")).content.decode()
    assert 'alt="Six people seated behind a table under a blue banner"' in html


def test_publication_lists_the_readers_language_first(client, make_document, make_publication):
    from knowledge.models import PublicationFile

    spanish = make_document("es", "pdf", "Informe")
    english = make_document("en", "pdf", "Report")
    publication = make_publication()
    publication.files = [PublicationFile(document=spanish), PublicationFile(document=english)]
    publication.save_revision().publish()

    for language, first, second in (("en", english, spanish), ("es", spanish, english)):
        html = client.get(publication.url_in(language)).content.decode()
        assert html.index(f'href="{first.url}"') < html.index(f'href="{second.url}"'), language
