"""Elasticsearch's analysers, as mapped, split, fold and stem text as the Python ones do.

The database engine analyses in Python; Elasticsearch with the analysers built from the same
lists (search/analysis.py). This proves, on a real node, that they agree word for word.
"""

import pytest

from search.analysis import analyze, analyzer_name

SPANISH = """
Capacitación capacitaciones Capacitaciòn CAPACITACIÓN atención atenciones protocolo protocolos
violencia basada en género mujeres mujer niñas niña Áncash Junín Huánuco establecimientos de
salud Centro Emergencia Mujer Centros Emergencia Mujer feminicidio feminicidios luces veces
crisis análisis R.M. N.° 000-2019-MIMP Reglamento de Organización y Funciones institucionalización
coordinación intersectorial lecciones aprendidas piloto pilotos Huamanga Ayacucho Piura él ésta
organizaciones de la sociedad civil señoras países vigentes derogado sustituido
DE LA Él ÉL está ESTÁ x.de de.x l'de de' 'de. de_la en-la ...de Cuándo, dónde y por qué
"""

ENGLISH = """
Training trainings protocols protocol gender-based violence women's women girls emergency
centres Women's Emergency Centre health facilities organizations organisations lessons learned
pilots institutionalization intersectoral coordination femicide regulations Organization and
Functions Regulations superseded repealed in force the CEM's staff running runs ran happily
it's The's a's it\u2019s don't in.the the. .the x.it it.x _the the_ IN A World
"""

# Lucene's Snowball English predates the Snowball release the Python package follows; these
# words stem differently. Within each engine query and text agree, so search still matches.
KNOWN_DIFFERENCES = {
    "es": set(),
    "en": {
        ("emerg", "emergenc"),
        ("organ", "organiz"),
        ("intern", "internat"),
    },
}


@pytest.mark.parametrize(("language", "text"), [("es", SPANISH), ("en", ENGLISH)])
def test_elasticsearch_and_python_analysis_agree(elasticsearch_corpus, language, text):
    """Word for word, and position for position: a stop word leaves no gap, so a phrase
    holding one ("violencia basada en género") is a lookup of indexed word pairs."""
    backend = elasticsearch_corpus
    response = backend.client.indices.analyze(
        index=backend.alias, analyzer=analyzer_name(language), text=text
    )
    remote = [token["token"] for token in response["tokens"]]
    local = analyze(text, language)
    assert len(remote) == len(local)
    assert [token["position"] for token in response["tokens"]] == list(range(len(remote)))
    differences = {
        (theirs, ours) for theirs, ours in zip(remote, local, strict=True) if theirs != ours
    }
    assert differences <= KNOWN_DIFFERENCES[language]


def test_mapping_has_the_language_analysis_the_contract_relies_on(elasticsearch_corpus):
    backend = elasticsearch_corpus
    (index,) = backend._indices_of(backend.alias)
    settings = backend.client.indices.get_settings(index=index)[index]["settings"]["index"]
    analyzers = settings["analysis"]["analyzer"]
    assert analyzers["quipu_text_es"]["char_filter"] == ["quipu_es_stop_words"]
    assert analyzers["quipu_text_en"]["char_filter"] == ["quipu_en_stop_words"]
    assert analyzers["quipu_text_es"]["filter"] == [
        "lowercase",
        "quipu_es_stop",
        "asciifolding",
        "quipu_es_stemmer",
    ]
    assert analyzers["quipu_text_en"]["filter"] == [
        "lowercase",
        "quipu_english_possessive",
        "quipu_en_stop",
        "asciifolding",
        "quipu_en_stemmer",
    ]
    mapping = backend.client.indices.get_mapping(index=index)[index]["mappings"]["properties"]
    assert mapping["title_es"]["analyzer"] == "quipu_text_es"
    assert mapping["body_en"]["analyzer"] == "quipu_text_en"
    assert mapping["files_es"]["analyzer"] == "quipu_text_es"
    assert mapping["attachments"]["enabled"] is False
