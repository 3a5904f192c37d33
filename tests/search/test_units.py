"""Pure functions of search: analysis, query parsing, synonyms, snippets, mapping, form."""

import datetime

import pytest

from search.analysis import analyze, fold, fold_words, spanish_light_stem, tokenize
from search.documents import Attachment, PageDocument, SearchDocument
from search.forms import SearchForm
from search.highlight import query_stems, snippet
from search.query import MAX_QUERY_LENGTH, Clause, Filters, SearchQuery, clean, normalized, parse
from search.synonyms import SynonymIndex, expand


class TestAnalysis:
    @pytest.mark.parametrize(
        "word", ["capacitación", "capacitacion", "Capacitaciòn", "CAPACITACIÓN", "capacitaciones"]
    )
    def test_spanish_forms_of_a_word_share_a_stem(self, word):
        assert analyze(word, "es") == ["capacitacion"]

    @pytest.mark.parametrize(
        ("word", "stem"),
        [
            ("protocolos", "protocol"),
            ("protocolo", "protocol"),
            ("mujeres", "mujer"),
            ("mujer", "mujer"),
            ("luces", "luz"),
            ("crisis", "crisis"),
            ("actas", "act"),
        ],
    )
    def test_spanish_light_stemmer_matches_lucene(self, word, stem):
        assert spanish_light_stem(word) == stem

    def test_english_stems_and_possessives(self):
        assert analyze("Women's trainings", "en") == ["women", "train"]

    def test_stop_words_are_left_out(self):
        assert analyze("la violencia de género", "es") == ["violenci", "gener"]
        assert analyze("the protocols of the CEM", "en") == ["protocol", "cem"]

    def test_folding(self):
        assert fold("Áncash, Junín, niñas, Ñuñoa") == "ancash, junin, ninas, nunoa"
        assert fold_words("R.M. N.° 000-2019-MIMP") == ["r.m", "n", "000", "2019", "mimp"]

    def test_long_runs_are_cut_as_elasticsearch_cuts_them(self):
        tokens = tokenize("x" * 130)
        assert [len(token) for token in tokens] == [60, 60, 10]


class TestQueryParsing:
    def test_words_and_balanced_phrases(self):
        assert parse('protocolo "violencia de género" CEM') == (
            Clause((("protocolo",),)),
            Clause((("violencia", "de", "género"),)),
            Clause((("CEM",),)),
        )

    def test_unbalanced_quote_is_ignored(self):
        assert parse('"violencia de') == (Clause((("violencia",),)), Clause((("de",),)))

    @pytest.mark.parametrize(
        "raw",
        ["title:x AND (y OR z)^2", "cem~2 prot* +a -b", "' OR 1=1; --", "{col}: NEAR(a b)"],
    )
    def test_user_syntax_becomes_plain_words(self, raw):
        for clause in parse(raw):
            for alternative in clause.alternatives:
                assert all(word.replace("_", "").isalnum() for word in alternative)

    def test_control_characters_and_length(self):
        assert clean("a\x00b\x1fc") == "a b c"
        assert len(clean("x" * 10_000)) == MAX_QUERY_LENGTH
        assert parse("x" * 10_000) == ()
        assert parse("😀 🔥") == ()

    def test_repeated_words_count_once(self):
        assert parse("CEM cem Cém") == (Clause((("CEM",),)),)

    def test_normalized_form_for_analytics(self):
        assert normalized("  Capacitaciòn   GBV! ") == "capacitacion gbv"

    def test_page_is_bounded(self):
        assert SearchQuery(text="x", page=10_000).page == 50
        assert SearchQuery(text="x", page=-3).page == 1

    def test_english_site_searches_spanish_text_too(self):
        assert SearchQuery(language="en").site_text_languages == ("en", "es")
        assert SearchQuery(language="es").site_text_languages == ("es",)


