"""Where uploaded files live: the local disk (MEDIA_ROOT) or a private S3-compatible bucket.

Everything else reads and writes files through Django's storage API (`file.open()`,
`storage.save()`, `storage.delete()`), never through a local path, so the same code runs on
either. With object storage the bucket is private and no file has a public address:

- documents are sent only by Wagtail's download view, which counts the download and applies
  collection privacy, then streams the file from the bucket as an attachment;
- images and renditions keep their `/media/images/…` and `/media/original_images/…`
  addresses, answered by Quipu (`serve_stored_file`), which reads them from the bucket.
"""

import mimetypes
import os
from urllib.parse import urljoin

from botocore.config import Config
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.encoding import filepath_to_uri
from django.utils.http import http_date
from django.views.static import serve as serve_static
from django.views.static import was_modified_since
from storages.backends.s3 import S3Storage

# Files larger than this are spooled to a temporary file while they are read, not held in memory.
READ_BUFFER_IN_MEMORY = 2 * 1024 * 1024


class MediaStorage(S3Storage):
    """A private bucket on an S3-compatible server (django-storages, boto3).

    Settings come from AWS_* (config/settings/base.py); the values below are Quipu's rules and
    are not configurable: two uploads with one name never share an object, objects get no ACL
    of their own (the bucket's, private), and large files are read through a temporary file.
    """

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            file_overwrite=False,
            default_acl=None,
            querystring_auth=True,
            max_memory_size=READ_BUFFER_IN_MEMORY,
        )
        return defaults

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The file's address on this site, as with local storage; never a bucket address."""
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def signed_url(self, name, expire=60):
        """A short-lived address of the object in the bucket itself (for operators' tools)."""
        return super().url(name, expire=expire)


def is_local(storage=None):
    """True when files are on this machine's disk."""
    return isinstance(storage or default_storage, FileSystemStorage)


def serve_stored_file(request, name, storage=None):
    """A response sending the stored file `name` (e.g. "images/photo.width-960.webp").

    Local files are sent as Django's static view sends them; files in a bucket are streamed
    from it, with Last-Modified and conditional GET. A missing file is a 404.
    """
    storage = storage or default_storage
    # Refused rather than normalised, so "images/../documents/…" never reaches a document.
    if "\\" in name or "\x00" in name or any(part in {"", ".", ".."} for part in name.split("/")):
        raise Http404
    if is_local(storage):
        return serve_static(request, name, document_root=storage.location)
    try:
        modified = storage.get_modified_time(name)
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    except Exception as error:
        # botocore's ClientError for a missing key, depending on the server's answer.
        if _is_missing(error):
            raise Http404 from error
        raise
    timestamp = modified.timestamp()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), timestamp):
        return HttpResponseNotModified()
    try:
        stored = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type, encoding = mimetypes.guess_type(name)
    response = FileResponse(stored, content_type=content_type or "application/octet-stream")
    response["Last-Modified"] = http_date(timestamp)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    return response


def _error_code(error):
    """The S3 error code of a botocore ClientError ("404", "NoSuchKey", "AccessDenied"...)."""
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _is_missing(error):
    return _error_code(error) in {"404", "NoSuchKey", "NotFound"}


def storage_status(storage=None, timeout=2.0):
    """Whether uploaded files can be reached: (True, "") or (False, a reason without secrets).

    For a bucket: one HEAD request on the bucket, waiting at most `timeout` seconds, without
    retries. For the disk: MEDIA_ROOT exists and is writable.
    """
    storage = storage or default_storage
    if is_local(storage):
        location = storage.location
        if not os.path.isdir(location):
            return False, "media folder does not exist"
        if not os.access(location, os.W_OK):
            return False, "media folder is not writable"
        return True, ""
    try:
        client = storage._create_session().client(
            "s3",
            region_name=storage.region_name,
            use_ssl=storage.use_ssl,
            endpoint_url=storage.endpoint_url,
            verify=storage.verify,
            config=storage.client_config.merge(
                Config(
                    connect_timeout=timeout,
                    read_timeout=timeout,
                    retries={"total_max_attempts": 1},
                )
            ),
        )
        client.head_bucket(Bucket=storage.bucket_name)
    except Exception as error:
        return False, f"object storage not reachable ({_error_code(error) or type(error).__name__})"
    return True, ""
