"""Builders for the knowledge tests: items in the demo's sections, images, files, versions."""

import datetime
import io
import itertools

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image

from core.demo.generate import build_docx, build_pdf
from core.models import QuipuDocument, QuipuImage
from knowledge.models import (
    EventIndexPage,
    EventPage,
    EventPhoto,
    LessonIndexPage,
    LessonPage,
    PilotIndexPage,
    PilotPage,
    PilotPractice,
    PilotTrackerPage,
    PublicationIndexPage,
    PublicationPage,
    TrainingFile,
    TrainingIndexPage,
    TrainingMaterialPage,
)

serial = itertools.count(1)


def day(text):
    return datetime.date.fromisoformat(text)


def publish(parent, page, revision=True):
    """Adds a live page; through a published revision, as an editor would, unless told not to
    (listings built with fifty items only need the rows)."""
    parent.add_child(instance=page)
    if revision:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


@pytest.fixture
def sections(home):
    """The demo's section pages, by kind."""
    # The demo's are the first of each kind; a test may add sections of its own.
    models = {
        "lessons": LessonIndexPage,
        "events": EventIndexPage,
        "pilots": PilotIndexPage,
        "training": TrainingIndexPage,
        "publications": PublicationIndexPage,
        "tracker": PilotTrackerPage,
    }
    return {key: model.objects.order_by("path").first() for key, model in models.items()}


@pytest.fixture
def make_image():
    def make(caption_es="Foto de prueba", caption_en="Test photo", size=(60, 40), **fields):
        n = next(serial)
        buffer = io.BytesIO()
        Image.new("RGB", size, (n * 7 % 255, 90, 140)).save(buffer, format="PNG")
        values = {
            "title_es": f"Imagen {n}",
            "title_en": f"Image {n}",
            "description_es": f"Descripción {n}",
            "description_en": f"Description {n}",
            "caption_es": caption_es,
            "caption_en": caption_en,
            "credit_es": "Equipo de prueba",
            "credit_en": "Test team",
            **fields,
        }
        image = QuipuImage(**values)
        image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"test-{n}.png")
        image._set_image_file_metadata()
        image.save()
        return image

    return make


@pytest.fixture
def make_document():
    def make(language="es", extension="pdf", text="Contenido", name=None, data=None):
        n = next(serial)
        name = name or f"archivo-{n}-{language}.{extension}"
        if data is None:
            build = build_pdf if extension == "pdf" else build_docx
            data = build(f"Archivo {n}", [text], "Prueba")
        document = QuipuDocument(title_es=name, title_en=name, language=language)
        document.file.save(name, ContentFile(data), save=False)
        document.save()
        return document

    return make


@pytest.fixture
def make_lesson(sections):
    def make(parent=None, relations=None, revision=True, **fields):
        n = next(serial)
        values = {
            "title_es": f"Lección {n}",
            "title_en": f"Lesson {n}",
            "slug_es": f"leccion-{n}",
            "slug_en": f"lesson-{n}",
            "statement_es": f"Enunciado de la lección {n}.",
            "statement_en": f"Statement of lesson {n}.",
            "date": day("2019-06-01"),
            **fields,
        }
        page = LessonPage(**values)
        for name, value in (relations or {}).items():
            setattr(page, name, value)
        return publish(parent or sections["lessons"], page, revision)

    return make


@pytest.fixture
def make_event(sections):
    def make(parent=None, photos=(), relations=None, revision=True, **fields):
        n = next(serial)
        values = {
            "title_es": f"Evento {n}",
            "title_en": f"Event {n}",
            "slug_es": f"evento-{n}",
            "slug_en": f"event-{n}",
            "kind": "workshop",
            "start_date": day("2019-05-01"),
            **fields,
        }
        page = EventPage(**values)
        page.photos = [EventPhoto(image=image) for image in photos]
        for name, value in (relations or {}).items():
            setattr(page, name, value)
        return publish(parent or sections["events"], page, revision)

    return make


@pytest.fixture
def make_pilot(sections):
    def make(parent=None, practices=(), relations=None, revision=True, **fields):
        n = next(serial)
        values = {
            "title_es": f"Piloto {n}",
            "title_en": f"Pilot {n}",
            "slug_es": f"piloto-{n}",
            "slug_en": f"pilot-{n}",
            "start_date": day("2018-01-01"),
            **fields,
        }
        page = PilotPage(**values)
        page.practices = list(practices)
        for name, value in (relations or {}).items():
            setattr(page, name, value)
        return publish(parent or sections["pilots"], page, revision)

    return make


@pytest.fixture
def make_practice():
    def make(sectors=(), extension_events=(), **fields):
        n = next(serial)
        values = {"name_es": f"Práctica {n}", "name_en": f"Practice {n}", **fields}
        practice = PilotPractice(**values)
        practice.sectors = list(sectors)
        practice.extension_events = list(extension_events)
        return practice

    return make


@pytest.fixture
def make_material(sections):
    def make(parent=None, documents=(), relations=None, revision=True, **fields):
        n = next(serial)
        values = {
            "title_es": f"Módulo {n}",
            "title_en": f"Module {n}",
            "slug_es": f"modulo-{n}",
            "slug_en": f"module-{n}",
            "edition_es": "1.ª edición",
            "edition_en": "1st edition",
            "edition_date": day("2019-01-01"),
            **fields,
        }
        page = TrainingMaterialPage(**values)
        page.files = [TrainingFile(document=document) for document in documents]
        for name, value in (relations or {}).items():
            setattr(page, name, value)
        return publish(parent or sections["training"], page, revision)

    return make


@pytest.fixture
def make_publication(sections):
    def make(parent=None, relations=None, revision=True, **fields):
        n = next(serial)
        values = {
            "title_es": f"Informe {n}",
            "title_en": f"Report {n}",
            "slug_es": f"informe-{n}",
            "slug_en": f"report-{n}",
            "intro_es": f"Resumen {n}",
            "intro_en": f"Summary {n}",
            "publication_date": day("2017-11-20"),
            **fields,
        }
        page = PublicationPage(**values)
        for name, value in (relations or {}).items():
            setattr(page, name, value)
        return publish(parent or sections["publications"], page, revision)

    return make


@pytest.fixture
def make_version(home):
    """A version of a protocol or OFR work in a library of its own."""
    from protocols_library.models import ProtocolLibraryPage, ProtocolVersion, ProtocolWorkPage

    library = ProtocolLibraryPage(
        title_es="Biblioteca", title_en="Library", slug_es="biblioteca-k", slug_en="library-k"
    )
    home.add_child(instance=library)

    def make(kind="protocol", label="v1", approved="2020-03-01", published=True, work=None):
        if work is None:
            n = next(serial)
            work = ProtocolWorkPage(
                title_es=f"Norma {n}",
                title_en=f"Rule {n}",
                slug_es=f"norma-{n}",
                slug_en=f"rule-{n}",
                kind=kind,
            )
            library.add_child(instance=work)
        approval = day(approved)
        version = ProtocolVersion(
            page=work,
            label=label,
            is_published=published,
            approval_date=approval,
            effective_date=approval + datetime.timedelta(days=10) if published else None,
            approving_instrument_type="resolucion_ministerial",
            approving_instrument_number=f"{next(serial):03d}-2020-MIMP",
        )
        version.save()
        return version

    return make
