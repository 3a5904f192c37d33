"""Apps declare what search indexes (search.registry); search/ itself imports no content app."""

import ast
import datetime
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.models import StandardPage, Topic
from knowledge.models import LessonIndexPage, LessonPage
from search import get_engine, registry
from search.adapters import PageIndex, adapter_for_model, documents_for_page
from search.query import SearchQuery

pytestmark = pytest.mark.django_db

CONTENT_APPS = {"knowledge", "protocols_library", "editorial"}


def test_search_imports_no_content_app():
    """Not in an import, a lazy import nor an "app.Model" string; migrations aside."""
    found = []
    for path in (Path(settings.BASE_DIR) / "search").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"[a-z_]+\.[A-Z]\w+", node.value):
                    names = [node.value]
            found += [
                f"{path.name}: {name}" for name in names if name.split(".")[0] in CONTENT_APPS
            ]
    assert found == []


def test_every_page_type_of_the_content_apps_is_declared():
    """Nothing is indexed by guessing from attribute names: each page type has its index."""
    from search.adapters import page_models

    undeclared = [
        model._meta.label
        for model in page_models()
        if model._meta.app_label in CONTENT_APPS | {"core"}
        and registry.index_class_for(model) is None
    ]
    assert undeclared == []


def word():
    return "quipu" + uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))


