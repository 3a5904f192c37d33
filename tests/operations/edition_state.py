"""Where the addresses of training pages merged into editions lead, after an upgrade.

Run by today's code on an upgraded database (tests/operations/test_upgrade.py):
`manage.py shell -c "from tests.operations.edition_state import main; main('["/es/..."]')"`
prints, for each old address, the redirect it answers with and what its target shows: the
edition it is the permanent address of, that edition's files and whether the page shows them.
"""

import json


def follow(urls):
    from django.test import Client

    from knowledge.models import TrainingEdition

    client = Client()
    found = {}
    for url in urls:
        response = client.get(url)
        location = response.get("Location", "")
        target = client.get(location) if location else None
        body = target.content.decode() if target is not None and target.status_code == 200 else ""
        slug = location.rstrip("/").rsplit("/v/", 1)[-1] if "/v/" in location else ""
        page_url = location.rsplit("/v/", 1)[0] + "/" if slug else ""
        edition = None
        for candidate in TrainingEdition.objects.filter(slug=slug).select_related("page"):
            if candidate.page.url_in(url.split("/")[1]) == page_url:
                edition = candidate
        documents = [item.document for item in edition.files.all()] if edition else []
        found[url] = {
            "status": response.status_code,
            "location": location,
            "target_status": target.status_code if target is not None else None,
            "edition": edition.pk if edition else None,
            "label_es": edition.label_es if edition else "",
            "label_shown": bool(edition) and getattr(edition, f"label_{url.split('/')[1]}") in body,
            "documents": sorted(document.pk for document in documents),
            "documents_shown": bool(documents) and all(d.url in body for d in documents),
            "downloads": {str(d.pk): d.download_count for d in documents},
        }
    return found


def main(urls):
    print(json.dumps(follow(json.loads(urls)), sort_keys=True))
