"""Fixtures of the protocols library tests: a library page and builders of works and versions."""

import datetime
import uuid

import pytest
from django.core.files.base import ContentFile

from core.demo.generate import build_pdf
from core.models import QuipuDocument
from protocols_library.models import (
    ProtocolLibraryPage,
    ProtocolVersion,
    ProtocolVersionFile,
    ProtocolWorkPage,
)


def day(text):
    return datetime.date.fromisoformat(text)


def sections(*pairs, ids=None):
    """Raw StreamField data: one section per (heading, text) pair; ids pair sections across versions."""
    blocks = []
    for index, (heading, text) in enumerate(pairs):
        block_id = ids[index] if ids else str(uuid.uuid4())
        blocks.append(
            {
                "type": "section",
                "id": block_id,
                "value": {"heading": heading, "body": f"<p>{text}</p>"},
            }
        )
    return blocks


def make_document(filename, language="es", text="Texto del protocolo"):
    document = QuipuDocument(title_es=filename, title_en=filename, language=language)
    document.file.save(filename, ContentFile(build_pdf(filename, [text], "Prueba")), save=False)
    document.save()
    return document


@pytest.fixture
def library(home):
    page = ProtocolLibraryPage(
        title_es="Biblioteca de prueba",
        title_en="Test library",
        slug_es="biblioteca-de-prueba",
        slug_en="test-library",
    )
    home.add_child(instance=page)
    return page


@pytest.fixture
def make_work(library):
    def make(title_es="Protocolo de prueba", title_en="Test protocol", slug=None, **fields):
        slug = slug or f"protocolo-{uuid.uuid4().hex[:8]}"
        work = ProtocolWorkPage(
            title_es=title_es, title_en=title_en, slug_es=slug, slug_en=f"{slug}-en", **fields
        )
        library.add_child(instance=work)
        return work

    return make


@pytest.fixture
def make_version():
    counter = iter(range(100, 1000))

    def make(work, label, effective, approved=None, published=True, files=(), **fields):
        effective = day(effective) if isinstance(effective, str) else effective
        if approved is None and effective is not None:
            approved = effective - datetime.timedelta(days=10)
        defaults = {
            "approving_instrument_type": "resolucion_ministerial",
            "approving_instrument_number": f"{next(counter)}-2020-MIMP",
            "sections_es": sections(("Objeto", f"Texto de la versión {label}.")),
            "sections_en": sections(("Purpose", f"Text of version {label}.")),
        }
        version = ProtocolVersion(
            page=work,
            label=label,
            is_published=published,
            effective_date=effective,
            approval_date=day(approved) if isinstance(approved, str) else approved,
            files=[ProtocolVersionFile(document=document) for document in files],
            **{**defaults, **fields},
        )
        version.full_clean()
        version.save()
        return version

    return make
