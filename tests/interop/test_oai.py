"""OAI-PMH at /oai/: verbs, Dublin Core, sets, dates, resumption, deleted records and errors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from lxml import etree
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from interop.oai import key_from_identifier, oai_identifier
from interop.records import Catalogue, day_start, utc_second
from interop.signals import sync_known_records
from tests.interop.conftest import republish
from tests.protocols_library.conftest import make_document as make_protocol_file

pytestmark = pytest.mark.django_db

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def oai(client, method="get", **arguments):
    response = getattr(client, method)(reverse("oai"), arguments)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return etree.fromstring(response.content)


def error_code(tree):
    errors = tree.findall("oai:error", NS)
    return errors[0].get("code") if errors else None


def identifier_of(page):
    return oai_identifier(f"page/{page.pk}")


def dc_values(tree, element, language=None):
    nodes = tree.findall(f".//oai_dc:dc/dc:{element}", NS)
    return [node.text for node in nodes if language is None or node.get(XML_LANG) == language]


def harvest(client, verb="ListIdentifiers", **arguments):
    """Every header of a list, following resumption tokens; (headers, [token elements])."""
    headers, tokens = [], []
    tree = oai(client, verb=verb, metadataPrefix="oai_dc", **arguments)
    while True:
        if error_code(tree) == "noRecordsMatch":
            return headers, tokens
        assert error_code(tree) is None, etree.tostring(tree)
        headers += tree.findall(".//oai:header", NS)
        token = tree.find(f"oai:{verb}/oai:resumptionToken", NS)
        if token is None or not token.text:
            if token is not None:
                tokens.append(token)
            return headers, tokens
        tokens.append(token)
        tree = oai(client, verb=verb, resumptionToken=token.text)


def header_ids(headers):
    return [header.find("oai:identifier", NS).text for header in headers]


# Identify, formats and sets -------------------------------------------------------------


def test_identify_announces_granularity_persistent_deletions_and_base_url(client):
    tree = oai(client, verb="Identify")
    identify = tree.find("oai:Identify", NS)
    assert identify.find("oai:protocolVersion", NS).text == "2.0"
    assert identify.find("oai:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.find("oai:deletedRecord", NS).text == "persistent"
    assert identify.find("oai:baseURL", NS).text == "http://testserver/oai/"
    assert identify.find("oai:adminEmail", NS).text
    earliest = identify.find("oai:earliestDatestamp", NS).text
    assert datetime.datetime.strptime(earliest, "%Y-%m-%dT%H:%M:%SZ")
    assert tree.find("oai:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_and_sets(client, make_publication):
    page = make_publication()
    tree = oai(client, verb="ListMetadataFormats", identifier=identifier_of(page))
    prefixes = [n.text for n in tree.findall(".//oai:metadataPrefix", NS)]
    assert prefixes == ["oai_dc"]
    specs = [n.text for n in oai(client, verb="ListSets").findall(".//oai:setSpec", NS)]
    for spec in ("type", "type:publication", "type:lesson", "type:training", "type:event"):
        assert spec in specs
    assert {"type:protocol", "type:version", "language:spa", "language:eng"} <= set(specs)


def test_the_site_links_to_the_endpoint(client):
    html = client.get("/es/").content.decode()
    assert 'href="/oai/' in html or "http://testserver/oai/" in html


# Records and their Dublin Core ----------------------------------------------------------


def test_publication_record_carries_complete_dublin_core(client, make_publication, make_document):
    from core.models import Sector, Topic

    spanish = make_document(language="es")
    english = make_document(language="en")
    sector = Sector.objects.create(name_es="Salud", name_en="Health", slug="salud-oai")
    topic = Topic.objects.create(name_es="Prevención", name_en="Prevention", slug="prev-oai")
    from knowledge.models import PublicationFile

    page = make_publication(
        title_es="Informe Si se Ve",
        title_en="Si se Ve report",
        authors_es="Ana Pérez; Luis Rojas",
        relations={"sectors": [sector], "topics": [topic]},
    )
    page.files = [PublicationFile(document=spanish), PublicationFile(document=english)]
    republish(page)

    tree = oai(client, verb="GetRecord", identifier=identifier_of(page), metadataPrefix="oai_dc")
    assert error_code(tree) is None
    assert dc_values(tree, "title", "es") == ["Informe Si se Ve"]
    assert dc_values(tree, "title", "en") == ["Si se Ve report"]
    assert dc_values(tree, "creator") == ["Ana Pérez", "Luis Rojas"]
    assert set(dc_values(tree, "language")) == {"spa", "eng"}
    assert dc_values(tree, "date") == ["2017-11-20"]
    assert "info:eu-repo/semantics/report" in dc_values(tree, "type")
    assert "Text" in dc_values(tree, "type")
    assert dc_values(tree, "subject", "es") == ["Salud", "Prevención"]
    assert dc_values(tree, "subject", "en") == ["Health", "Prevention"]
    assert "info:eu-repo/semantics/openAccess" in dc_values(tree, "rights")
    identifiers = dc_values(tree, "identifier")
    assert f"http://testserver{page.url_in('es')}" in identifiers
    assert f"http://testserver{page.url_in('en')}" in identifiers
    for document in (spanish, english):
        assert f"http://testserver{document.url}" in identifiers
    # Every identifier that is an address answers.
    for url in identifiers:
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200, url
    assert "application/pdf" in dc_values(tree, "format")


def test_untranslated_item_has_its_spanish_title_only(client, make_lesson):
    page = make_lesson(title_en="", slug_en="")
    tree = oai(client, verb="GetRecord", identifier=identifier_of(page), metadataPrefix="oai_dc")
    assert dc_values(tree, "title", "en") == []
    assert dc_values(tree, "language") == ["spa"]
    specs = [n.text for n in tree.findall(".//oai:setSpec", NS)]
    assert specs == ["type:lesson", "language:spa"]


def test_versions_and_works_relate_to_each_other(client, make_work, make_version):
    work = make_work()
    old = make_version(work, "2015", "2015-03-01")
    new = make_version(work, "2020", "2020-03-01", change_summary_es="Se añade la ruta de salud.")
    draft = make_version(work, "2025", None, published=False)
    republish(work)

    tree = oai(
        client,
        verb="GetRecord",
        identifier=oai_identifier(f"version/{new.pk}"),
        metadataPrefix="oai_dc",
    )
    assert error_code(tree) is None
    assert dc_values(tree, "title", "es") == ["Protocolo de prueba (versión 2020)"]
    assert dc_values(tree, "title", "en") == ["Test protocol (version 2020)"]
    assert "Se añade la ruta de salud." in dc_values(tree, "description", "es")
    relations = dc_values(tree, "relation")
    assert f"http://testserver{work.route_url('current', 'es')}" in relations
    assert f"http://testserver{work.version_url(old, 'es')}" in relations
    assert f"http://testserver{work.version_url(new, 'es')}" in dc_values(tree, "identifier")
    assert "2020-03-01" in dc_values(tree, "date")

    work_tree = oai(
        client, verb="GetRecord", identifier=identifier_of(work), metadataPrefix="oai_dc"
    )
    work_relations = dc_values(work_tree, "relation")
    assert f"http://testserver{work.version_url(old, 'es')}" in work_relations
    assert f"http://testserver{work.version_url(new, 'es')}" in work_relations
    assert all(draft.slug not in url for url in work_relations)

    # A draft version is no record at all.
    tree = oai(
        client,
        verb="GetRecord",
        identifier=oai_identifier(f"version/{draft.pk}"),
        metadataPrefix="oai_dc",
    )
    assert error_code(tree) == "idDoesNotExist"


def test_protocol_record_gives_the_stable_download_address(client, make_work, make_version):
    work = make_work()
    make_version(work, "2019", "2019-01-01", files=[make_protocol_file("protocolo-2019.pdf")])
    republish(work)
    tree = oai(client, verb="GetRecord", identifier=identifier_of(work), metadataPrefix="oai_dc")
    stable = f"http://testserver{work.route_url('download', 'es', file_language='es')}"
    assert stable in dc_values(tree, "identifier")
    response = client.get(stable.removeprefix("http://testserver"))
    assert response.status_code == 302


def test_list_records_holds_only_what_the_public_may_see(
    client, make_lesson, make_publication, make_document, sections
):
    from knowledge.models import PublicationFile

    public = make_lesson()
    draft = make_lesson(revision=False)
    draft.live = False
    draft.save()
    restricted = make_lesson()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    private_collection = Collection.get_first_root_node().add_child(name="Privada OAI")
    CollectionViewRestriction.objects.create(
        collection=private_collection, restriction_type="login"
    )
    private_file = make_document()
    private_file.collection = private_collection
    private_file.save()
    publication = make_publication()
    publication.files = [PublicationFile(document=private_file)]
    republish(publication)

    headers, _tokens = harvest(client, set="type:lesson")
    ids = header_ids(headers)
    assert identifier_of(public) in ids
    assert identifier_of(draft) not in ids
    assert identifier_of(restricted) not in ids

    tree = oai(
        client, verb="GetRecord", identifier=identifier_of(publication), metadataPrefix="oai_dc"
    )
    assert f"http://testserver{private_file.url}" not in dc_values(tree, "identifier")
    assert private_file.url not in etree.tostring(tree).decode()


# Sets and dates -----------------------------------------------------------------------


def test_sets_by_type_and_language(client, make_lesson, make_event):
    bilingual = make_lesson()
    spanish_only = make_lesson(title_en="", slug_en="")
    event = make_event()
    lessons = header_ids(harvest(client, set="type:lesson")[0])
    assert identifier_of(bilingual) in lessons and identifier_of(event) not in lessons
    english = header_ids(harvest(client, set="language:eng")[0])
    assert identifier_of(bilingual) in english and identifier_of(spanish_only) not in english
    everything = header_ids(harvest(client, set="type")[0])
    assert {identifier_of(bilingual), identifier_of(event)} <= set(everything)


def test_from_and_until_select_by_utc_datestamp(client, make_lesson):
    with freeze_time("2030-01-10T12:00:00Z"):
        early = make_lesson()
    with freeze_time("2030-01-20T08:30:15Z"):
        late = make_lesson()
    with freeze_time("2030-02-01T00:00:00Z"):
        ids = header_ids(harvest(client, **{"from": "2030-01-15"})[0])
        assert identifier_of(late) in ids and identifier_of(early) not in ids
        ids = header_ids(harvest(client, until="2030-01-10")[0])
        assert identifier_of(early) in ids and identifier_of(late) not in ids
        ids = header_ids(
            harvest(client, **{"from": "2030-01-20T08:30:15Z", "until": "2030-01-20T08:30:15Z"})[0]
        )
        assert ids == [identifier_of(late)]
        tree = oai(
            client, verb="GetRecord", identifier=identifier_of(late), metadataPrefix="oai_dc"
        )
        assert tree.find(".//oai:datestamp", NS).text == "2030-01-20T08:30:15Z"


def datestamp_of(client, key):
    tree = oai(client, verb="GetRecord", identifier=oai_identifier(key), metadataPrefix="oai_dc")
    assert error_code(tree) is None, etree.tostring(tree)
    return tree.find(".//oai:datestamp", NS).text, tree


def test_a_new_training_edition_moves_the_material_datestamp_and_a_draft_does_not(
    client, make_material
):
    from tests import builders

    with freeze_time("2030-01-10T12:00:00Z"):
        material = make_material(edition_es="1.ª edición", edition_date="2029-06-01")
        first = material.versions.get()
    key = f"page/{material.pk}"
    with freeze_time("2030-02-01T09:00:00Z"):
        draft = builders.edition(
            material, edition_es="Borrador", edition_date="2030-01-20", published=False
        )
        draft.description_es = "<p>Texto aún no aprobado.</p>"
        draft.save_revision()
        # A draft edition changes nothing a harvester sees.
        assert identifier_of(material) not in header_ids(
            harvest(client, **{"from": "2030-01-15"})[0]
        )
        stamp, tree = datestamp_of(client, key)
        assert stamp == "2030-01-10T12:00:00Z"
        assert dc_values(tree, "date") == ["2029-06-01"]
        assert not any(draft.slug in url for url in dc_values(tree, "relation"))
    with freeze_time("2030-02-05T10:30:00Z"):
        second = builders.edition(
            material, edition_es="2.ª edición", edition_date="2030-01-25", revision=True
        )
    with freeze_time("2030-02-06T00:00:00Z"):
        # Published as its own object, not by republishing the page: the record changed.
        assert identifier_of(material) in header_ids(harvest(client, **{"from": "2030-02-05"})[0])
        stamp, tree = datestamp_of(client, key)
        assert stamp == "2030-02-05T10:30:00Z"
        assert dc_values(tree, "date") == ["2030-01-25"]
        relations = dc_values(tree, "relation")
        assert f"http://testserver{material.version_url(first, 'es')}" in relations
        assert not any(second.slug in url or draft.slug in url for url in relations)
    # An edition published ahead of its date changes the record on that day.
    with freeze_time("2030-03-01T08:00:00Z"):
        builders.edition(
            material, edition_es="3.ª edición", edition_date="2030-04-01", revision=True
        )
    with freeze_time("2030-03-20T00:00:00Z"):
        assert datestamp_of(client, key)[0] == "2030-03-01T08:00:00Z"
    with freeze_time("2030-04-02T00:00:00Z"):
        ids = header_ids(harvest(client, **{"from": "2030-03-15"})[0])
        assert identifier_of(material) in ids
        stamp = datestamp_of(client, key)[0]
        assert stamp == utc_second(day_start(datetime.date(2030, 4, 1))).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )


def test_a_protocol_version_published_on_its_own_moves_the_work_and_version_datestamps(
    client, make_work, make_version
):
    with freeze_time("2030-01-10T12:00:00Z"):
        work = make_work()
        old = make_version(work, "2015", "2015-03-01")
        republish(work)
    with freeze_time("2030-02-01T09:00:00Z"):
        draft = make_version(
            work,
            "2029",
            "2029-12-01",
            published=False,
            no_file_reason="Se publicó solo en el diario oficial.",
        )
        draft.save_revision()
        assert identifier_of(work) not in header_ids(harvest(client, **{"from": "2030-01-15"})[0])
        assert datestamp_of(client, f"page/{work.pk}")[0] == "2030-01-10T12:00:00Z"
    with freeze_time("2030-02-05T10:30:00Z"):
        draft.save_revision().publish()
    with freeze_time("2030-02-06T00:00:00Z"):
        ids = header_ids(harvest(client, **{"from": "2030-02-05"})[0])
        assert {identifier_of(work), oai_identifier(f"version/{draft.pk}")} <= set(ids)
        for key in (f"page/{work.pk}", f"version/{draft.pk}", f"version/{old.pk}"):
            assert datestamp_of(client, key)[0] == "2030-02-05T10:30:00Z", key


def test_resumption_survives_content_published_mid_harvest(client, settings, make_lesson):
    settings.OAI_PAGE_SIZE = 2
    with freeze_time("2031-03-01T10:00:00Z"):
        lessons = [make_lesson() for _ in range(5)]
    with freeze_time("2031-03-02T10:00:00Z"):
        first = oai(
            client,
            verb="ListIdentifiers",
            metadataPrefix="oai_dc",
            set="type:lesson",
            **{"from": "2031-03-01"},
        )
        seen = header_ids(first.findall(".//oai:header", NS))
        token = first.find(".//oai:resumptionToken", NS)
        assert token.get("completeListSize") == "5" and token.get("cursor") == "0"
    # Published, and one of the first page republished, while the harvest is under way.
    with freeze_time("2031-03-02T10:05:00Z"):
        newcomer = make_lesson()
        republish(lessons[0])
    with freeze_time("2031-03-02T10:10:00Z"):
        while token is not None and token.text:
            tree = oai(client, verb="ListIdentifiers", resumptionToken=token.text)
            assert error_code(tree) is None
            seen += header_ids(tree.findall(".//oai:header", NS))
            token = tree.find(".//oai:resumptionToken", NS)
    assert len(seen) == len(set(seen))
    assert identifier_of(newcomer) not in seen
    assert {identifier_of(page) for page in lessons[1:]} <= set(seen)
    # The next incremental harvest picks up what changed during this one.
    with freeze_time("2031-03-02T11:00:00Z"):
        later = header_ids(harvest(client, **{"from": "2031-03-02T10:00:00Z"})[0])
    assert {identifier_of(newcomer), identifier_of(lessons[0])} <= set(later)


# Deleted records --------------------------------------------------------------------------


def test_unpublished_deleted_and_restricted_items_persist_as_deleted_records(
    client, make_lesson, make_work, make_version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        unpublished = make_lesson()
        deleted = make_lesson()
        restricted = make_lesson()
        work = make_work()
        version = make_version(work, "2019", "2019-01-01")
        republish(work)
    gone_version = oai_identifier(f"version/{version.pk}")
    assert (
        error_code(oai(client, verb="GetRecord", identifier=gone_version, metadataPrefix="oai_dc"))
        is None
    )

    with django_capture_on_commit_callbacks(execute=True):
        unpublished.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        deleted_id = identifier_of(deleted)
        deleted.delete()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    with django_capture_on_commit_callbacks(execute=True):
        version.is_published = False
        version.save()
        republish(work)

    for identifier in (
        identifier_of(unpublished),
        deleted_id,
        identifier_of(restricted),
        gone_version,
    ):
        tree = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
        header = tree.find(".//oai:header", NS)
        assert header is not None, identifier
        assert header.get("status") == "deleted", identifier
        assert tree.find(".//oai:metadata", NS) is None
        assert header.findall("oai:setSpec", NS), identifier
    headers, _tokens = harvest(client, set="type:lesson")
    deleted_headers = {
        h.find("oai:identifier", NS).text for h in headers if h.get("status") == "deleted"
    }
    assert {identifier_of(unpublished), deleted_id, identifier_of(restricted)} <= deleted_headers

    # Published again: a live record once more.
    with django_capture_on_commit_callbacks(execute=True):
        republish(unpublished)
    tree = oai(
        client, verb="GetRecord", identifier=identifier_of(unpublished), metadataPrefix="oai_dc"
    )
    assert tree.find(".//oai:header", NS).get("status") is None
    assert tree.find(".//oai:metadata", NS) is not None


def test_an_item_past_its_expiry_date_is_deleted_before_the_scheduler_runs(client, make_lesson):
    page = make_lesson()
    sync_known_records()
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    tree = oai(client, verb="GetRecord", identifier=identifier_of(page), metadataPrefix="oai_dc")
    assert tree.find(".//oai:header", NS).get("status") == "deleted"


# Errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-02-30"}, "badArgument"),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2020-01-01",
                "until": "2020-01-02T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2021-01-01",
                "until": "2020-01-01",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "colour:blue"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "1900-01-01"},
            "noRecordsMatch",
        ),
        ({"verb": "ListIdentifiers", "resumptionToken": "not-a-token"}, "badResumptionToken"),
        (
            {"verb": "ListIdentifiers", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:elsewhere.org:page/1",
            },
            "idDoesNotExist",
        ),
        ({"verb": "ListMetadataFormats", "identifier": "page/999999"}, "idDoesNotExist"),
    ],
)
def test_bad_requests_answer_oai_errors(client, arguments, code):
    tree = oai(client, **arguments)
    assert error_code(tree) == code
    if code in {"badVerb", "badArgument"}:
        assert tree.find("oai:request", NS).attrib == {}


def test_repeated_argument_and_post_requests(client):
    response = client.get("/oai/?verb=Identify&verb=Identify")
    assert error_code(etree.fromstring(response.content)) == "badArgument"
    tree = oai(client, method="post", verb="Identify")
    assert tree.find("oai:Identify", NS) is not None


def test_a_token_for_another_verb_is_refused(client, settings, make_lesson):
    settings.OAI_PAGE_SIZE = 1
    make_lesson()
    make_lesson()
    tree = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = tree.find(".//oai:resumptionToken", NS).text
    assert (
        error_code(oai(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    )
    assert (
        error_code(oai(client, verb="ListIdentifiers", resumptionToken=token[:-3] + "abc"))
        == "badResumptionToken"
    )


def test_identifiers_round_trip():
    assert key_from_identifier(oai_identifier("page/12")) == "page/12"
    assert key_from_identifier(oai_identifier("version/7")) == "version/7"
    for bad in ("page/x", "page/012", "pages/1", "", "oai:other:page/1"):
        assert key_from_identifier(oai_identifier(bad) if ":" not in bad else bad) is None


def test_answers_are_conditional(client, make_lesson):
    make_lesson()
    first = client.get("/oai/", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(
        "/oai/",
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    make_lesson()
    changed = client.get(
        "/oai/",
        {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert changed.status_code == 200


def test_catalogue_runs_a_fixed_number_of_queries(make_lesson, django_assert_max_num_queries):
    for _ in range(3):
        make_lesson()
    with django_assert_max_num_queries(20):
        records = Catalogue().records()
    few = len(records)
    for _ in range(10):
        make_lesson()
    with django_assert_max_num_queries(20):
        assert len(Catalogue().records()) == few + 10


def test_list_records_reads_each_kind_of_item_in_a_fixed_number_of_queries(
    client, make_lesson, make_publication, make_document
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.models import Topic
    from knowledge.models import PublicationFile

    topic = Topic.objects.create(name_es="Tema", name_en="Topic", slug="tema-oai")

    def add_items():
        make_lesson(relations={"topics": [topic]})
        page = make_publication(relations={"topics": [topic]})
        page.files = [PublicationFile(document=make_document())]
        republish(page)

    def count():
        with CaptureQueriesContext(connection) as queries:
            tree = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="type:lesson")
            tree = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="type:publication")
        assert error_code(tree) is None
        return len(queries)

    add_items()
    count()  # the first answer also fills per-process caches (content types, sites)
    few = count()
    for _ in range(8):
        add_items()
    count()  # the first answer after a change reads the site-wide answers again
    assert count() == few


def test_the_records_command_keeps_items_hidden_outside_the_admin(client, make_lesson):
    import io

    from django.core.management import call_command

    page = make_lesson()
    call_command("oai_records", stdout=io.StringIO())
    # Hidden by a data change no signal sees.
    type(page).objects.filter(pk=page.pk).update(live=False)
    output = io.StringIO()
    call_command("oai_records", stdout=output)
    assert "1 withdrawn" in output.getvalue()
    tree = oai(client, verb="GetRecord", identifier=identifier_of(page), metadataPrefix="oai_dc")
    assert tree.find(".//oai:header", NS).get("status") == "deleted"
