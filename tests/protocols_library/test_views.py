"""What officials see at each address of a work, in both languages."""

import json
import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from freezegun import freeze_time

from core.models import QuipuDocument
from tests import builders

from .conftest import day, make_document, sections

pytestmark = pytest.mark.django_db

TODAY = "2024-06-15 17:00:00"  # noon in Lima


@pytest.fixture
def frozen():
    with freeze_time(TODAY):
        yield


@pytest.fixture
def protocol(frozen, make_work, make_version):
    """v1 superseded, v2 in force, v3 approved for later, and a draft."""
    work = make_work(
        title_es="Protocolo de actuación conjunta CEM-EESS",
        title_en="CEM-health facilities joint action protocol",
        slug="protocolo-cem-eess",
        description_es="Coordinación entre CEM y establecimientos de salud.",
        description_en="Coordination between CEM and health facilities.",
    )
    ids = ["objeto", "plazo"]
    mimp = builders.term(
        "institution",
        "mimp",
        "Ministerio de la Mujer y Poblaciones Vulnerables",
        "Ministry of Women and Vulnerable Populations",
        acronym_es="MIMP",
        acronym_en="MIMP",
    )
    versions = {
        "v1": make_version(
            work,
            "v1",
            "2019-03-10",
            approved="2019-03-01",
            approving_instrument_number="000-2019-MIMP",
            approving_body=mimp,
            is_demo_reference=True,
            sections_es=sections(
                ("Objeto", "Atención articulada."),
                ("Plazo", "Comunicar el caso en un plazo máximo de 24 horas."),
                ids=ids,
            ),
            sections_en=sections(
                ("Purpose", "Coordinated care."),
                ("Deadline", "Notify the case within 24 hours at most."),
                ids=ids,
            ),
            files=[
                make_document("v1-es.pdf", "es", "Primera versión"),
                make_document("v1-en.pdf", "en", "First version"),
            ],
        ),
        "v2": make_version(
            work,
            "v2",
            "2022-03-15",
            approved="2022-03-01",
            approving_instrument_number="001-2022-MIMP",
            approving_body=mimp,
            is_demo_reference=True,
            change_summary_es="Acorta el plazo de comunicación.",
            change_summary_en="Shortens the notification deadline.",
            sections_es=sections(
                ("Objeto", "Atención articulada."),
                ("Plazo", "Comunicar el caso el mismo día."),
                ids=ids,
            ),
            sections_en=sections(
                ("Purpose", "Coordinated care."),
                ("Deadline", "Notify the case on the same day."),
                ids=ids,
            ),
            files=[
                make_document("v2-es.pdf", "es", "Segunda versión"),
                make_document("v2-en.pdf", "en", "Second version"),
            ],
        ),
        "v3": make_version(
            work,
            "v3",
            "2024-08-01",
            approved="2024-06-01",
            approving_instrument_number="002-2024-MIMP",
            files=[make_document("v3-es.pdf", "es", "Tercera versión")],
        ),
        "draft": make_version(work, "borrador", None, published=False),
    }
    return work, versions


def address(work, language, tail=""):
    return work.url_in(language) + tail


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def marked(html, tag):
    """The words inside <ins> or <del> in the compared text, without the screen-reader labels."""
    text = html[html.index('<div class="diff"') :]
    text = re.sub(r'<span class="visually-hidden">.*?</span>', "", text)
    return re.findall(rf"<{tag}>(.*?)</{tag}>", text, re.S)


ADDRESSES = [
    # (language, tail, expected status)
    ("es", "", 200),
    ("es", "versiones/", 200),
    ("es", "comparar/", 200),
    ("es", "comparar/?from=v1&to=v2", 200),
    ("es", "v/v1/", 200),
    ("es", "v/v2/", 200),
    ("es", "v/v3/", 200),
    ("es", "v/v1/imprimir/", 200),
    ("es", "descargar/es/", 302),
    ("es", "descargar/en/", 302),
    ("es", "v/no-existe/", 404),
    ("es", "descargar/fr/", 404),
    ("es", "comparar/?from=no-existe", 404),
    ("en", "", 200),
    ("en", "versions/", 200),
    ("en", "compare/", 200),
    ("en", "compare/?from=v1&to=v3", 200),
    ("en", "v/v1/", 200),
    ("en", "v/v2/", 200),
    ("en", "v/v3/", 200),
    ("en", "v/v2/print/", 200),
    ("en", "download/en/", 302),
    ("en", "download/es/", 302),
    ("en", "v/does-not-exist/print/", 404),
    ("en", "download/xx/", 404),
]


