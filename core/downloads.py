"""A ZIP archive built while it is sent: files are read in chunks, never all held in memory.

`zipfile` writes into a write-only buffer that the response generator empties after every
chunk, so memory stays at about one chunk whatever the size of the module. Without `seek`,
zipfile writes each entry's sizes after its data (data descriptors), which every unzip tool
reads.
"""

import logging
import mimetypes
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.documents.models import document_served

from . import storage, visibility

CHUNK_SIZE = 64 * 1024

logger = logging.getLogger("quipu.downloads")


class WriteOnlyBuffer:
    """The file object zipfile writes into; `take()` hands over what was written since."""

    def __init__(self):
        self._chunks = []
        self._position = 0

    def write(self, data):
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self):
        return self._position

    def flush(self):
        pass

    def take(self):
        data = b"".join(self._chunks)
        self._chunks = []
        return data


@dataclass
class ArchiveEntry:
    """A document to put in the archive under `name`."""

    name: str
    document: object


def entries_for(documents):
    """One entry per document, named after its file; repeated names get a number."""
    used, entries = set(), []
    for document in documents:
        name = document.filename
        stem, dot, extension = name.rpartition(".")
        counter = 2
        while name in used:
            name = f"{stem}-{counter}.{extension}" if dot else f"{document.filename}-{counter}"
            counter += 1
        used.add(name)
        entries.append(ArchiveEntry(name=name, document=document))
    return entries


def stream_archive(entries, on_entry_sent=None):
    """Yields the bytes of a ZIP archive of `entries`, chunk by chunk.

    `on_entry_sent(entry)` is called once an entry's last bytes have been handed over; if the
    download is abandoned, entries not yet sent are never reported.
    """
    chunks = _archive_chunks(entries, on_entry_sent)
    try:
        for chunk in chunks:
            if chunk:
                yield chunk
    finally:
        # Closes the file being read right away when the client goes.
        chunks.close()


def _archive_chunks(entries, on_entry_sent):
    buffer = WriteOnlyBuffer()
    with zipfile.ZipFile(buffer, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            document = entry.document
            created = timezone.localtime(document.created_at) if document.created_at else None
            stamp = (created or datetime(1980, 1, 1)).timetuple()[:6]
            info = zipfile.ZipInfo(entry.name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.file_size = document.file.size
            with document.file.open("rb") as source, archive.open(info, mode="w") as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
                    yield buffer.take()
            yield buffer.take()
            if on_entry_sent is not None:
                on_entry_sent(entry)
    yield buffer.take()


def unreadable_files(documents):
    """The documents whose file is missing or cannot be read, checked before anything is sent.

    Once a streamed archive has started it cannot turn into an error page, so every member is
    opened and its first byte read first.
    """
    unreadable = []
    for document in documents:
        try:
            with document.file.open("rb") as source:
                source.read(1)
            document.file.size  # noqa: B018 - the size is written in the archive's headers
        except (OSError, ValueError):
            unreadable.append(document)
    return unreadable


def zip_response(request, documents, filename, page=None):
    """A streamed ZIP download of `documents`; each one counts as downloaded once it is sent.

    If any file is missing or unreadable, nothing is streamed: an error page in the visitor's
    language answers with 503, and the missing files are logged.
    """
    unreadable = unreadable_files(documents)
    if unreadable:
        logger.error(
            "Archive %s not sent: unreadable files %s",
            filename,
            ", ".join(f"{document.pk} ({document.file.name})" for document in unreadable),
        )
        response = render(request, "knowledge/archive_unavailable.html", {"page": page}, status=503)
        add_never_cache_headers(response)
        return response
    document_model = type(documents[0]) if documents else None

    def count(entry):
        # The same signal a single download sends, so the same receiver counts it.
        document_served.send(sender=document_model, instance=entry.document, request=request)

    response = StreamingHttpResponse(
        stream_archive(entries_for(documents), on_entry_sent=count),
        content_type="application/zip",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


# Image files -------------------------------------------------------------------------------


def image_for_file(folder, path):
    """The image an original or rendition file under MEDIA_ROOT belongs to, or None."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    name = f"{folder}/{path}"
    if folder == "original_images":
        return Image.objects.filter(file=name).select_related("collection").first()
    rendition = (
        Image.get_rendition_model()
        .objects.filter(file=name)
        .select_related("image__collection")
        .first()
    )
    return rendition.image if rendition else None


@require_GET
def serve_image_file(request, folder, path):
    """An image or rendition file, only when its image may be shown to this visitor.

    Images in a private collection answer 404 to the public; a visitor who passed the
    collection's restriction gets them, never cached by shared caches. With
    MEDIA_ACCEL_REDIRECT set, nginx sends the file once Django has said yes.
    """
    image = image_for_file(folder, path)
    if image is None or not visibility.image_shown_to(image, request):
        raise Http404
    accel = settings.MEDIA_ACCEL_REDIRECT
    if accel and storage.is_local():
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{folder}/{path}"
    else:
        # From MEDIA_ROOT, or from the bucket with object storage (core/storage.py).
        response = storage.serve_stored_file(request, f"{folder}/{path}")
    if not visibility.is_public_collection(image.collection_id):
        patch_cache_control(response, private=True)
    return response
