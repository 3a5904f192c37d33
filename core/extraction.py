"""Reading uploaded PDF and DOCX files: structure checks for uploads and text for search.

An uploaded file is never parsed in the process that serves requests. `run_reader` starts a
child Python process that reads the file under resource limits (address space, CPU time, a
wall-clock timeout, no core dumps, lower priority) and answers in JSON; the parsing
functions below run only in that child. A DOCX is a ZIP: its directory (declared sizes,
compression ratios, number of parts) is checked before any part is decompressed, and its text
is read as a stream with limits on XML size, paragraphs and extracted characters, so a
"paragraph bomb" or a zip bomb costs a few milliseconds and is reported, never expanded.

This module imports no Django at its top, so the child starts quickly and holds nothing of the
site (no settings, no database connection, no secrets in its environment).
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_TEXT_PART = "word/document.xml"
DOCX_PROPERTIES_PART = "docProps/app.xml"
# Below this declared size a part's compression ratio says nothing: tiny XML compresses a lot.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_PROPERTIES_BYTES = 1024 * 1024

# What the child may report when it stops because of a limit; the model lists the same codes.
LIMIT_REASONS = (
    "too_many_parts",
    "part_too_large",
    "compression_ratio",
    "xml_too_large",
    "too_many_paragraphs",
    "text_too_long",
    "memory",
    "time",
)
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ExtractionLimits:
    """What one reading of an uploaded file may cost; `from_settings` reads the site's."""

    memory_mb: int = 512
    cpu_seconds: int = 15
    # The upload check and the extraction may both run in one request (TASKS_BACKEND=immediate):
    # together they stay under gunicorn's default 30 s worker timeout.
    check_timeout_seconds: float = 10
    timeout_seconds: float = 15
    max_parts: int = 2000
    max_part_mb: int = 200
    max_compression_ratio: int = 100
    max_xml_mb: int = 32
    max_paragraphs: int = 100_000
    max_text_chars: int = 10_000_000

    @classmethod
    def from_settings(cls):
        from django.conf import settings

        configured = getattr(settings, "DOCUMENT_EXTRACTION_LIMITS", None) or {}
        unknown = set(configured) - set(cls.__dataclass_fields__)
        if unknown:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"DOCUMENT_EXTRACTION_LIMITS has unknown keys: {', '.join(sorted(unknown))}."
            )
        return cls(**configured)


