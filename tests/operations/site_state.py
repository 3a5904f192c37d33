"""What a visitor and an auditor see of a site, as plain data, to compare two installations.

Run in the test process for the site that was backed up, and in a subprocess for the one it
was restored into (`manage.py shell -c "from tests.operations.site_state import main; main()"`),
then compared: public pages (status and title, both languages), every document's bytes and
download count, every image's bytes, protocol versions, search answers, and the number of rows
of every archived table.
"""

import hashlib
import html
import json
import re

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
RESULT = re.compile(r'class="result__title"><a href="([^"]+)"')
MAX_RESULT_PAGES = 20


def stored_sha256(field_file):
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def site_state(queries=()):
    from django.test import Client
    from django.utils import translation
    from wagtail.models import Page

    from core.models import QuipuDocument, QuipuImage
    from operations.archive import row_counts
    from protocols_library.models import ProtocolVersion

    client = Client()
    pages = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        for language in ("es", "en"):
            with translation.override(language):
                url = page.get_url()
            if not url:
                continue
            response = client.get(url)
            match = TITLE.search(response.content.decode()) if response.status_code == 200 else None
            title = html.unescape(" ".join(match.group(1).split())) if match else ""
            pages[url] = [response.status_code, title]
    documents = {
        str(document.pk): {
            "name": document.file.name,
            "sha256": stored_sha256(document.file),
            "downloads": document.download_count,
            "title_es": document.title_es,
            "title_en": document.title_en,
        }
        for document in QuipuDocument.objects.order_by("pk")
    }
    images = {
        str(image.pk): {"name": image.file.name, "sha256": stored_sha256(image.file)}
        for image in QuipuImage.objects.order_by("pk")
    }
    versions = {
        str(version.pk): [version.label, str(version.status)]
        for version in ProtocolVersion.objects.order_by("pk")
    }
    # Everything each search finds, page after page: the order is the engine's own (a site
    # restored from SQLite into PostgreSQL ranks with ts_rank), what is found must not change.
    search = {}
    for language in ("es", "en"):
        for query in queries:
            found = set()
            for number in range(1, MAX_RESULT_PAGES + 1):
                response = client.get(f"/{language}/search/", {"q": query, "page": number})
                page = set(RESULT.findall(response.content.decode()))
                if not page - found:  # past the end the last page is shown again
                    break
                found |= page
            search[f"{language}:{query}"] = sorted(found)
    return {
        "pages": pages,
        "documents": documents,
        "images": images,
        "versions": versions,
        "search": search,
        "rows": row_counts("default"),
    }


def main(queries=()):
    print(json.dumps(site_state(queries), sort_keys=True))
