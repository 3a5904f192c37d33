"""The comparison marks exactly the words that changed, section by section."""

import pytest
from django.utils import translation

from core.versioning.diff import (
    DELETE,
    EQUAL,
    INSERT,
    Segment,
    diff_paragraphs,
    diff_sections,
    diff_words,
)
from core.versioning.text import html_paragraphs
from protocols_library.diff import metadata_changes
from protocols_library.models import ProtocolVersion, ProtocolVersionFile

from .conftest import day, make_document, sections


def test_replaced_words_are_deleted_then_inserted_in_place():
    old = "El personal comunicará el caso al CEM en un plazo máximo de 24 horas."
    new = "El personal comunicará el caso al CEM el mismo día."
    assert diff_words(old, new) == [
        Segment(EQUAL, "El personal comunicará el caso al CEM "),
        Segment(DELETE, "en un plazo máximo de 24 horas"),
        Segment(EQUAL, " "),
        Segment(INSERT, "el mismo día"),
        Segment(EQUAL, "."),
    ]


def test_added_sentence_is_one_insertion_and_the_rest_is_untouched():
    old = "El CEM evaluará el nivel de riesgo."
    new = "El CEM evaluará el nivel de riesgo. Informará al establecimiento de salud."
    segments = diff_words(old, new)
    assert [s.kind for s in segments] == [EQUAL, INSERT]
    assert "".join(s.text for s in segments) == new
    assert segments[-1].text == "Informará al establecimiento de salud."


def test_identical_texts_have_no_changes():
    text = "Capacitación conjunta con simulación de casos."
    assert diff_words(text, text) == [Segment(EQUAL, text)]


def test_whitespace_and_line_breaks_are_not_changes():
    assert diff_words("una  vez\n al año", "una vez al año") == [Segment(EQUAL, "una vez al año")]


def test_a_short_unchanged_word_between_two_changes_joins_them():
    old = "en las regiones de Piura"
    new = "en todas las provincias del país de Piura"
    kinds = [s.kind for s in diff_words(old, new) if s.text.strip()]
    assert kinds == [EQUAL, DELETE, INSERT, EQUAL]


def test_new_paragraph_comes_out_as_a_paragraph_of_inserted_text():
    paragraphs = diff_paragraphs(["Primer párrafo."], ["Primer párrafo.", "Segundo párrafo."])
    assert paragraphs == [
        [Segment(EQUAL, "Primer párrafo.")],
        [Segment(INSERT, "Segundo párrafo.")],
    ]


def test_rich_text_is_compared_as_plain_paragraphs():
    html = "<p>Uno <b>dos</b> &amp; tres</p><ul><li>cuatro</li><li>cinco</li></ul>"
    assert html_paragraphs(html) == ["Uno dos & tres", "cuatro", "cinco"]


def stream(*pairs, ids):
    version = ProtocolVersion(sections_es=sections(*pairs, ids=ids))
    return version.sections_es


def test_sections_pair_by_block_id_even_when_the_heading_was_rewritten():
    old = stream(("Objeto", "Texto A."), ("Plazo", "En 24 horas."), ids=["a", "b"])
    new = stream(("Finalidad", "Texto A."), ("Plazo", "El mismo día."), ids=["a", "b"])
    changes = diff_sections(old, new)
    assert [c.change for c in changes] == ["changed", "changed"]
    assert changes[0].heading == [Segment(DELETE, "Objeto"), Segment(INSERT, "Finalidad")]
    assert changes[0].paragraphs == [[Segment(EQUAL, "Texto A.")]]


def test_added_removed_and_unchanged_sections_keep_their_places():
    old = stream(("Objeto", "A."), ("Transitoria", "B."), ("Actuación", "C."), ids=["1", "2", "3"])
    new = stream(("Objeto", "A."), ("Actuación", "C!"), ("Capacitación", "D."), ids=["1", "3", "4"])
    changes = diff_sections(old, new)
    assert [(c.title, c.change) for c in changes] == [
        ("Objeto", "unchanged"),
        ("Transitoria", "removed"),
        ("Actuación", "changed"),
        ("Capacitación", "added"),
    ]
    assert changes[1].paragraphs == [[Segment(DELETE, "B.")]]
    assert changes[3].paragraphs == [[Segment(INSERT, "D.")]]


def test_sections_without_shared_ids_pair_by_heading():
    old = stream(("Objeto", "A."), ("Ámbito", "Piura."), ids=["x", "y"])
    new = stream(("Ámbito", "Todo el país."), ("Objeto", "A."), ids=["p", "q"])
    changes = diff_sections(old, new)
    assert [(c.title, c.change) for c in changes] == [
        ("Ámbito", "changed"),
        ("Objeto", "unchanged"),
    ]


@pytest.mark.django_db
def test_metadata_table_flags_what_changed_and_omits_what_neither_has():
    old_pdf = make_document("v1.pdf", text="Primera")
    new_pdf = make_document("v2.pdf", text="Segunda")
    common = {"approving_instrument_type": "resolucion_ministerial", "is_demo_reference": True}
    old = ProtocolVersion(
        label="v1",
        approving_instrument_number="000-2019-MIMP",
        approval_date=day("2019-03-01"),
        effective_date=day("2019-03-10"),
        files=[ProtocolVersionFile(document=old_pdf)],
        **common,
    )
    new = ProtocolVersion(
        label="v2",
        approving_instrument_number="001-2022-MIMP",
        approval_date=day("2022-03-01"),
        effective_date=day("2022-03-10"),
        files=[ProtocolVersionFile(document=new_pdf)],
        **common,
    )
    with translation.override("en"):
        rows = {row.label: row for row in metadata_changes(old, new)}
    assert rows["Approving instrument"].old == "R.M. N.° 000-2019-MIMP (demo data)"
    assert rows["Approving instrument"].changed
    assert not rows["Type of instrument"].changed
    assert rows["PDF in Spanish"].changed
    assert "Repealing instrument" not in rows
    assert "PDF in English" not in rows