class UnreadableFile(Exception):
    """The file is not what its extension says, is damaged, or is locked."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class LimitExceeded(Exception):
    """Reading the file would cost more than the limits allow; `reason` is in LIMIT_REASONS."""

    def __init__(self, reason, page_count=None):
        super().__init__(reason)
        self.reason = reason
        self.page_count = page_count


@dataclass(frozen=True)
class ExtractedText:
    text: str
    page_count: int | None

    @property
    def has_searchable_text(self):
        return bool(self.text.strip())


@dataclass
class ReaderReport:
    """What the child process answered, and what it cost.

    `status` is "ok", "unreadable" (the file is not what it claims or is damaged), "limit"
    (a limit stopped the reading) or "failed" (the reader died without saying why).
    """

    status: str
    reason: str = ""
    detail: str = ""
    text: str = ""
    page_count: int | None = None
    seconds: float = 0.0
    peak_memory_kb: int | None = None
    limits: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.status == "ok"

    @property
    def extracted(self):
        return ExtractedText(text=self.text, page_count=self.page_count)


# Parent side: start the reader and judge its answer.


def run_reader(operation, path, extension, limits):
    """Runs `check` or `extract` on the file at `path` in a child process under `limits`."""
    command = [
        sys.executable,
        "-m",
        "core.extraction",
        operation,
        extension,
        str(path),
        json.dumps(asdict(limits)),
    ]
    # Nothing of the site's environment (secret key, database address) reaches the reader.
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(PROJECT_ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    started = time.monotonic()
    try:
        finished = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=limits.check_timeout_seconds
            if operation == "check"
            else limits.timeout_seconds,
            env=environment,
            cwd=PROJECT_ROOT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ReaderReport(
            status="limit",
            reason="time",
            detail="wall-clock timeout",
            seconds=time.monotonic() - started,
        )
    except OSError as error:
        return ReaderReport(status="failed", reason="failed", detail=f"could not start: {error}")
    seconds = time.monotonic() - started
    try:
        answer = json.loads(finished.stdout)
    except ValueError:
        answer = None
    if finished.returncode == 0 and isinstance(answer, dict) and "status" in answer:
        return ReaderReport(
            status=answer["status"],
            reason=answer.get("reason", ""),
            text=answer.get("text", ""),
            page_count=answer.get("page_count"),
            seconds=seconds,
            peak_memory_kb=answer.get("peak_memory_kb"),
            limits=answer.get("limits", {}),
        )
    if finished.returncode == -signal.SIGXCPU:
        return ReaderReport(status="limit", reason="time", detail="CPU time limit", seconds=seconds)
    if b"MemoryError" in finished.stderr:
        return ReaderReport(status="limit", reason="memory", seconds=seconds)
    return ReaderReport(
        status="failed",
        reason="failed",
        detail=f"exit {finished.returncode}: {finished.stderr[-500:].decode('utf-8', 'replace')}",
        seconds=seconds,
    )


@contextmanager
def file_on_disk(fileobj, suffix):
    """A path the reader can open: the upload's own temporary file, or a copy of the stream."""
    temporary_path = getattr(fileobj, "temporary_file_path", None)
    if temporary_path is not None:
        yield temporary_path()
        return
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        fileobj.seek(0)
        while chunk := fileobj.read(1024 * 1024):
            copy.write(chunk)
        copy.flush()
        fileobj.seek(0)
        yield copy.name


def read_head(fileobj, size=8):
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def has_expected_signature(fileobj, extension):
    """The first bytes match the extension: checked in the request, before any reader runs."""
    if extension == "pdf":
        return read_head(fileobj, len(PDF_MAGIC)) == PDF_MAGIC
    if extension == "docx":
        return read_head(fileobj, len(ZIP_MAGIC)) == ZIP_MAGIC
    return True


# Child side: the readers. Everything below runs inside the limited process.


