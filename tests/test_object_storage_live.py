"""A whole Quipu on object storage: the demo loaded into a bucket, served by gunicorn.

The server is configured only by the environment, as in production (AWS_STORAGE_BUCKET_NAME,
AWS_S3_ENDPOINT_URL, credentials), with a media folder that must stay empty. Its several
worker processes read every file from the S3 server process (`s3_server`).
"""

import hashlib
import json
import re
import uuid
from pathlib import Path

import pytest
import requests

from tests.conftest import Bucket, s3_environment
from tests.live import running_site

SHELL_LIST = (
    "import json; from core.models import QuipuDocument as D; "
    "print(json.dumps([{'pk': d.pk, 'url': d.url, 'name': d.file.name, 'sha256': d.sha256, "
    "'downloads': d.download_count} for d in D.objects.order_by('pk')]))"
)


@pytest.fixture(scope="module")
def site_on_s3(s3_server, tmp_path_factory):
    bucket = Bucket(s3_server, f"quipu-live-{uuid.uuid4().hex[:12]}")
    bucket.create()
    folder = tmp_path_factory.mktemp("site-on-s3")
    try:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in s3_environment(s3_server, bucket.name).items():
                patch.setenv(name, value)
            with running_site(folder) as site:
                yield site, bucket, folder / "media"
    finally:
        bucket.destroy()


# A reader's browser: scripted clients such as python-requests are served but not counted
# (core.download_counting).
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126"}


def documents_of(site):
    return json.loads(site.manage("shell", "-c", SHELL_LIST).strip().splitlines()[-1])


def test_the_demo_loader_stores_every_file_in_the_bucket_and_nothing_on_disk(site_on_s3):
    site, bucket, media = site_on_s3
    documents = documents_of(site)
    keys = bucket.keys()
    assert documents
    for document in documents:
        assert document["name"] in keys
        assert hashlib.sha256(bucket.read(document["name"])).hexdigest() == document["sha256"]
    assert any(key.startswith("original_images/") for key in keys)
    assert [path for path in Path(media).rglob("*") if path.is_file()] == []


def test_the_server_sends_documents_and_images_from_the_bucket(site_on_s3):
    site, bucket, _media = site_on_s3
    before = {d["pk"]: d for d in documents_of(site)}
    sent = {}
    for document in before.values():
        response = requests.get(site.url + document["url"], headers=BROWSER, timeout=30)
        if response.status_code == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert hashlib.sha256(response.content).hexdigest() == document["sha256"]
            sent[document["pk"]] = True
    assert sent, "no demo document could be downloaded"
    after = {d["pk"]: d["downloads"] for d in documents_of(site)}
    for pk, document in before.items():
        assert after[pk] == document["downloads"] + (1 if pk in sent else 0)

    home = requests.get(f"{site.url}/es/", timeout=30)
    assert home.status_code == 200
    images = re.findall(r'<img[^>]+src="(/media/images/[^"]+)"', home.text)
    assert images, "the demo home page shows no image"
    for address in images:
        response = requests.get(site.url + address, timeout=30)
        assert response.status_code == 200, address
        assert response.content == bucket.read(address.removeprefix("/media/"))


def test_a_backup_reads_every_file_from_the_bucket(site_on_s3, tmp_path):
    import tarfile

    site, bucket, _media = site_on_s3
    archive = tmp_path / "site-on-s3.tar.gz"
    output = site.manage("backup", str(archive))
    assert "Backup written" in output
    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        for document in documents_of(site):
            member = f"media/{document['name']}"
            assert manifest["files"][member]["sha256"] == document["sha256"]
            assert opened.extractfile(member).read() == bucket.read(document["name"])
    assert manifest["missing_files"] == []
    originals = {key for key in bucket.keys() if key.startswith("original_images/")}
    assert {f"media/{key}" for key in originals} <= set(manifest["files"])