@pytest.fixture
def standard_page(home):
    words = {"intro": word(), "body": word(), "english": word()}
    page = StandardPage(
        title_es="Página de prueba del registro",
        slug_es=f"registro-{words['intro']}",
        intro_es=f"Introducción {words['intro']}.",
        intro_en=f"Introduction {words['english']}.",
        body_es=[{"type": "paragraph", "value": f"<p>Cuerpo {words['body']}.</p>"}],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.words = words
    return page


@pytest.fixture
def declare(monkeypatch):
    """Registers an index for a model during one test only."""

    def declare(model, index_class):
        monkeypatch.setitem(registry._indexes, model, index_class)

    return declare


def by_language(page):
    return {document.language: document for document in documents_for_page(page)}


def test_a_page_type_is_indexed_as_its_app_declares(standard_page, declare):
    words = standard_page.words
    spanish = by_language(standard_page)["es"]
    assert words["intro"] in spanish.body and words["body"] in spanish.body
    assert spanish.summary == f"Introducción {words['intro']}." and spanish.weight == 1.0

    class IntroOnly(PageIndex):
        text_fields = ("intro",)
        weight = 2.0

    declare(StandardPage, IntroOnly)
    spanish = by_language(standard_page)["es"]
    assert words["intro"] in spanish.body and words["body"] not in spanish.body
    assert spanish.summary == "" and spanish.weight == 2.0


def test_an_undeclared_page_type_is_found_by_title_and_description_only(standard_page, monkeypatch):
    monkeypatch.delitem(registry._indexes, StandardPage)
    assert type(adapter_for_model(StandardPage)) is PageIndex
    spanish = by_language(standard_page)["es"]
    assert spanish.title == "Página de prueba del registro"
    words = standard_page.words
    assert words["intro"] not in spanish.body and words["body"] not in spanish.body
    assert spanish.summary == ""


def test_without_a_visibility_rule_search_refuses_to_guess(monkeypatch, standard_page):
    monkeypatch.setattr(registry, "_visibility", [])
    with pytest.raises(ImproperlyConfigured):
        registry.visibility().public_page_ids([standard_page.pk])
    with pytest.raises(ImproperlyConfigured):
        documents_for_page(standard_page)


def keys(text, language="es"):
    results = get_engine().search(SearchQuery(text=text, language=language))
    return [hit.key for hit in results.hits]


@pytest.fixture
def filed_lesson(home, django_capture_on_commit_callbacks):
    """A published lesson filed under a topic of its own, in the index."""
    topic = Topic.objects.create(name_es=f"Tema {word()}", slug=f"tema-{uuid.uuid4().hex[:8]}")
    section = LessonIndexPage(title_es="Lecciones del registro", slug_es=f"lr-{word()}")
    home.add_child(instance=section)
    section.save_revision().publish()
    title_word = word()
    lesson = LessonPage(
        title_es=f"Lección {title_word}",
        slug_es=f"leccion-{word()}",
        statement_es="Enunciado.",
        date=datetime.date(2020, 5, 4),
    )
    section.add_child(instance=lesson)
    lesson.topics = [topic]
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish()
    lesson.word = title_word
    return lesson, topic


def test_renaming_a_taxonomy_term_reindexes_the_pages_filed_under_it(
    filed_lesson, django_capture_on_commit_callbacks
):
    lesson, topic = filed_lesson
    old_name = topic.name_es.split()[-1]
    assert keys(old_name) == [f"page:{lesson.pk}:es"]
    new_name = word()
    topic.name_es = f"Tema {new_name}"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert keys(new_name) == [f"page:{lesson.pk}:es"]
    assert keys(old_name) == []


def test_deleting_a_taxonomy_term_reindexes_the_pages_filed_under_it(
    filed_lesson, django_capture_on_commit_callbacks
):
    lesson, topic = filed_lesson
    name = topic.name_es.split()[-1]
    assert keys(name) == [f"page:{lesson.pk}:es"]
    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    assert keys(name) == []
    assert keys(lesson.word) == [f"page:{lesson.pk}:es"]


def test_facet_labels_come_from_the_app_that_owns_the_facet(filed_lesson):
    _lesson, topic = filed_lesson
    assert registry.facet_labels("topic", {topic.slug, "unknown"}) == {topic.slug: topic.name}
    assert registry.facet_labels("no-such-facet", {"x"}) == {}


def test_the_foundation_declares_its_pages_without_importing_search():
    """core/search.py names what it indexes; search.registry reads it (core imports no app)."""
    from core import search as declarations
    from core.models import GlossaryPage, HomePage

    assert registry.index_class_for(GlossaryPage).__name__ == "GlossaryIndex"
    assert issubclass(registry.index_class_for(GlossaryPage), PageIndex)
    assert adapter_for_model(HomePage).indexed is False
    assert registry.visibility() is declarations.VISIBILITY
    assert declarations.glossary_groups in registry._synonym_sources


def test_a_glossary_term_added_or_deleted_reindexes_the_glossary_page(
    home, django_capture_on_commit_callbacks
):
    from core.models import GlossaryTerm
    from tests import builders

    with django_capture_on_commit_callbacks(execute=True):
        page = builders.glossary_page(home)
    definition = word()
    assert keys(definition) == []
    with django_capture_on_commit_callbacks(execute=True):
        term = GlossaryTerm.objects.create(
            slug=f"t{uuid.uuid4().hex[:6]}",
            term_es="QZW",
            expansion_es="Término de prueba",
            definition_es=f"Definición {definition}.",
        )
    assert keys(definition) == [f"page:{page.pk}:es"]
    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert keys(definition) == []


@pytest.fixture
def audience_facet(monkeypatch):
    """A facet declared the way an app declares one, kept for this test only."""
    monkeypatch.setattr(registry, "_facets", dict(registry._facets))
    registry.register_facet(
        "audience", "Audience", lambda values: {value: value.upper() for value in values}
    )


def test_a_facet_an_app_declares_is_stored_counted_and_filtered_by(audience_facet, client):
    from search import get_backend
    from search.documents import SearchDocument
    from search.query import Filters

    text = word()
    documents = [
        SearchDocument(
            object_key=f"page:{990000 + number}",
            language="es",
            kind="lesson",
            url=f"/es/audiencia/{number}/",
            title=f"Lección {text} {number}",
            facets={"audience": audiences},
        )
        for number, audiences in enumerate([("jueces",), ("jueces", "fiscales"), ()])
    ]
    backend = get_backend("database")
    backend.index(documents)
    every = backend.search(SearchQuery(text=text, language="es"))
    assert every.total == 3
    assert {(count.value, count.count) for count in every.facets["audience"]} == {
        ("jueces", 2),
        ("fiscales", 1),
    }
    judges = backend.search(
        SearchQuery(text=text, language="es", filters=Filters(audience=("jueces",)))
    )
    assert judges.total == 2

    from search.forms import SearchForm

    form = SearchForm({"q": text, "audience": ["fiscales"]})
    assert form.search_query("es").filters == Filters(audience=("fiscales",))
    with pytest.raises(TypeError):
        Filters(no_such_facet=("x",))
