"""Reading PDF and DOCX files: structure checks for uploads and text for search."""

import io
import re
import zipfile
from dataclasses import dataclass

import docx
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The file is not what its extension says, is damaged, or is locked."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ExtractedText:
    text: str
    page_count: int | None

    @property
    def has_searchable_text(self):
        return bool(self.text.strip())


def read_head(fileobj, size=8):
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head


def open_pdf(fileobj):
    """A PdfReader for a readable, unencrypted PDF, or UnreadableFile saying why not."""
    if read_head(fileobj)[: len(PDF_MAGIC)] != PDF_MAGIC:
        raise UnreadableFile("not_pdf")
    try:
        reader = PdfReader(fileobj, strict=False)
        if reader.is_encrypted:
            raise UnreadableFile("encrypted")
        # Touching the page tree is what fails on truncated or damaged files.
        if len(reader.pages) == 0:
            raise UnreadableFile("corrupt")
    except UnreadableFile:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise UnreadableFile("corrupt") from error
    finally:
        fileobj.seek(0)
    return reader


def open_docx(fileobj):
    """A python-docx Document for a readable DOCX, or UnreadableFile saying why not."""
    if read_head(fileobj, 4) != ZIP_MAGIC:
        raise UnreadableFile("not_docx")
    try:
        data = fileobj.read()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise UnreadableFile("not_docx")
        return docx.Document(io.BytesIO(data))
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile("corrupt") from error
    except Exception as error:  # python-docx raises bare lxml and package errors
        raise UnreadableFile("corrupt") from error
    finally:
        fileobj.seek(0)


def docx_page_count(fileobj):
    """Pages as the word processor last laid them out (docProps/app.xml), or None if absent."""
    try:
        with zipfile.ZipFile(fileobj) as archive:
            app = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return None
    finally:
        fileobj.seek(0)
    match = re.search(r"<(?:\w+:)?Pages>(\d+)</", app)
    return int(match.group(1)) if match else None


def check_readable(fileobj, extension):
    """Raises UnreadableFile unless the file is a well-formed file of its extension."""
    if extension == "pdf":
        open_pdf(fileobj)
    elif extension == "docx":
        open_docx(fileobj)


def extract_text(fileobj, extension):
    """The plain text and page count of a PDF or DOCX."""
    if extension == "pdf":
        reader = open_pdf(fileobj)
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text() or "")
            except (PyPdfError, ValueError, KeyError, TypeError):
                pages.append("")
        return ExtractedText(text="\n\n".join(pages).strip(), page_count=len(reader.pages))
    if extension == "docx":
        document = open_docx(fileobj)
        paragraphs = [paragraph.text for paragraph in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                paragraphs.append(" | ".join(cell.text for cell in row.cells))
        text = "\n".join(p for p in paragraphs if p).strip()
        return ExtractedText(text=text, page_count=docx_page_count(fileobj))
    return ExtractedText(text="", page_count=None)