GLOSSARY = [
    ["VBG", "GBV", "Violencia basada en género", "Gender-based violence"],
    ["CEM", "Centro Emergencia Mujer", "Women's Emergency Centre"],
    ["SNU", "UN", "Naciones Unidas"],
]


class TestSynonyms:
    def expand(self, text, language="es"):
        return expand(parse(text), SynonymIndex.build(GLOSSARY, language), language)

    def test_acronym_gains_every_wording(self):
        (clause,) = self.expand("GBV")
        assert ("VBG",) in clause.alternatives
        assert ("Violencia", "basada", "en", "género") in clause.alternatives
        assert clause.original == ("GBV",)

    def test_words_that_form_a_term_become_one_clause(self):
        clauses = self.expand("centro de emergencia mujer Piura")
        assert len(clauses) == 2
        assert ("CEM",) in clauses[0].alternatives
        assert clauses[1] == Clause((("Piura",),))

    def test_accents_case_and_plural_do_not_matter(self):
        (clause,) = self.expand("violencia basada en genero")
        assert ("VBG",) in clause.alternatives

    def test_quoted_phrase_of_a_term_expands(self):
        (clause,) = self.expand('"gender-based violence"', "en")
        assert ("GBV",) in clause.alternatives

    def test_other_words_are_untouched(self):
        assert self.expand("protocolo atención") == parse("protocolo atención")

    def test_glossary_wordings_are_looked_for_in_their_own_language(self):
        groups = [[("VBG", ("es",)), ("GBV", ("en",)), ("Violencia basada en género", ("es",))]]
        (clause,) = expand(parse("GBV"), SynonymIndex.build(groups, "es"), "es")
        assert clause.wordings_in("es") == [
            ("GBV",),
            ("VBG",),
            ("Violencia", "basada", "en", "género"),
        ]
        assert clause.wordings_in("en") == [("GBV",)]

    def test_a_spanish_stop_word_is_not_an_acronym_in_spanish(self):
        assert self.expand("un protocolo") == parse("un protocolo")
        (clause, _other) = self.expand("UN agencies", "en")
        assert ("Naciones", "Unidas") in clause.alternatives


class TestSnippets:
    def stems(self, text, language="es"):
        return query_stems(parse(text), (language,))

    def test_marks_original_words_with_accents(self):
        html = snippet("Talleres de Capacitación conjunta.", "es", self.stems("capacitacion"))
        assert html == "Talleres de <mark>Capacitación</mark> conjunta."

    def test_a_phrase_is_marked_where_it_occurs_and_its_words_alone_are_not(self):
        text = "La atención llega. Atención en salud mental; la salud importa."
        html = snippet(text, "es", self.stems('"atención salud"'))
        assert html == "La atención llega. <mark>Atención en salud</mark> mental; la salud importa."
        assert "<mark>" not in snippet(
            "La salud y la atención.", "es", self.stems('"atención salud"')
        )

    def test_a_phrase_beside_a_word_marks_both(self):
        html = snippet(
            "Protocolo de atención en salud.", "es", self.stems('protocolo "atención salud"')
        )
        assert html == "<mark>Protocolo</mark> de <mark>atención en salud</mark>."

    def test_escapes_markup(self):
        html = snippet("<b>capacitación</b> & más", "es", self.stems("capacitación"))
        assert html == "&lt;b&gt;<mark>capacitación</mark>&lt;/b&gt; &amp; más"

    def test_picks_the_passage_with_matches(self):
        text = "Inicio. " + "relleno " * 100 + "El protocolo CEM aparece aquí. " + "fin " * 100
        html = snippet(text, "es", self.stems("protocolo"))
        assert "<mark>protocolo</mark>" in html
        assert html.startswith("…") and html.endswith("…")
        assert len(html) < 320

    def test_no_match_gives_the_beginning(self):
        assert snippet("Uno dos tres.", "es", self.stems("zzz")) == "Uno dos tres."


