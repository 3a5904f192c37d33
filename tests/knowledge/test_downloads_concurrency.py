"""Downloads counted under real concurrency: a multi-process, multi-threaded server, forty
readers at once."""

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

DOWNLOADS = 40


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126"


def get(url, client=None):
    """A download by a browser; `client` gives it its own identity, as distinct readers have.

    Robots and one reader's repeats within 30 s are not counted (core.download_counting).
    """
    headers = {"User-Agent": BROWSER}
    if client is not None:
        from config.ratelimit import CLIENT_COOKIE, _signer

        headers["Cookie"] = f"{CLIENT_COOKIE}={_signer.sign(f'reader-{client}')}"
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - the live server
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
        return response.status, response.headers


def first_public_document(live_site):
    """(id, download URL) of the first document the public API lists."""
    api = f"{live_site.url}/api/v2/documents/"
    with urllib.request.urlopen(api, timeout=30) as response:  # noqa: S310 - the live server
        listing = json.load(response)
    assert listing["items"], "the demo content should include public documents"
    document = listing["items"][0]
    return document["id"], document["meta"]["download_url"]


def download_count(live_site, document_id):
    output = live_site.manage(
        "shell",
        "--verbosity=0",
        "--command",
        "from core.models import QuipuDocument; "
        f"print(QuipuDocument.objects.get(pk={int(document_id)}).download_count)",
    )
    return int(output.strip().splitlines()[-1])


def test_concurrent_downloads_are_all_served_and_all_counted(live_site):
    document_id, url = first_public_document(live_site)
    assert url.startswith(f"{live_site.url}/documents/")
    before = download_count(live_site, document_id)

    with ThreadPoolExecutor(max_workers=DOWNLOADS) as pool:
        responses = list(pool.map(get, [url] * DOWNLOADS, range(DOWNLOADS)))

    assert [status for status, _ in responses] == [200] * DOWNLOADS
    for _, headers in responses:
        assert headers["Content-Disposition"].startswith("attachment")
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert download_count(live_site, document_id) == before + DOWNLOADS