def open_pdf(path, limits):
    """A PdfReader for a readable, unencrypted PDF, or UnreadableFile saying why not."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    with open(path, "rb") as handle:
        if handle.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise UnreadableFile("not_pdf")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise UnreadableFile("encrypted")
        # Touching the page tree is what fails on truncated or damaged files.
        if len(reader.pages) == 0:
            raise UnreadableFile("corrupt")
    except (UnreadableFile, MemoryError):
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        OSError,
        RecursionError,
    ) as error:
        raise UnreadableFile("corrupt") from error
    return reader


def open_docx(path, limits):
    """The DOCX's ZIP archive, checked from its directory alone: nothing is decompressed.

    Raises UnreadableFile if it is not a Word document, LimitExceeded if its parts declare
    more than the limits allow (a zip bomb declares its real sizes: Python never expands a
    part past its declared size, it fails the part's checksum instead).
    """
    with open(path, "rb") as handle:
        if handle.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
            raise UnreadableFile("not_docx")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UnreadableFile("corrupt") from error
    members = archive.infolist()
    names = {member.filename for member in members}
    if DOCX_TEXT_PART not in names or "[Content_Types].xml" not in names:
        archive.close()
        raise UnreadableFile("not_docx")
    try:
        check_archive_directory(members, limits)
    except LimitExceeded:
        archive.close()
        raise
    return archive


def check_archive_directory(members, limits):
    if len(members) > limits.max_parts:
        raise LimitExceeded("too_many_parts")
    for member in members:
        # Most telling first: a bomb is recognised by its ratio whatever its size.
        if (
            member.file_size >= RATIO_CHECK_MIN_BYTES
            and member.file_size > limits.max_compression_ratio * max(member.compress_size, 1)
        ):
            raise LimitExceeded("compression_ratio")
        if member.filename == DOCX_TEXT_PART and member.file_size > limits.max_xml_mb * 1024**2:
            raise LimitExceeded("xml_too_large")
        if member.file_size > limits.max_part_mb * 1024 * 1024:
            raise LimitExceeded("part_too_large")


def docx_page_count(archive):
    """Pages as the word processor last laid them out (docProps/app.xml), or None if absent."""
    try:
        info = archive.getinfo(DOCX_PROPERTIES_PART)
    except KeyError:
        return None
    if info.file_size > MAX_PROPERTIES_BYTES:
        return None
    try:
        app = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    match = re.search(r"<(?:\w+:)?Pages>(\d+)</", app)
    return int(match.group(1)) if match else None


def check_readable(path, extension, limits):
    """Raises UnreadableFile unless the file is a well-formed file of its extension.

    A DOCX is judged from its ZIP directory; its XML is read only by `extract_text`.
    """
    if extension == "pdf":
        open_pdf(path, limits)
    elif extension == "docx":
        open_docx(path, limits).close()


def extract_text(path, extension, limits):
    """The plain text and page count of a PDF or DOCX, within the limits."""
    if extension == "pdf":
        return extract_pdf_text(path, limits)
    if extension == "docx":
        return extract_docx_text(path, limits)
    return ExtractedText(text="", page_count=None)


def extract_pdf_text(path, limits):
    from pypdf.errors import PyPdfError

    reader = open_pdf(path, limits)
    page_count = len(reader.pages)
    pages, length = [], 0
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
            text = ""
        length += len(text) + 2
        if length > limits.max_text_chars:
            raise LimitExceeded("text_too_long", page_count=page_count)
        pages.append(text)
    return ExtractedText(text="\n\n".join(pages).strip(), page_count=page_count)


WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PARAGRAPH, TABLE_ROW, TABLE_CELL = f"{WORD}p", f"{WORD}tr", f"{WORD}tc"
TEXT, TAB, BREAK, CARRIAGE_RETURN = f"{WORD}t", f"{WORD}tab", f"{WORD}br", f"{WORD}cr"
HYPHEN = f"{WORD}noBreakHyphen"
RUN_CONTENT = {TEXT: None, TAB: "\t", BREAK: "\n", CARRIAGE_RETURN: "\n", HYPHEN: "-"}


def extract_docx_text(path, limits):
    """Paragraphs in document order; a table row becomes one line, its cells joined by " | ".

    The XML is read as a stream and every finished paragraph is dropped from memory, so the
    cost is one paragraph at a time whatever the size of the document.
    """
    from lxml import etree

    with open_docx(path, limits) as archive:
        page_count = docx_page_count(archive)
        if count_paragraph_tags(archive, limits.max_paragraphs) > limits.max_paragraphs:
            raise LimitExceeded("too_many_paragraphs", page_count=page_count)
        lines, length, paragraphs = [], 0, 0
        rows = []  # one list of cells per open table row; a cell is a list of paragraphs
        try:
            with archive.open(DOCX_TEXT_PART) as stream:
                events = etree.iterparse(
                    stream,
                    events=("start", "end"),
                    tag=(PARAGRAPH, TABLE_ROW, TABLE_CELL),
                    resolve_entities=False,
                    no_network=True,
                    load_dtd=False,
                    huge_tree=False,
                )
                for event, element in events:
                    if event == "start":
                        if element.tag == TABLE_ROW:
                            rows.append([])
                        elif element.tag == TABLE_CELL and rows:
                            rows[-1].append([])
                        continue
                    if element.tag == PARAGRAPH:
                        paragraphs += 1
                        if paragraphs > limits.max_paragraphs:
                            raise LimitExceeded("too_many_paragraphs", page_count=page_count)
                        text = paragraph_text(element)
                        if rows and rows[-1]:
                            rows[-1][-1].append(text)
                        elif text:
                            lines.append(text)
                        length += len(text) + 1
                    elif element.tag == TABLE_ROW and rows:
                        cells = ["\n".join(cell) for cell in rows.pop()]
                        line = " | ".join(cells)
                        if rows and rows[-1]:
                            rows[-1][-1].append(line)
                        elif line.strip(" |"):
                            lines.append(line)
                    if length > limits.max_text_chars:
                        raise LimitExceeded("text_too_long", page_count=page_count)
                    forget(element)
        except etree.XMLSyntaxError as error:
            if "memory" in str(error).lower():
                raise LimitExceeded("memory", page_count=page_count) from error
            raise UnreadableFile("corrupt") from error
        except (zipfile.BadZipFile, EOFError, OSError) as error:
            raise UnreadableFile("corrupt") from error
    return ExtractedText(text="\n".join(lines).strip(), page_count=page_count)


# Any element named "p", whatever its prefix: WordprocessingML's paragraphs (and DrawingML's).
PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?p[\s/>]")


def count_paragraph_tags(archive, limit):
    """Paragraph tags in the text part, counted in its bytes as they are unpacked, stopping
    past `limit`: a bomb is told in a fraction of the time parsing it would take. The parser
    counts again as it reads, so this is only a quicker way to the same answer."""
    count, carry = 0, b""
    with archive.open(DOCX_TEXT_PART) as stream:
        while chunk := stream.read(1024 * 1024):
            data = carry + chunk
            # A tag that may continue in the next chunk is kept for it; a "<" far from the end
            # starts nothing that could still match.
            cut = data.rfind(b"<", max(0, len(data) - 64))
            cut = len(data) if cut == -1 else cut
            count += len(PARAGRAPH_TAG.findall(data, 0, cut))
            carry = data[cut:]
            if count > limit:
                return count
    return count + len(PARAGRAPH_TAG.findall(carry))


def paragraph_text(element):
    """A paragraph's text as Word shows it: runs, tabs and line breaks, hyperlinks included."""
    parts = []
    for node in element.iter(*RUN_CONTENT):
        if node.tag == TEXT:
            parts.append(node.text or "")
        else:
            parts.append(RUN_CONTENT[node.tag])
    return "".join(parts)


def forget(element):
    """Drops a finished element and the siblings before it, keeping the parsed tree small."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def apply_limits(limits):
    import resource

    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    os.nice(10)


def effective_limits():
    import resource

    memory = resource.getrlimit(resource.RLIMIT_AS)[0]
    cpu = resource.getrlimit(resource.RLIMIT_CPU)[0]
    return {"memory_bytes": memory, "cpu_seconds": cpu}


def peak_memory_kb():
    """This process's peak resident memory since it started (ru_maxrss would include the
    parent's, inherited across exec)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main(argv):
    """The child: `python -m core.extraction check|extract EXTENSION PATH LIMITS_JSON`."""
    operation, extension, path, limits_json = argv
    limits = ExtractionLimits(**json.loads(limits_json))
    # The reader's libraries are imported before the limits apply: they are ours, not the file's.
    if extension == "pdf":
        import pypdf  # noqa: F401
    elif extension == "docx" and operation == "extract":
        from lxml import etree  # noqa: F401

    apply_limits(limits)
    answer = {}
    try:
        if operation == "check":
            check_readable(path, extension, limits)
            answer = {"status": "ok"}
        elif operation == "extract":
            extracted = extract_text(path, extension, limits)
            answer = {"status": "ok", "text": extracted.text, "page_count": extracted.page_count}
        else:
            raise ValueError(f"unknown operation {operation!r}")
    except UnreadableFile as error:
        answer = {"status": "unreadable", "reason": error.reason}
    except LimitExceeded as error:
        answer = {"status": "limit", "reason": error.reason, "page_count": error.page_count}
    except MemoryError:
        answer = {"status": "limit", "reason": "memory"}
    answer["limits"] = effective_limits()
    answer["peak_memory_kb"] = peak_memory_kb()
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