class TestMapping:
    def test_prepare_puts_each_text_in_its_language_field(self):
        document = SearchDocument(
            object_key="page:7",
            language="en",
            kind="lesson",
            url="/en/x/",
            title="Lección de Piura",
            title_language="es",
            body="Texto del piloto.",
            attachments=[
                Attachment(
                    document_id=3,
                    title="Report",
                    url="/documents/3/r.pdf",
                    language="en",
                    text="Pilot text",
                )
            ],
            date=datetime.date(2019, 5, 2),
            facets={"sector": ("salud", "justicia")},
        )
        body = PageDocument.prepare(document)
        assert body == {
            "key": "page:7:en",
            "object_key": "page:7",
            "language": "en",
            "title_language": "es",
            "kind": "lesson",
            "url": "/en/x/",
            "title": "Lección de Piura",
            "summary": "",
            "title_es": "Lección de Piura",
            "title_prefix": "Lección de Piura",
            "body_es": "Texto del piloto.",
            "date": "2019-05-02",
            "year": 2019,
            "status": None,
            "is_current": True,
            "sector": ["justicia", "salud"],
            "region": [],
            "institution": [],
            "topic": [],
            "facet_tokens": ["kind:lesson", "sector:justicia", "sector:salud", "year:2019"],
            "attachments": [
                {
                    "document_id": 3,
                    "title": "Report",
                    "url": "/documents/3/r.pdf",
                    "language": "en",
                    "extension": "",
                    "text_en": "Pilot text",
                }
            ],
            "files_en": "Report\nPilot text",
            "fingerprint": document.fingerprint(),
            "weight": 1.0,
        }

    def test_fingerprint_changes_with_content(self):
        first = SearchDocument(object_key="page:1", language="es", kind="k", url="/", title="A")
        second = SearchDocument(object_key="page:1", language="es", kind="k", url="/", title="B")
        assert first.fingerprint() != second.fingerprint()
        assert first.fingerprint() == SearchDocument.from_dict(first.as_dict()).fingerprint()


class TestForm:
    def test_valid_parameters_become_a_query(self):
        form = SearchForm(
            {
                "q": "cem",
                "sector": ["salud", "mujer"],
                "year_from": "2018",
                "sort": "date",
                "page": "2",
            }
        )
        query = form.search_query("es")
        assert query.filters == Filters(sector=("salud", "mujer"), year_from=2018)
        assert (query.sort, query.page) == ("date", 2)
        assert form.error_messages() == []

    def test_bad_parameters_are_explained_and_left_out(self):
        form = SearchForm(
            {"q": "cem", "page": "abc", "year_from": "2020", "year_to": "2010", "region": ["<x>"]}
        )
        query = form.search_query("es")
        assert query.page == 1
        assert query.filters.region == ()
        assert query.filters.year_to is None
        assert len(form.error_messages()) == 3


class TestLanguagesAsData:
    """A site language with no analyser of its own is folded only, on both engines."""

    def test_a_language_without_an_analyser_is_folded_and_nothing_else(self):
        assert analyze("Capacitaciones de la Mujer", "qu") == [
            "capacitaciones",
            "de",
            "la",
            "mujer",
        ]
        assert analyze("Capacitaciones de la Mujer", "es") == ["capacitacion", "mujer"]

    def test_elasticsearch_analyses_every_site_language(self, settings):
        from search.analysis import analyzer_name, elasticsearch_analysis

        settings.LANGUAGES = [*settings.LANGUAGES, ("qu", "Quechua")]
        analyzers = elasticsearch_analysis()["analyzer"]
        assert analyzers[analyzer_name("qu")]["filter"] == ["lowercase", "asciifolding"]
        assert "quipu_es_stemmer" in analyzers[analyzer_name("es")]["filter"]
        properties = PageDocument.mapping()["properties"]
        assert properties["body_qu"]["analyzer"] == analyzer_name("qu")

    def test_another_sites_visitors_are_shown_the_default_languages_text_too(self):
        assert SearchQuery(language="es").site_text_languages == ("es",)
        assert SearchQuery(language="qu").site_text_languages == ("qu", "es")
