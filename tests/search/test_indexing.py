"""What reaches the index, and what leaves it: publishing, privacy, moves, files, drift."""

import io
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.models import GlossaryTerm, QuipuDocument, StandardPage
from search import get_backend, get_engine
from search.adapters import documents_for_page
from search.models import IndexEntry, IndexWord
from search.query import SearchQuery
from tests import files

pytestmark = pytest.mark.django_db

# Page words are letters only, as the words spelling suggestions are drawn from.
DIGITS_TO_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def keys(text, language="es", **options):
    results = get_engine().search(SearchQuery(text=text, language=language, **options))
    return [hit.key for hit in results.hits]


def publish(page):
    page.save_revision().publish()
    return page


@pytest.fixture
def make_page(home, django_capture_on_commit_callbacks):
    """A published content page with a word of its own in its title and body."""

    def make(parent=None, body="", **fields):
        word = "quipu" + uuid.uuid4().hex[:8].translate(DIGITS_TO_LETTERS)
        page = StandardPage(
            title_es=fields.pop("title_es", f"Página {word}"),
            slug_es=word,
            intro_es=f"Introducción de {word}.",
            body_es=body or [{"type": "paragraph", "value": f"<p>Cuerpo con {word}.</p>"}],
            **fields,
        )
        (parent or home).add_child(instance=page)
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
        page.word = word
        return page

    return make


