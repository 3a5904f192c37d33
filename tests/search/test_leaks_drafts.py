"""Words of drafts, restricted pages and private files reach no search channel on any engine.

Each hidden kind is built with a word of its own; the word must give no result, no count,
no facet, no spelling suggestion (for a near miss) and no completion, on the results page
of both engines, and no result from the API's `?search=`.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from core.models import QuipuDocument, StandardPage
from tests import files
from tests.search.test_leaks import near_miss, offered, point_elasticsearch, word

pytestmark = pytest.mark.django_db


def publish(page, capture):
    with capture(execute=True):
        page.save_revision().publish()
    return page


def make_page(home, capture, title, **fields):
    page = StandardPage(title_es=title, slug_es=word("pagina"), **fields)
    home.add_child(instance=page)
    return publish(page, capture)


def draft_of_a_live_page(home, capture, secret):
    page = make_page(home, capture, f"Página pública {word('quipuvisible')}")
    page.title_es = f"Borrador {secret}"
    page.title = page.title_es
    page.intro_es = f"Introducción en borrador con {secret}."
    page.body_es = [{"type": "paragraph", "value": f"<p>Cuerpo en borrador {secret}.</p>"}]
    with capture(execute=True):
        page.save_revision()
    return page


def never_published(home, capture, secret):
    page = StandardPage(title_es=f"Nunca publicado {secret}", slug_es=secret, live=False)
    home.add_child(instance=page)
    with capture(execute=True):
        page.save_revision()
    return page


def restricted(kind):
    def build(home, capture, secret):
        page = make_page(home, capture, f"Reservado {secret}", intro_es=f"Resumen {secret}.")
        with capture(execute=True):
            if kind == "groups":
                restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind)
                restriction.groups.set([Group.objects.first()])
            else:
                PageViewRestriction.objects.create(
                    page=page, restriction_type=kind, password="quipu-clave"
                )
        return page

    return build


def scheduled(home, capture, secret):
    import datetime

    from django.utils import timezone

    page = StandardPage(title_es=f"Programado {secret}", slug_es=secret, live=False)
    home.add_child(instance=page)
    page.go_live_at = timezone.now() + datetime.timedelta(days=3)
    with capture(execute=True):
        page.save_revision().publish()
    return page


def child_of_a_restricted_page(home, capture, secret):
    parent = make_page(home, capture, f"Sección {word('quiputecho')}")
    with capture(execute=True):
        PageViewRestriction.objects.create(page=parent, restriction_type="login")
    child = StandardPage(title_es=f"Hija reservada {secret}", slug_es=secret)
    parent.add_child(instance=child)
    return publish(child, capture)


def private_file(home, capture, secret):
    root = Collection.get_first_root_node()
    collection = root.add_child(name=f"Privada {secret}")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = QuipuDocument(title_es=f"Anexo {secret}", collection=collection, language="es")
    document.file.save(f"{secret}.pdf", ContentFile(files.pdf_with_text(secret)), save=False)
    with capture(execute=True):
        document.save()
    return make_page(
        home,
        capture,
        f"Con anexo privado {word('quipuvisible')}",
        body_es=[{"type": "document", "value": {"document": document.pk}}],
    )


HIDDEN_KINDS = {
    "draft revision of a live page": draft_of_a_live_page,
    "never published": never_published,
    "scheduled": scheduled,
    "restricted by login": restricted("login"),
    "restricted by password": restricted("password"),
    "restricted to a group": restricted("groups"),
    "below a restricted page": child_of_a_restricted_page,
    "file in a private collection": private_file,
}


@pytest.mark.parametrize("kind", list(HIDDEN_KINDS))
def test_hidden_words_reach_no_search_channel(
    kind, client, settings, home, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    # Something public, so that Elasticsearch has an index to answer from.
    make_page(home, django_capture_on_commit_callbacks, f"Pública {word('quipuvisible')}")
    secret = word("quipusecreto")
    HIDDEN_KINDS[kind](home, django_capture_on_commit_callbacks, secret)
    # A public page one edit away from the near miss would make a suggestion legitimate.
    probe = near_miss(secret)
    for engine in ("elasticsearch", "database"):
        settings.SEARCH_ENGINE = engine
        for language in ("es", "en"):
            response = client.get(f"/{language}/search/", {"q": secret})
            assert response.context["results"].engine == engine
            assert response.context["total"] == 0, (engine, language)
            assert response.context["facets"] == []
            response = client.get(f"/{language}/search/", {"q": probe})
            assert offered(response) == [], (engine, language)
            assert secret.encode() not in response.content
            response = client.get(f"/{language}/search/autocomplete/", {"q": secret[:-2]})
            assert response.json()["results"] == [], (engine, language)
    response = client.get("/api/v2/pages/", {"search": secret})
    assert response.status_code == 200
    assert response.json()["items"] == []
    response = client.get("/api/v2/documents/", {"search": secret})
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_the_same_channels_find_a_public_word(
    client, settings, home, fresh_elasticsearch, django_capture_on_commit_callbacks
):
    """The control: built the same way but public, the word reaches every channel above."""
    point_elasticsearch(settings, fresh_elasticsearch.url, fresh_elasticsearch.alias)
    secret = word("quipupublico")
    page = make_page(home, django_capture_on_commit_callbacks, f"Abierto {secret}")
    for engine in ("elasticsearch", "database"):
        settings.SEARCH_ENGINE = engine
        response = client.get("/es/search/", {"q": secret})
        assert response.context["results"].engine == engine
        assert response.context["total"] == 1
        response = client.get("/es/search/", {"q": near_miss(secret)})
        assert offered(response) == [secret]
        response = client.get("/es/search/autocomplete/", {"q": secret[:-2]})
        assert [item["title"] for item in response.json()["results"]] == [page.title]
    response = client.get("/api/v2/pages/", {"search": secret})
    assert [item["id"] for item in response.json()["items"]] == [page.pk]