@pytest.mark.parametrize(("language", "tail", "expected"), ADDRESSES)
def test_every_address_answers_in_both_languages(protocol, client, language, tail, expected):
    work, _versions = protocol
    response = client.get(address(work, language, tail))
    assert response.status_code == expected


def test_work_pages_use_translated_slugs(protocol):
    work, _versions = protocol
    assert address(work, "es").endswith("/es/biblioteca-de-prueba/protocolo-cem-eess/")
    assert address(work, "en").endswith("/en/test-library/protocolo-cem-eess-en/")


@pytest.mark.parametrize(
    ("language", "wrong", "right"),
    [
        ("en", "versiones/", "versions/"),
        ("es", "versions/", "versiones/"),
        ("en", "v/v1/imprimir/", "v/v1/print/"),
        ("es", "compare/?from=v1&to=v2", "comparar/?from=v1&to=v2"),
    ],
)
def test_route_spelled_in_the_other_language_redirects(protocol, client, language, wrong, right):
    work, _versions = protocol
    response = client.get(address(work, language, wrong))
    assert response.status_code == 301
    assert response["Location"] == address(work, language, right)


def test_work_address_shows_the_version_in_force_with_its_instrument(protocol, client):
    work, versions = protocol
    response = client.get(address(work, "es"))
    assert response.context["version"] == versions["v2"]
    html = response.content.decode()
    assert "Comunicar el caso el mismo día." in html
    assert "R.M. N.° 001-2022-MIMP" in html
    assert 'class="demo-mark"' in html
    assert 'class="status status--in_force"' in html
    # Both stable download links, not the files of this version.
    assert address(work, "es", "descargar/es/") in html
    assert address(work, "es", "descargar/en/") in html


def test_in_force_version_announces_the_approved_next_version_after_it_as_a_caution(
    protocol, client
):
    work, _versions = protocol
    html = client.get(address(work, "en")).content.decode()
    card = html.index('<section class="version-card version-card--in_force"')
    upcoming = html.index('<aside class="upcoming-change"')
    # The version in force comes first; what comes next follows it, never before it.
    assert card < upcoming
    assert 'class="banner banner--notice"' not in html
    notice = html[upcoming : html.index("</aside>", upcoming)]
    assert 'class="status status--not_yet_in_force"' in notice
    assert "enters into force on Aug. 1, 2024" in notice
    assert address(work, "en", "v/v3/") in notice


def test_version_card_names_the_version_once_with_its_status_chip(protocol, client):
    work, _versions = protocol
    html = client.get(address(work, "en")).content.decode()
    card = html[html.index('<section class="version-card') : html.index("</section>")]
    # Said once, in the title, with the chip: no "Version" or "Status" rows repeat it.
    assert "<dt>Version</dt>" not in card and "<dt>Status</dt>" not in card
    assert re.search(r'<h2 id="version-title"[^>]*>\s*Version v2\s*<span class="status', card)
    assert '<span class="status__label">In force</span>' in card
    assert '<span class="status__when">since March 15, 2022</span>' in card


def test_old_and_future_versions_label_their_files_and_keep_their_bar_on_screen(protocol, client):
    work, _versions = protocol
    for slug, code, bar in (
        ("v1", "superseded", "superseded"),
        ("v3", "not_yet_in_force", "future"),
    ):
        html = client.get(address(work, "en", f"v/{slug}/")).content.decode()
        assert f'class="banner banner--{bar}"' in html
        files = html[html.index('<section class="files"') :]
        files = files[: files.index("</section>")]
        links = files.count("<a href=")
        assert links and files.count(f'class="status status--{code}"') == links


def test_old_version_shows_superseded_banner_with_date_and_link_to_the_version_in_force(
    protocol, client
):
    work, _versions = protocol
    response = client.get(address(work, "en", "v/v1/"))
    html = response.content.decode()
    assert 'class="banner banner--superseded"' in html
    assert "This version was superseded on March 15, 2022 by version v2." in html
    assert f'<a href="{address(work, "en")}">Read the version in force (v2)</a>' in html
    assert "within 24 hours at most" in html


def test_future_version_says_when_it_enters_into_force(protocol, client):
    work, _versions = protocol
    html = client.get(address(work, "en", "v/v3/")).content.decode()
    assert 'class="banner banner--future"' in html
    assert "Approved; enters into force on Aug. 1, 2024." in html
    assert "Until then, version v2 is in force." in html