@pytest.fixture
def private_collection(db):
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Reservado {uuid.uuid4().hex[:6]}")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def make_document(collection, text, django_capture_on_commit_callbacks, language="es"):
    document = QuipuDocument(title_es=f"Archivo {text}", collection=collection, language=language)
    document.file.save(f"{text}.pdf", ContentFile(files.pdf_with_text(text)), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    document.refresh_from_db()
    assert text in document.extracted_text
    return document


def document_block(document):
    return [
        {"type": "paragraph", "value": "<p>Descarga el anexo.</p>"},
        {"type": "document", "value": {"document": document.pk}},
    ]


def test_publishing_indexes_both_languages(make_page):
    page = make_page(title_en="English title", slug_en="english-title")
    assert keys(page.word) == [f"page:{page.pk}:es"]
    assert keys(page.word, "en") == [f"page:{page.pk}:en"]


def test_draft_is_never_indexed(home, django_capture_on_commit_callbacks):
    page = StandardPage(title_es="Borrador quipuborrador", slug_es="borrador-search", live=False)
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision()
    assert keys("quipuborrador") == []
    assert documents_for_page(page) == []


def test_unpublishing_removes_at_once(make_page):
    page = make_page()
    page.unpublish()
    # No task has run yet: the database index lost the page with the unpublishing itself.
    assert keys(page.word) == []
    assert not IndexEntry.objects.filter(object_key=f"page:{page.pk}").exists()


def test_expiry_removes(make_page):
    page = make_page()
    page.unpublish(set_expired=True)
    assert keys(page.word) == []


def test_deleting_removes_the_page_and_its_children(make_page):
    parent = make_page()
    child = make_page(parent=parent)
    parent.delete()
    assert keys(parent.word) == []
    assert keys(child.word) == []


@pytest.mark.parametrize("restriction_type", ["password", "login"])
def test_view_restriction_removes_a_section_at_once(make_page, restriction_type):
    parent = make_page()
    child = make_page(parent=parent)
    PageViewRestriction.objects.create(
        page=parent, restriction_type=restriction_type, password="secreto"
    )
    assert keys(parent.word) == []
    assert keys(child.word) == []


def test_lifting_a_restriction_brings_pages_back(make_page, django_capture_on_commit_callbacks):
    parent = make_page()
    restriction = PageViewRestriction.objects.create(
        page=parent, restriction_type="password", password="secreto"
    )
    assert keys(parent.word) == []
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert keys(parent.word) == [f"page:{parent.pk}:es"]


def test_moving_under_a_restricted_section_removes(make_page):
    restricted = make_page()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    page = make_page()
    assert keys(page.word)
    page.move(restricted, pos="last-child")
    assert keys(page.word) == []


def test_text_of_a_linked_public_file_is_found_and_named(
    make_page, django_capture_on_commit_callbacks
):
    collection = Collection.get_first_root_node()
    document = make_document(collection, "quipuanexopublico", django_capture_on_commit_callbacks)
    page = make_page(body=document_block(document))
    results = get_engine().search(SearchQuery(text="quipuanexopublico", language="es"))
    (hit,) = results.hits
    assert hit.object_key == f"page:{page.pk}"
    assert hit.attachment.document_id == document.pk
    assert "<mark>quipuanexopublico</mark>" in hit.attachment.snippet


def test_file_in_a_private_collection_is_never_indexed(
    make_page, private_collection, django_capture_on_commit_callbacks
):
    document = make_document(
        private_collection, "quipuanexoprivado", django_capture_on_commit_callbacks
    )
    page = make_page(body=document_block(document))
    assert keys(page.word) == [f"page:{page.pk}:es"]
    assert keys("quipuanexoprivado") == []
    entry = IndexEntry.objects.get(key=f"page:{page.pk}:es")
    assert "quipuanexoprivado" not in str(entry.document)


def test_making_a_collection_private_removes_its_files_text_at_once(
    make_page, django_capture_on_commit_callbacks
):
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Pronto privado {uuid.uuid4().hex[:6]}")
    document = make_document(collection, "quipuanexoluego", django_capture_on_commit_callbacks)
    page = make_page(body=document_block(document))
    assert keys("quipuanexoluego") == [f"page:{page.pk}:es"]
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    assert keys("quipuanexoluego") == []
    assert keys(page.word) == [f"page:{page.pk}:es"]


def test_results_skip_a_page_the_index_still_holds_by_mistake(make_page):
    page = make_page()
    stale = documents_for_page(page)
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    get_backend("database").index(stale)
    assert keys(page.word) == []


def test_private_words_are_never_completed_or_suggested(
    make_page, django_capture_on_commit_callbacks
):
    page = make_page(title_es="Reservadísimo quipusecreto")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    engine = get_engine()
    assert engine.autocomplete("quipusecr", "es") == []
    assert not IndexWord.objects.filter(word="quipusecreto").exists()
    results = engine.search(SearchQuery(text="quipusecrto", language="es"))
    assert results.suggestions == []


def test_spelling_suggestion_for_a_public_word(make_page):
    page = make_page()
    misspelt = page.word[:-1] + ("x" if page.word[-1] != "x" else "y")
    results = get_engine().search(SearchQuery(text=misspelt, language="es"), correct=False)
    assert results.total == 0
    assert results.suggestions == [page.word]
    results = get_engine().search(SearchQuery(text=misspelt, language="es"))
    assert results.corrected == page.word
    assert [hit.object_key for hit in results.hits] == [f"page:{page.pk}"]


def test_glossary_change_takes_effect_without_reindexing(make_page):
    page = make_page()
    GlossaryTerm.objects.create(
        slug=f"t{uuid.uuid4().hex[:6]}",
        term_es="QZT",
        term_en="QZT",
        expansion_es=page.word,
        expansion_en=page.word,
    )
    assert keys("QZT") == [f"page:{page.pk}:es"]


def test_check_finds_drift_and_fix_repairs_it(make_page):
    page = make_page()
    draft_twin = documents_for_page(page)
    page.unpublish()
    get_backend("database").index(draft_twin)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("search_index", "check", stdout=out, stderr=io.StringIO())
    assert exit_info.value.code == 1
    assert f"not public: page:{page.pk}:es" in out.getvalue()
    call_command("search_index", "fix", stdout=io.StringIO())
    out = io.StringIO()
    call_command("search_index", "check", stdout=out)
    assert "matches what is public" in out.getvalue()


def test_a_subtree_task_queued_by_an_earlier_release_still_runs(make_page, settings):
    """Tasks waiting in the database queue at an upgrade keep the name they were queued
    under: `sync_subtree` still brings a page and the pages below it in line."""
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Page

    from search.tasks import sync_subtree

    parent = make_page()
    child = make_page(parent=parent)
    Page.objects.filter(pk=child.pk).update(live=False)  # behind the engine's back
    held = IndexEntry.objects.filter(object_key=f"page:{child.pk}")
    assert held.exists()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = sync_subtree.enqueue(parent.pk)
    # What the worker does with a queued row (its own command would close the test's
    # database connection): import the task by its stored path and call it.
    queued = DBTaskResult.objects.get(id=result.id)
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert not held.exists()
    assert keys(parent.word)
