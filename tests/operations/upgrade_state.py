"""What an upgrade must keep, as plain data: run by the release that made a database and by
today's code after `migrate`, then compared (tests/operations/test_upgrade.py).

Only models and APIs every release has are used (Wagtail pages, Quipu's document and image
models as Wagtail names them, protocol versions, Django's users and groups), so the same file
runs on both sides: `manage.py shell -c "from tests.operations.upgrade_state import main; main()"`. It stands
alone (tests/operations/site_state.py, the backup tests' view, came after that release).
"""

import hashlib
import html
import json


def _sha256(field_file):
    digest = hashlib.sha256()
    with field_file.storage.open(field_file.name, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def state():
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.utils import translation
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import GroupPagePermission, Page

    from protocols_library.models import ProtocolVersion

    # Quipu's document and image models, wherever a release keeps them (knowledge, then core).
    QuipuDocument, QuipuImage = get_document_model(), get_image_model()

    client = Client()
    pages = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                url = page.get_url()
                title = page.title
            if not url or url in pages:
                continue
            response = client.get(url)
            body = response.content.decode() if response.status_code == 200 else ""
            pages[url] = {
                "page": page.pk,
                "status": response.status_code,
                "title_shown": bool(title) and html.escape(title) in body,
            }
    documents = {
        str(document.pk): {
            "name": document.file.name,
            "sha256": _sha256(document.file),
            "downloads": document.download_count,
            "title_es": document.title_es,
            "title_en": document.title_en,
            "collection": document.collection_id,
        }
        for document in QuipuDocument.objects.order_by("pk")
    }
    images = {
        str(image.pk): {"name": image.file.name, "sha256": _sha256(image.file)}
        for image in QuipuImage.objects.order_by("pk")
    }
    versions = {
        str(version.pk): {
            "work": version.page_id,
            "label": version.label,
            "effective": str(version.effective_date),
        }
        for version in ProtocolVersion.objects.order_by("pk")
    }
    # Each version's files in order: (document, language, extension). Rows with a language
    # since the files became rows; one column per file and language before.
    # And the files of each version's latest revision, which publishing it would restore.
    version_files, revision_files = {}, {}
    if hasattr(ProtocolVersion, "documents"):
        for version in ProtocolVersion.objects.order_by("pk"):
            version_files[str(version.pk)] = [
                [document.pk, document.language, document.file_extension.lower()]
                for document in version.documents()
            ]
            if version.latest_revision_id:
                revised = version.latest_revision.as_object()
                revision_files[str(version.pk)] = [d.pk for d in revised.documents()]
    users = {
        user.username: {
            "staff": user.is_staff,
            "superuser": user.is_superuser,
            "active": user.is_active,
            # A fingerprint of the stored hash: sign-in still works after the upgrade.
            "password": hashlib.sha256(user.password.encode()).hexdigest()[:16],
            "groups": sorted(group.name for group in user.groups.all()),
        }
        for user in User.objects.order_by("username")
    }
    groups = {
        group.name: {
            "permissions": sorted(
                f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
            ),
            "pages": sorted(
                f"{grant.page_id}:{grant.permission.codename}"
                for grant in GroupPagePermission.objects.filter(group=group)
            ),
        }
        for group in Group.objects.order_by("name")
    }
    with connection.cursor() as cursor:
        rows = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the schema
            rows[table] = cursor.fetchone()[0]
    return {
        "pages": pages,
        "documents": documents,
        "images": images,
        "versions": versions,
        "version_files": version_files,
        "revision_files": revision_files,
        "users": users,
        "groups": groups,
        "rows": rows,
    }


def main():
    print(json.dumps(state(), sort_keys=True))