def test_repealed_work_says_so_on_every_version(protocol, client):
    work, versions = protocol
    in_force = versions["v2"]
    in_force.repeal_date = day("2024-06-01")
    in_force.repealing_instrument_type = "decreto_supremo"
    in_force.repealing_instrument_number = "009-2024-MIMP"
    in_force.save()
    versions["v3"].delete()
    for tail in ["", "v/v1/", "v/v2/", "versions/"]:
        html = client.get(address(work, "en", tail)).content.decode()
        assert 'class="banner banner--repealed"' in html, tail
        assert "was repealed with effect from June 1, 2024" in html, tail
        assert "D.S. N.° 009-2024-MIMP" in html, tail
    # The stable download never answers "not found": it leads to the work, which says why.
    download = client.get(address(work, "en", "download/es/"))
    assert download.status_code == 302
    assert download["Location"] == address(work, "en")


def test_the_switch_to_the_next_version_happens_on_its_date(protocol, client):
    work, versions = protocol
    with freeze_time("2024-08-01 17:00:00"):
        response = client.get(address(work, "es"))
        assert response.context["version"] == versions["v3"]
        download = client.get(address(work, "es", "descargar/es/"))
        assert download["Location"] == versions["v3"].pdf_in("es").url
        html = client.get(address(work, "es", "v/v2/")).content.decode()
        assert 'class="banner banner--superseded"' in html


def test_stable_download_serves_the_pdf_in_force_and_counts_it(protocol, client):
    work, versions = protocol
    response = client.get(address(work, "en", "download/en/"))
    document = versions["v2"].pdf_in("en")
    assert response.status_code == 302
    assert response["Location"] == document.url
    assert "no-cache" in response["Cache-Control"]
    served = client.get(response["Location"])
    assert served.status_code == 200
    assert b"".join(served.streaming_content).startswith(b"%PDF")
    assert QuipuDocument.objects.get(pk=document.pk).download_count == 1


def test_english_download_falls_back_to_the_spanish_file(protocol, client):
    work, versions = protocol
    versions["v2"].files.filter(document__language="en").delete()
    response = client.get(address(work, "en", "download/en/"))
    assert response["Location"] == versions["v2"].pdf_in("es").url


@pytest.mark.parametrize(
    "tail", ["v/borrador/", "v/borrador/imprimir/", "comparar/?from=v2&to=borrador"]
)
def test_draft_version_is_not_found_by_anyone_on_the_public_site(
    protocol, client, admin_client, tail
):
    work, _versions = protocol
    assert client.get(address(work, "es", tail)).status_code == 404
    assert admin_client.get(address(work, "es", tail)).status_code == 404


def test_drafts_are_left_out_of_history_and_comparison_choices(protocol, client):
    work, _versions = protocol
    history = client.get(address(work, "es", "versiones/"))
    assert [entry["version"].label for entry in history.context["entries"]] == ["v3", "v2", "v1"]
    compare = client.get(address(work, "es", "comparar/"))
    assert [choice.label for choice in compare.context["choices"]] == ["v1", "v2", "v3"]
    assert "borrador" not in history.content.decode()


def test_editor_previews_a_draft_version(protocol, admin_user):
    work, _versions = protocol
    request = RequestFactory().get("/")
    request.user = admin_user
    # The work offers two previews whatever its number of versions; each version previews itself.
    assert [mode for mode, _label in work.preview_modes] == ["", "history"]
    draft = work.versions.get(slug="borrador")
    response = draft.make_preview_request(request)
    assert response.status_code == 200
    assert b'class="banner banner--draft"' in response.content


def test_history_lists_versions_newest_first_with_status_and_dates(protocol, client):
    work, _versions = protocol
    html = client.get(address(work, "en", "versions/")).content.decode()
    positions = [html.index(f"Version {label}</a>") for label in ("v3", "v2", "v1")]
    assert positions == sorted(positions)
    assert "In force from March 10, 2019 until it was superseded on March 15, 2022" in html
    assert "Enters into force on Aug. 1, 2024" in html
    assert address(work, "en", "compare/?from=v1&amp;to=v2") in html


