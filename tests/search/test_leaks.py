"""Search never reveals what it does not show, even while an index is stale.

A page is unpublished while Elasticsearch is unreachable, or while indexing tasks wait in the
database for a worker that does not run, or behind the engines' back altogether. Afterwards
every number of the results page (total, each facet count), the spelling suggestions and the
autocomplete must be those of the public page alone, on both engines.
"""

import datetime
import socket
import uuid

import pytest
from wagtail.models import Page, PageViewRestriction

from knowledge.models import PublicationIndexPage, PublicationPage
from search import get_engine
from search.backends import elasticsearch as elasticsearch_module
from search.models import PendingChange
from search.query import SearchQuery
from tests import builders

pytestmark = pytest.mark.django_db

LETTERS = str.maketrans("0123456789", "ghijklmnop")


def word(prefix):
    """A word no other page has: letters only, as the words spelling suggestions offer."""
    return prefix + uuid.uuid4().hex[:8].translate(LETTERS)


def offered(response):
    """The corrections a results page offers: suggested, or searched instead of the words."""
    correction = response.context["correction"]
    suggested = [item["text"] for item in response.context["suggestions"]]
    return suggested + ([correction["text"]] if correction else [])


def near_miss(text):
    """The word with its last letter changed: one edit away."""
    return text[:-1] + ("x" if text[-1] != "x" else "y")


