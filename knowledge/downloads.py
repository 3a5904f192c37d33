"""A ZIP archive built while it is sent: files are read in chunks, never all held in memory.

`zipfile` writes into a write-only buffer that the response generator empties after every
chunk, so memory stays at about one chunk whatever the size of the module. Without `seek`,
zipfile writes each entry's sizes after its data (data descriptors), which every unzip tool
reads.
"""

import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from wagtail.documents.models import document_served

CHUNK_SIZE = 64 * 1024


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


def zip_response(request, documents, filename):
    """A streamed ZIP download of `documents`; each one counts as downloaded once it is sent."""
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
