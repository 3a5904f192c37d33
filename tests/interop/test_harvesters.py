"""Real OAI-PMH harvesters from PyPI (sickle, pyoai) against a real Quipu server.

The server is gunicorn on its own database loaded with the demo content (tests/live.py), with
a small page size so every list needs several resumption tokens. What the public may see is
computed independently, in the server's database, with `core.visibility`; the harvesters
must list exactly that, with complete Dublin Core and addresses that answer.
"""

import json
import os
import urllib.error
import urllib.request

import pytest

from tests.live import running_site

PAGE_SIZE = 7

PUBLIC_ITEMS = """
import json
from core import visibility
from knowledge.models import EventPage, LessonPage, PilotPage, PublicationPage, TrainingMaterialPage
from protocols_library.models import ProtocolVersion, ProtocolWorkPage
keys = []
for model in (EventPage, LessonPage, PilotPage, PublicationPage, TrainingMaterialPage, ProtocolWorkPage):
    keys += [f"page/{pk}" for pk in visibility.public_pages(model.objects.all()).values_list("pk", flat=True)]
versions = ProtocolVersion.objects.select_related("page")
keys += [f"version/{v.pk}" for v in visibility.public_versions(versions)]
print(json.dumps(sorted(keys)))
"""

CHANGES = """
import json
from knowledge.models import LessonIndexPage, LessonPage
index = LessonIndexPage.objects.order_by("path").first()
made = {}
for name in ("kept", "withdrawn"):
    page = LessonPage(
        title_es=f"Lección {name} OAI", title_en=f"OAI {name} lesson",
        slug_es=f"leccion-{name}-oai", slug_en=f"oai-{name}-lesson",
        statement_es="Enunciado.", statement_en="Statement.", date="2020-01-01",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    made[name] = page.pk
draft = LessonPage(
    title_es="Borrador OAI", slug_es="borrador-oai", statement_es="Aún no.", date="2020-01-01", live=False,
)
index.add_child(instance=draft)
draft.save_revision()
made["draft"] = draft.pk
LessonPage.objects.get(pk=made["withdrawn"]).unpublish()
print(json.dumps(made))
"""


@pytest.fixture(scope="module")
def harvest_site(tmp_path_factory):
    previous = os.environ.get("OAI_PAGE_SIZE")
    os.environ["OAI_PAGE_SIZE"] = str(PAGE_SIZE)
    try:
        with running_site(tmp_path_factory.mktemp("harvest-site")) as site:
            made = json.loads(site.manage("shell", "-c", CHANGES).strip().splitlines()[-1])
            public = json.loads(site.manage("shell", "-c", PUBLIC_ITEMS).strip().splitlines()[-1])
            yield site, made, public
    finally:
        if previous is None:
            os.environ.pop("OAI_PAGE_SIZE", None)
        else:
            os.environ["OAI_PAGE_SIZE"] = previous


def key_of(identifier):
    return identifier.split(":", 2)[2]


def answers(url):
    # Redirects (the stable download address) are followed to the file itself.
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return response.status


def test_sickle_lists_every_public_item_with_complete_dublin_core(harvest_site):
    from sickle import Sickle

    site, made, public = harvest_site
    assert len(public) > PAGE_SIZE * 2, "the demo should need several pages"
    harvester = Sickle(f"{site.url}/oai/")
    identify = harvester.Identify()
    assert identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.deletedRecord == "persistent"

    live, deleted = {}, set()
    for record in harvester.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False):
        key = key_of(record.header.identifier)
        assert key not in live and key not in deleted, f"{key} listed twice"
        if record.header.deleted:
            deleted.add(key)
            continue
        live[key] = record.metadata
    assert sorted(live) == public
    assert f"page/{made['kept']}" in live
    assert f"page/{made['draft']}" not in live and f"page/{made['draft']}" not in deleted
    assert f"page/{made['withdrawn']}" in deleted

    checked = set()
    for key, metadata in live.items():
        for element in ("title", "identifier", "language", "type", "date", "rights", "publisher"):
            assert metadata.get(element), f"{key} has no dc:{element}"
        assert set(metadata["language"]) <= {"spa", "eng"}
        for url in metadata["identifier"]:
            if url.startswith("http") and url not in checked:
                checked.add(url)
                assert answers(url) == 200, url
    assert any("/documents/" in url for url in checked)
    assert any(key.startswith("version/") for key in live)

    # Selective harvesting by set, through ListIdentifiers.
    lessons = [
        key_of(header.identifier)
        for header in harvester.ListIdentifiers(metadataPrefix="oai_dc", set="type:lesson")
        if not header.deleted
    ]
    assert lessons and all(key in live for key in lessons)
    assert f"page/{made['kept']}" in lessons


def test_pyoai_harvests_the_same_records_and_reads_deletions(harvest_site):
    from oaipmh.client import Client
    from oaipmh.error import (
        BadArgumentError,
        BadVerbError,
        CannotDisseminateFormatError,
        IdDoesNotExistError,
    )
    from oaipmh.metadata import MetadataRegistry, oai_dc_reader

    site, made, public = harvest_site
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    client = Client(f"{site.url}/oai/", registry)
    identify = client.identify()
    assert identify.protocolVersion() == "2.0"
    assert identify.deletedRecord() == "persistent"
    client.updateGranularity()

    formats = [prefix for prefix, _schema, _ns in client.listMetadataFormats()]
    assert formats == ["oai_dc"]
    specs = {spec for spec, _name, _description in client.listSets()}
    assert {"type:publication", "type:lesson", "language:spa", "language:eng"} <= specs

    live, deleted = [], []
    for header, metadata, _about in client.listRecords(metadataPrefix="oai_dc"):
        key = key_of(header.identifier())
        if header.isDeleted():
            deleted.append(key)
        else:
            live.append(key)
            assert metadata.getField("title")
    assert sorted(live) == public
    assert f"page/{made['withdrawn']}" in deleted

    identifier = f"oai:127.0.0.1:page/{made['kept']}"
    header, metadata, _about = client.getRecord(identifier=identifier, metadataPrefix="oai_dc")
    assert "Lección kept OAI" in metadata.getField("title")
    assert "OAI kept lesson" in metadata.getField("title")

    with pytest.raises(IdDoesNotExistError):
        client.getRecord(identifier="oai:127.0.0.1:page/999999", metadataPrefix="oai_dc")
    with pytest.raises(BadVerbError):
        client.makeRequestErrorHandling(verb="Harvest")
    with pytest.raises(BadArgumentError):
        client.makeRequestErrorHandling(verb="ListRecords", metadataPrefix="oai_dc", until="soon")
    with pytest.raises(CannotDisseminateFormatError):
        client.makeRequestErrorHandling(verb="ListRecords", metadataPrefix="marc21")


def test_the_endpoint_never_answers_an_http_error_to_bad_requests(harvest_site):
    site, _made, _public = harvest_site
    for query in (
        "",
        "verb=",
        "verb=ListRecords&metadataPrefix=oai_dc&from=%00",
        "verb=GetRecord&identifier=%F0%9F%92%A5&metadataPrefix=oai_dc",
        # Longer than any token Quipu hands out, within what the web server accepts.
        "verb=ListRecords&resumptionToken=" + "A" * 1500,
        "verb=ListIdentifiers&metadataPrefix=oai_dc&until=9999-12-31T23:59:59Z",
    ):
        try:
            status = answers(f"{site.url}/oai/?{query}")
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 200, query[:80]
