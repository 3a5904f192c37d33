"""The API's `?search=` on pages, documents and images: hostile input never answers 500.

Search text is read by the public search's own rules (printable characters, at most 200,
quoted phrases when the quotes balance, at most 12 words or phrases); an unknown
`search_operator` is a 400 with a sentence saying what is accepted.
"""

import uuid

import pytest

from core.models import StandardPage

pytestmark = pytest.mark.django_db

ENDPOINTS = ("/api/v2/pages/", "/api/v2/documents/", "/api/v2/images/")

HOSTILE = [
    '"',
    '""',
    '"""',
    '"protocolo',
    'protocolo"',
    '"protocolo" "',
    "'",
    "'protocolo",
    "l'école",
    "';",
    '";',
    "'; DROP TABLE wagtailcore_page; --",
    '"; SELECT 1; --',
    "\x00",
    "protocolo\x00",
    "\x00'\";--",
    "",
    " ",
    "      ",
    "\t\n\r",
    "\u00a0\u2003",
    "*",
    "protocolo*",
    "(",
    ")",
    "((protocolo)",
    "protocolo OR",
    "OR",
    "AND",
    "NOT",
    "- protocolo",
    "NEAR(protocolo salud)",
    "title:protocolo",
    "protocolo:",
    "^protocolo",
    "{protocolo}",
    "[protocolo]",
    "\\",
    "%",
    "_",
    "%_%",
    "😀",
    "\u202eprotocolo",
    "<script>alert(1)</script>",
    "a.b.c",
    "x" * 5000,
    "protocolo " * 700,
    " ".join(f"palabra{number}" for number in range(700)),
    " AND ".join(["salud"] * 400),
    '"' * 701,
    "(" * 1000,
]


def check_answer(response):
    """200 with a listing, or 400 with a message: never anything else."""
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])
    body = response.json()
    if response.status_code == 400:
        assert body["message"]
    else:
        assert "items" in body


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_hostile_search_text_never_fails(client, endpoint):
    # Every input is tried, and every failure listed, rather than stopping at the first.
    client.raise_request_exception = False
    failures = []
    for text in HOSTILE:
        response = client.get(endpoint, {"search": text})
        if response.status_code != 200:
            failures.append((text[:40], response.status_code))
            continue
        check_answer(response)
    assert failures == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("operator", ["xor", "AND OR", "\x00", "and;", "nand", "o r"])
def test_unknown_search_operator_is_a_clear_400(client, endpoint, operator):
    response = client.get(endpoint, {"search": "protocolo", "search_operator": operator})
    assert response.status_code == 400
    message = response.json()["message"]
    assert "search_operator" in message
    assert "and" in message and "or" in message


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("operator", ["and", "or", "AND", "Or", ""])
def test_known_search_operators_are_accepted(client, endpoint, operator):
    response = client.get(endpoint, {"search": "protocolo salud", "search_operator": operator})
    assert response.status_code == 200
    check_answer(response)


def test_search_text_is_read_as_the_public_search_reads_it(
    client, home, django_capture_on_commit_callbacks
):
    word = "quipuapi" + uuid.uuid4().hex[:6]
    page = StandardPage(title_es=f"Página {word} de prueba", slug_es=word)
    home.add_child(instance=page)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    def found(text, **params):
        response = client.get("/api/v2/pages/", {"search": text, **params})
        assert response.status_code == 200, response.content[:300]
        return [item["id"] for item in response.json()["items"]]

    assert found(word) == [page.pk]
    # Unbalanced quotes are dropped, as the public search drops them.
    assert found(f'"{word}') == [page.pk]
    assert found(f"{word}\x00") == [page.pk]
    assert found(f"'; {word} --") == [page.pk]
    # A balanced phrase stays a phrase.
    assert found(f'"página {word}"') == [page.pk]
    assert found(f'"{word} página"') == []
    # Nothing searchable finds nothing (the public search shows no results either).
    assert found("   ") == []
    assert found('";') == []
    # Every word must match unless the client asks for any of them.
    assert found(f"{word} quipunadaparecido") == []
    assert found(f"{word} quipunadaparecido", search_operator="or") == [page.pk]


def test_operator_error_speaks_the_clients_language(client):
    response = client.get("/api/v2/pages/", {"search": "salud", "search_operator": "xor"})
    assert response.status_code == 400
    assert "debe ser" in response.json()["message"]
    response = client.get(
        "/api/v2/pages/",
        {"search": "salud", "search_operator": "xor"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["message"] == "search_operator must be “and” or “or”."