@pytest.fixture
def closed_port_url():
    """An address where nothing listens: connections are refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}"


def point_elasticsearch(settings, url, index):
    """Elasticsearch answers searches (the database engine stays the fallback)."""
    backends = dict(settings.SEARCH_BACKENDS)
    backends["elasticsearch"] = {
        **backends["elasticsearch"],
        "URL": url,
        "INDEX": index,
        "TIMEOUT": 10,
        "RETRIES": 0,
        "REFRESH": "wait_for",
    }
    settings.SEARCH_BACKENDS = backends
    settings.SEARCH_ENGINE = "elasticsearch"
    elasticsearch_module._down_until.clear()


class Scene:
    """Two publications sharing a word: one stays public, the other is hidden by the test."""

    def __init__(self, home, capture):
        self.common = word("quipucomun")
        self.secret = word("quipuoculto")
        self.open = word("quipuabierto")
        first, second = builders.term("region"), builders.term("region")
        self.hidden_region, self.public_region = first.slug, second.slug
        index = PublicationIndexPage(title_es="Publicaciones de prueba", slug_es=word("pubs"))
        home.add_child(instance=index)
        self.public = self._publication(
            index, capture, f"Informe {self.common} {self.open}", datetime.date(2001, 5, 1), second
        )
        self.hidden = self._publication(
            index, capture, f"Informe {self.common} {self.secret}", datetime.date(1999, 5, 1), first
        )

    def _publication(self, index, capture, title, date, region):
        page = PublicationPage(
            title_es=title,
            slug_es=word("pub"),
            intro_es=f"Resumen: {title}.",
            publication_date=date,
        )
        index.add_child(instance=page)
        page.regions.set([region])
        with capture(execute=True):
            page.save_revision().publish()
        return page

    @property
    def hidden_key(self):
        return f"page:{self.hidden.pk}"


@pytest.fixture
def scene(home, django_capture_on_commit_callbacks):
    return lambda: Scene(home, django_capture_on_commit_callbacks)


def facet_numbers(response):
    """{facet: {value: count}} as the results page shows them."""
    return {
        group["name"]: {value["value"]: value["count"] for value in group["values"]}
        for group in response.context["facets"]
    }


def check_nothing_revealed(client, scene, engine, forget_pending=False):
    """Every number, suggestion and completion the public gets counts the public page only.

    `forget_pending`: before each request, the engines' record of what they missed is
    emptied, so each request meets the stale entry as if for the first time.
    """

    def get(path, params):
        if forget_pending:
            PendingChange.objects.all().delete()
        response = client.get(path, params)
        assert response.status_code == 200
        results = response.context.get("results") if response.context else None
        if results is not None:
            assert results.engine == engine, "the test must exercise the engine it names"
        return response

    hidden_title = scene.hidden.title

    # The hidden page's own word: nothing, not even a count or a facet.
    response = get("/es/search/", {"q": scene.secret})
    assert response.context["total"] == 0
    assert response.context["hits"] == []
    assert response.context["facets"] == []
    assert offered(response) == []
    assert hidden_title.encode() not in response.content

    # A word both share: one result, and every facet counts that one.
    response = get("/es/search/", {"q": scene.common})
    assert response.context["total"] == 1
    assert [hit.object_key for hit in response.context["hits"]] == [f"page:{scene.public.pk}"]
    numbers = facet_numbers(response)
    assert numbers["region"] == {scene.public_region: 1}
    assert numbers["year"] == {"2001": 1}
    assert all(count == 1 for values in numbers.values() for count in values.values()), numbers
    assert scene.secret.encode() not in response.content

    # The shared word and the hidden page's region is no oracle.
    response = get("/es/search/", {"q": scene.common, "region": scene.hidden_region})
    assert response.context["total"] == 0
    # The chosen region stays listed so it can be unticked, with nothing in it.
    assert facet_numbers(response)["region"] == {scene.public_region: 1, scene.hidden_region: 0}
    response = get("/es/search/", {"q": scene.common, "region": scene.public_region})
    assert response.context["total"] == 1
    response = get("/es/search/", {"q": f"{scene.common} {scene.secret}"})
    assert response.context["total"] == 0
    response = get("/es/search/", {"q": scene.common, "year_to": 2000})
    assert response.context["total"] == 0

    # A near miss of the hidden word suggests nothing; of the public word, the public word.
    response = get("/es/search/", {"q": near_miss(scene.secret)})
    assert response.context["total"] == 0
    assert offered(response) == []
    assert scene.secret.encode() not in response.content
    assert b"suggestions__link" not in response.content
    assert b'class="correction"' not in response.content
    response = get("/es/search/", {"q": near_miss(scene.open)})
    assert offered(response) == [scene.open]

    # Autocomplete completes the public title only.
    response = get("/es/search/autocomplete/", {"q": f"informe {scene.common[:-2]}"})
    assert [item["title"] for item in response.json()["results"]] == [scene.public.title]
    response = get("/es/search/autocomplete/", {"q": scene.secret[:-2]})
    assert response.json()["results"] == []


def check_both_engines(client, settings, scene, url, index, **options):
    point_elasticsearch(settings, url, index)
    check_nothing_revealed(client, scene, "elasticsearch", **options)
    settings.SEARCH_ENGINE = "database"
    check_nothing_revealed(client, scene, "database", **options)


def test_scene_is_found_before_anything_is_hidden(
    client, settings, scene, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    """The checks below mean something: with both pages public, both are counted."""
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    for engine in ("elasticsearch", "database"):
        settings.SEARCH_ENGINE = engine
        response = client.get("/es/search/", {"q": built.common})
        assert response.context["results"].engine == engine
        assert response.context["total"] == 2
        assert facet_numbers(response)["region"] == {built.hidden_region: 1, built.public_region: 1}
        response = client.get("/es/search/", {"q": near_miss(built.secret)})
        assert offered(response) == [built.secret]


def test_unpublished_while_elasticsearch_is_unreachable(
    client,
    settings,
    scene,
    fresh_elasticsearch,
    closed_port_url,
    django_capture_on_commit_callbacks,
):
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    assert fresh_elasticsearch.keys_for([built.hidden_key])

    point_elasticsearch(settings, closed_port_url, fresh_elasticsearch.alias)
    with django_capture_on_commit_callbacks(execute=True):
        built.hidden.unpublish()
    # Elasticsearch is back, its index still holding the unpublished page.
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    assert fresh_elasticsearch.keys_for([built.hidden_key]), "the index must be stale here"

    check_both_engines(client, settings, built, fresh_elasticsearch.url, fresh_elasticsearch.alias)

    # Once the missed change is applied, the engine shows the public page as before.
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    assert get_engine().retry_pending(due_only=False) == 0
    assert fresh_elasticsearch.keys_for([built.hidden_key]) == []
    check_nothing_revealed(client, built, "elasticsearch")


def test_unpublished_with_the_database_task_backend_and_no_worker(
    client, settings, scene, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        built.hidden.unpublish()
    # The worker never runs in this test: whatever removed the page did so before returning.
    assert fresh_elasticsearch.keys_for([built.hidden_key]) == []
    check_both_engines(client, settings, built, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    assert DBTaskResult.objects.count() >= queued


def test_restricted_with_the_database_task_backend_and_no_worker(
    client, settings, scene, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=built.hidden, restriction_type="login")
    assert fresh_elasticsearch.keys_for([built.hidden_key]) == []
    check_both_engines(client, settings, built, fresh_elasticsearch.url, fresh_elasticsearch.alias)


def test_hidden_behind_the_engines_back(
    client, settings, scene, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    """No signal, no task: both indices hold a page that is no longer live.

    Each request meets the stale entry afresh (what the engines learnt is forgotten before
    each one), so each path - results, counts, suggestions, autocomplete - finds it alone.
    """
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    Page.objects.filter(pk=built.hidden.pk).update(live=False)
    assert fresh_elasticsearch.keys_for([built.hidden_key])
    check_both_engines(
        client,
        settings,
        built,
        fresh_elasticsearch.url,
        fresh_elasticsearch.alias,
        forget_pending=True,
    )


def test_a_stale_entry_found_is_remembered_for_the_engine(
    settings, scene, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    Page.objects.filter(pk=built.hidden.pk).update(live=False)
    results = get_engine().search(SearchQuery(text=built.secret, language="es"))
    assert results.total == 0
    assert set(PendingChange.objects.values_list("engine", "object_key")) == {
        ("elasticsearch", built.hidden_key)
    }
    # The next sync brings the engine in line and forgets it.
    assert get_engine().retry_pending(due_only=False) == 0
    assert fresh_elasticsearch.keys_for([built.hidden_key]) == []
    assert not PendingChange.objects.exists()


def test_file_made_private_with_the_database_task_backend_and_no_worker(
    client, settings, home, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    """The text of a file moved to a private collection finds its page nowhere at once."""
    from django.core.files.base import ContentFile
    from wagtail.models import Collection, CollectionViewRestriction

    from core.models import QuipuDocument, StandardPage
    from tests import files

    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    secret, own = word("quipuanexo"), word("quipupagina")
    root = Collection.get_first_root_node()
    document = QuipuDocument(title_es="Anexo", collection=root, language="es")
    document.file.save(f"{secret}.pdf", ContentFile(files.pdf_with_text(secret)), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    page = StandardPage(
        title_es=f"Página {own}",
        slug_es=own,
        body_es=[{"type": "document", "value": {"document": document.pk}}],
    )
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert get_engine().search(SearchQuery(text=secret, language="es")).total == 1

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    private = root.add_child(name=f"Reservado {secret}")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document.collection = private
    with django_capture_on_commit_callbacks(execute=True):
        document.save()
    for engine in ("elasticsearch", "database"):
        settings.SEARCH_ENGINE = engine
        response = client.get("/es/search/", {"q": secret})
        assert response.context["results"].engine == engine
        assert response.context["total"] == 0
        assert response.context["facets"] == []
        response = client.get("/es/search/", {"q": near_miss(secret)})
        assert offered(response) == []
        response = client.get("/es/search/", {"q": own})
        assert response.context["total"] == 1
        assert secret.encode() not in response.content


@pytest.fixture
def silent_server_url():
    """A server that accepts connections and never answers: only a timeout gets out."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_unpublishing_waits_at_most_the_timeout_when_elasticsearch_hangs(
    settings, scene, fresh_elasticsearch, silent_server_url, django_capture_on_commit_callbacks
):
    import time

    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    built = scene()
    point_elasticsearch(settings, silent_server_url, fresh_elasticsearch.alias)
    backends = dict(settings.SEARCH_BACKENDS)
    backends["elasticsearch"] = {**backends["elasticsearch"], "TIMEOUT": 0.5, "RETRIES": 1}
    settings.SEARCH_BACKENDS = backends
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        built.hidden.unpublish()
    assert time.monotonic() - started < 2.5
    assert PendingChange.objects.filter(
        engine="elasticsearch", object_key=built.hidden_key
    ).exists()
