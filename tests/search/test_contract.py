"""One behaviour suite for every engine: SQLite FTS5, PostgreSQL and Elasticsearch.

Each engine indexes the same small corpus (tests/search/corpus.py) and must answer alike:
accents and word forms forgiven, glossary synonyms across languages, titles above bodies,
per-language results, facets, highlights, files, versions, autocomplete and spelling.
"""

import datetime
from dataclasses import replace

import pytest
from django.db import connection

from search.backends.database import DatabaseSearchBackend
from search.query import Filters, SearchQuery
from search.synonyms import SynonymIndex, expand
from tests.search import corpus

HOSTILE_QUERIES = [
    "\x00",
    "capacitación\x00",
    "x" * 10_000,
    '"unbalanced quote',
    "((( [[[ {{{",
    "title:protocolo AND body:cem",
    "cem~2 prot* ^3 +must -not",
    "' OR 1=1; DROP TABLE quipu_search_indexentry; --",
    "😀🔥 capacitación 🙂",
    "Привет мир 你好 مرحبا",
    "NEAR(capacitación protocolo) col:x *",
    "\\",
    '"',
    "-",
]


class BackendContract:
    """Behaviour every engine shares. Subclasses provide `backend` and `mutable_backend`."""

    def search(self, backend, text, language="es", **options):
        query = SearchQuery(text=text, language=language, **options)
        synonyms = SynonymIndex.build(corpus.GLOSSARY, language)
        return backend.search(replace(query, clauses=expand(query.clauses, synonyms, language)))

    def keys(self, results):
        return [hit.key for hit in results.hits]

    # Matching

    @pytest.mark.parametrize(
        "text", ["capacitación", "capacitacion", "CAPACITACIÓN", "Capacitaciòn"]
    )
    def test_accents_and_case_do_not_matter(self, backend, text):
        keys = self.keys(self.search(backend, text))
        assert "page:900001:es" in keys
        assert "page:900006:es" in keys

    def test_plural_finds_singular_and_back(self, backend):
        assert "page:900001:es" in self.keys(self.search(backend, "protocolos"))
        assert "page:900002:es" in self.keys(self.search(backend, "protocolo"))
        assert "page:900007:en" in self.keys(self.search(backend, "centre", language="en"))

    def test_english_word_forms(self, backend):
        assert "page:900001:en" in self.keys(self.search(backend, "trainings", language="en"))

    def test_every_word_must_match(self, backend):
        keys = self.keys(self.search(backend, "capacitación Ayacucho"))
        assert keys == ["page:900001:es"]

    def test_quoted_phrase_matches_words_in_order_only(self, backend):
        assert "page:900005:es" in self.keys(self.search(backend, '"actuación conjunta"'))
        assert self.search(backend, '"conjunta actuación"').total == 0

    def test_glossary_acronym_finds_expansion_in_both_languages(self, backend):
        assert "page:900001:es" in self.keys(self.search(backend, "GBV"))
        assert "page:900001:en" in self.keys(self.search(backend, "VBG", language="en"))

    def test_acronym_in_one_language_finds_the_other(self, backend):
        assert "page:900006:es" in self.keys(self.search(backend, "OFR"))
        keys = self.keys(self.search(backend, "ROF", language="en"))
        assert "page:900008:en" in keys

    def test_multiword_synonym_finds_acronym(self, backend):
        keys = self.keys(self.search(backend, "Centro Emergencia Mujer"))
        assert "page:900001:es" in keys

    def test_stop_words_alone_find_nothing_without_error(self, backend):
        results = self.search(backend, "de la y el")
        assert results.total == 0
        assert results.hits == []

    @pytest.mark.parametrize("text", HOSTILE_QUERIES)
    def test_hostile_input_is_just_text(self, backend, text):
        results = self.search(backend, text)
        assert results.total == len(results.hits) or results.total > len(results.hits)

    @pytest.mark.parametrize("text", ["capacitación\x00", "😀🔥 capacitación 🙂", '"capacitación'])
    def test_junk_around_a_word_is_ignored(self, backend, text):
        assert "page:900001:es" in self.keys(self.search(backend, text))

    # Ranking and sorting

    def test_title_match_ranks_above_body_match(self, backend):
        keys = self.keys(self.search(backend, "feminicidio"))
        assert keys.index("page:900003:es") < keys.index("page:900004:es")

    def test_sort_by_date_puts_newest_first(self, backend):
        results = self.search(backend, "salud", sort="date")
        dates = [hit.date for hit in results.hits]
        assert dates == sorted(dates, reverse=True)
        assert len(dates) >= 3

    def test_pages_of_results_do_not_overlap(self, backend):
        first = self.search(backend, "salud", per_page=2, page=1)
        second = self.search(backend, "salud", per_page=2, page=2)
        assert first.total == second.total >= 3
        assert len(first.hits) == 2
        assert not set(self.keys(first)) & set(self.keys(second))

    # Languages

    def test_spanish_site_shows_spanish_documents_only(self, backend):
        results = self.search(backend, "CEM")
        assert results.hits
        assert {hit.language for hit in results.hits} == {"es"}

    def test_english_site_finds_untranslated_page_marked_spanish(self, backend):
        results = self.search(backend, "Huamanga", language="en")
        hit = next(hit for hit in results.hits if hit.key == "page:900002:en")
        assert hit.title_language == "es"
        assert not hit.is_translated
        assert hit.url == "/en/corpus/2/"

    def test_english_site_matches_spanish_text_as_spanish(self, backend):
        # "protocols" stems to "protocol" in English, and so does the Spanish "protocolos" in
        # Spanish; the untranslated page's Spanish text answers to Spanish words only.
        keys = {hit.key for hit in self.search(backend, "protocols", language="en").hits}
        assert "page:900002:en" not in keys
        keys = {hit.key for hit in self.search(backend, "protocolos", language="en").hits}
        assert "page:900002:en" in keys

    # Facets and filters

    def test_facet_counts_cover_every_match(self, backend):
        results = self.search(backend, "salud")
        sectors = {facet.value: facet.count for facet in results.facets["sector"]}
        assert sectors["salud"] == 2
        assert sectors["mujer"] == 2
        kinds = {facet.value: facet.count for facet in results.facets["kind"]}
        assert sum(kinds.values()) == results.total

    def test_filter_narrows_results_and_keeps_other_values_countable(self, backend):
        results = self.search(backend, "salud", filters=Filters(sector=("mujer",)))
        assert results.total == 2
        sectors = {facet.value: (facet.count, facet.selected) for facet in results.facets["sector"]}
        assert sectors["mujer"] == (2, True)
        # The sector facet is counted without its own selection, so "salud" stays offered.
        assert sectors["salud"][0] == 2
        regions = {facet.value: facet.count for facet in results.facets["region"]}
        assert sum(regions.values()) <= 2

    def test_filters_combine_within_and_across_facets(self, backend):
        either = self.search(backend, "salud", filters=Filters(region=("ayacucho", "piura")))
        assert either.total == 2
        both = self.search(backend, "salud", filters=Filters(region=("piura",), kind=("lesson",)))
        assert self.keys(both) == ["page:900007:es"]

    def test_year_range(self, backend):
        results = self.search(
            backend, "capacitación", filters=Filters(year_from=2019, year_to=2019)
        )
        assert self.keys(results) == ["page:900001:es"]
        years = {facet.value for facet in results.facets.get("year", [])}
        assert years == {"2019"}

    def test_unknown_filter_value_finds_nothing(self, backend):
        assert self.search(backend, "salud", filters=Filters(sector=("no-such-sector",))).total == 0

    def test_count_agrees_with_search_total(self, backend):
        query = SearchQuery(text="salud", language="es", filters=Filters(sector=("mujer",)))
        assert (
            backend.count(query)
            == self.search(backend, "salud", filters=Filters(sector=("mujer",))).total
        )

    # Highlights and files

    def test_title_highlight_keeps_original_spelling(self, backend):
        hit = self.search(backend, "capacitacion").hits[0]
        assert (
            "<mark>Capacitación</mark>" in hit.title_html
            or "<mark>Capacitaciòn</mark>" in hit.title_html
        )

    def test_snippet_marks_matches_and_escapes_markup(self, backend):
        results = self.search(backend, "talleres")
        hit = next(hit for hit in results.hits if hit.key == "page:900001:es")
        assert "<mark>talleres</mark>" in hit.snippet
        assert "<script>" not in hit.snippet

    def test_a_quoted_phrase_is_marked_only_where_the_whole_phrase_occurs(self, backend):
        results = self.search(backend, '"capacitación conjunta"')
        hit = next(hit for hit in results.hits if hit.key == "page:900001:es")
        # The title has "Capacitación" without "conjunta": not the phrase, not marked.
        assert "<mark>" not in hit.title_html
        assert "<mark>capacitación conjunta</mark>" in hit.snippet
        assert hit.snippet.count("<mark>") == 1

    def test_match_inside_a_file_names_the_file(self, backend):
        results = self.search(backend, "simulación audiencias")
        hit = next(hit for hit in results.hits if hit.key == "page:900001:es")
        assert hit.attachment is not None
        assert hit.attachment.title == "Guía del facilitador"
        assert hit.attachment.url == "/documents/9901/guia.pdf"
        assert "<mark>" in hit.attachment.snippet

    # Versions

    def test_earlier_versions_only_on_request_and_labelled(self, backend):
        current = self.search(backend, "protocolo actuación conjunta")
        assert "page:900005:v2017:es" not in self.keys(current)
        assert "page:900005:es" in self.keys(current)
        everything = self.search(backend, "protocolo actuación conjunta", include_versions=True)
        old = next(hit for hit in everything.hits if hit.key == "page:900005:v2017:es")
        assert old.status == "superseded"
        assert not old.is_current
        assert old.url == "/es/corpus/5/2017/"

    def test_status_filter_and_counts(self, backend):
        results = self.search(backend, "protocolo", include_versions=True)
        statuses = {facet.value: facet.count for facet in results.facets["status"]}
        assert statuses == {"in_force": 1, "superseded": 1}
        only_old = self.search(
            backend, "protocolo", include_versions=True, filters=Filters(status=("superseded",))
        )
        assert self.keys(only_old) == ["page:900005:v2017:es"]

    # Autocomplete and spelling

    def test_autocomplete_completes_title_words_without_accents(self, backend):
        titles = [completion.title for completion in backend.autocomplete("capacita", "es")]
        assert "Capacitación de operadores en el protocolo CEM-EESS" in titles
        titles = [completion.title for completion in backend.autocomplete("prot actuac", "es")]
        assert titles == ["Protocolo de actuación conjunta CEM-EESS"]

    def test_autocomplete_is_per_language(self, backend):
        titles = [completion.title for completion in backend.autocomplete("training", "en")]
        assert titles == ["Training operators on the CEM-HF protocol"]
        assert backend.autocomplete("training", "es") == []

    def test_spelling_candidates_come_from_indexed_words(self, backend):
        assert "capacitacion" in backend.spelling_candidates("capacitasion", "es")
        assert "huamanga" in backend.spelling_candidates("huamnga", "es")

    # Writing

    def test_remove_takes_an_object_out_of_everything(self, mutable_backend):
        mutable_backend.remove(["page:900001"])
        assert "page:900001:es" not in self.keys(self.search(mutable_backend, "capacitación"))
        assert self.search(mutable_backend, "mejoraron").total == 0
        assert mutable_backend.autocomplete("capacitación de op", "es") == []
        results = self.search(mutable_backend, "salud")
        assert {facet.value: facet.count for facet in results.facets["sector"]}.get("salud") == 1
        assert "page:900001:es" not in mutable_backend.state().fingerprints

    def test_replace_drops_variants_that_no_longer_exist(self, mutable_backend):
        current = [
            document for document in corpus.documents() if document.object_key == "page:900005"
        ]
        kept = [document for document in current if document.is_current]
        mutable_backend.replace(["page:900005"], kept)
        results = self.search(mutable_backend, "protocolo", include_versions=True)
        assert "page:900005:v2017:es" not in self.keys(results)
        assert "page:900005:es" in self.keys(results)

    def test_reindexing_a_document_replaces_it(self, mutable_backend):
        document = corpus.documents()[0]
        document.title = "Talleres de simulación de audiencias"
        mutable_backend.index([document])
        assert self.search(
            mutable_backend, "operadores"
        ).total == 0 or "page:900001:es" not in self.keys(
            self.search(mutable_backend, "operadores")
        )
        assert "page:900001:es" in self.keys(self.search(mutable_backend, "talleres simulación"))
        assert mutable_backend.state().fingerprints["page:900001:es"] == document.fingerprint()

    def test_state_lists_every_document_with_its_fingerprint(self, backend):
        fingerprints = backend.state().fingerprints
        for document in corpus.documents():
            assert fingerprints[document.key] == document.fingerprint()

    def test_health_reports_documents(self, backend):
        health = backend.health()
        assert health.is_healthy
        assert health.documents >= len(corpus.documents())


@pytest.fixture
def database_corpus(db):
    backend = DatabaseSearchBackend()
    backend.clear()
    backend.index(corpus.documents())
    return backend


@pytest.mark.database_vendor("sqlite")
class TestSQLiteEngine(BackendContract):
    @pytest.fixture
    def backend(self, database_corpus):
        assert connection.vendor == "sqlite"
        return database_corpus

    @pytest.fixture
    def mutable_backend(self, backend):
        return backend


@pytest.mark.database_vendor("postgresql")
class TestPostgreSQLEngine(BackendContract):
    @pytest.fixture
    def backend(self, database_corpus):
        assert connection.vendor == "postgresql"
        return database_corpus

    @pytest.fixture
    def mutable_backend(self, backend):
        return backend


class TestElasticsearchEngine(BackendContract):
    @pytest.fixture
    def backend(self, elasticsearch_corpus):
        return elasticsearch_corpus

    @pytest.fixture
    def mutable_backend(self, fresh_elasticsearch):
        fresh_elasticsearch.index(corpus.documents())
        return fresh_elasticsearch


def test_corpus_dates_are_dates():
    assert all(isinstance(document.date, datetime.date) for document in corpus.documents())