def test_compare_view_marks_inserted_and_deleted_words_and_metadata(protocol, client):
    work, _versions = protocol
    response = client.get(address(work, "es", "comparar/?from=v1&to=v2"))
    html = response.content.decode()
    assert marked(html, "del") == ["en un plazo máximo de 24 horas"]
    assert marked(html, "ins") == ["el mismo día"]
    # The page is Spanish, so are its row labels.
    rows = {row.label: row for row in response.context["metadata"]}
    with translation.override("es"):
        assert rows[gettext("Approving instrument")].changed
        assert rows[gettext("PDF in Spanish")].changed
        assert not rows[gettext("Issued by")].changed
    # The unchanged section is there, folded away.
    assert '<details class="diff__section diff__section--unchanged">' in html


def test_compare_in_english_compares_the_english_text(protocol, client):
    work, _versions = protocol
    html = client.get(address(work, "en", "compare/?from=v1&to=v2")).content.decode()
    assert marked(html, "del") == ["within 24 hours at most"]
    assert marked(html, "ins") == ["on the same day"]


def test_compare_defaults_to_the_version_in_force_and_its_predecessor(protocol, client):
    work, versions = protocol
    response = client.get(address(work, "es", "comparar/"))
    assert response.context["old"] == versions["v1"]
    assert response.context["new"] == versions["v2"]


def test_comparing_a_version_with_itself_asks_for_two_versions(protocol, client):
    work, _versions = protocol
    response = client.get(address(work, "en", "compare/?from=v2&to=v2"))
    assert response.status_code == 200
    assert "You chose the same version twice." in response.content.decode()


def test_version_text_missing_in_english_is_shown_in_spanish_and_said_so(protocol, client):
    work, versions = protocol
    versions["v2"].sections_en = []
    versions["v2"].save()
    html = client.get(address(work, "en")).content.decode()
    assert "The text of this version is available only in Spanish." in html
    assert '<div class="protocol-text" lang="es">' in html
    assert "Comunicar el caso el mismo día." in html


def test_language_switcher_and_alternates_keep_the_view(protocol, client):
    work, _versions = protocol
    html = client.get(address(work, "es", "versiones/")).content.decode()
    assert f'hreflang="en" href="http://testserver{address(work, "en", "versions/")}"' in html
    html = client.get(address(work, "es", "comparar/?from=v1&to=v2")).content.decode()
    assert f'href="{address(work, "en", "compare/?from=v1&amp;to=v2")}"' in html


def test_print_view_has_the_version_without_site_navigation(protocol, client):
    work, _versions = protocol
    html = client.get(address(work, "en", "v/v1/print/")).content.decode()
    assert "site-header" not in html
    assert "Notify the case within 24 hours at most." in html
    assert "R.M. N.° 000-2019-MIMP" in html
    assert "Superseded" in html
    assert "March 10, 2019" in html


def test_work_page_describes_the_work_as_legislation_with_its_versions(protocol, client):
    work, _versions = protocol
    data = json_ld(client.get(address(work, "en")))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Legislation"
    assert data["name"] == "CEM-health facilities joint action protocol"
    assert data["url"] == f"http://testserver{address(work, 'en')}"
    assert data["inLanguage"] == "en"
    assert data["legislationIdentifier"] == "R.M. N.° 001-2022-MIMP"
    assert data["legislationDate"] == "2022-03-01"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    examples = {example["version"]: example for example in data["workExample"]}
    assert set(examples) == {"v1", "v2", "v3"}
    assert examples["v1"]["url"] == f"http://testserver{address(work, 'en', 'v/v1/')}"
    assert examples["v1"]["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert examples["v2"]["legislationLegalForce"] == "https://schema.org/InForce"
    assert examples["v2"]["encoding"][0]["encodingFormat"] == "application/pdf"


def test_version_page_describes_the_version_and_its_work(protocol, client):
    work, _versions = protocol
    data = json_ld(client.get(address(work, "es", "v/v1/")))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "R.M. N.° 000-2019-MIMP"
    assert data["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert data["inLanguage"] == "es"
    assert data["url"] == f"http://testserver{address(work, 'es', 'v/v1/')}"
    assert data["exampleOfWork"]["url"] == f"http://testserver{address(work, 'es')}"


def test_work_without_any_published_version_says_so(frozen, make_work, make_version, client):
    work = make_work()
    make_version(work, "borrador", None, published=False)
    response = client.get(work.url_in("es"))
    assert response.status_code == 200
    assert response.context["version"] is None
    download = client.get(work.url_in("es") + "descargar/es/")
    assert download.status_code == 302
    assert download["Location"] == work.url_in("es")
