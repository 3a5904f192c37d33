"""Builders of test data: a site tree, each page type, files, taxonomy, people and collections.

Tests build exactly what they need with these instead of reading the demo. Every builder
creates new objects with unique slugs and names (a counter), so a test may call one any
number of times; keyword arguments override the defaults. The demo itself is only read by
tests/test_demo.py and the judged search set (see the `demo` fixture in tests/conftest.py).
"""

import datetime
import io
import itertools
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image
from wagtail.models import Collection, GroupPagePermission, Page, Site

serial = itertools.count(1)

PASSWORD = "correct horse battery staple"

# The editorial groups (created by editorial's migrations), by role.
ROLE_GROUPS = {
    "editor": "Editors",
    "moderator": "Moderators",
    "piura": "Regional editors: Piura",
    "ayacucho": "Regional editors: Ayacucho",
    "administrator": "Administrators",
}

# Section page types under the home page, by key: (model name, slug es, slug en, title es, en).
SECTIONS = {
    "lessons": (
        "LessonIndexPage",
        "lecciones-aprendidas",
        "lessons-learned",
        "Lecciones",
        "Lessons",
    ),
    "pilots": ("PilotIndexPage", "pilotos", "pilots", "Pilotos", "Pilots"),
    "events": ("EventIndexPage", "eventos", "events", "Eventos", "Events"),
    "training": ("TrainingIndexPage", "capacitacion", "training", "Capacitación", "Training"),
    "publications": (
        "PublicationIndexPage",
        "publicaciones",
        "publications",
        "Publicaciones",
        "Publications",
    ),
}


def day(value):
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def n():
    return next(serial)


def publish(parent, page, revision=True):
    """Adds a live page under `parent`; through a published revision, as an editor would,
    unless told not to (a listing of fifty items only needs the rows)."""
    parent.add_child(instance=page)
    if revision:
        page.save_revision().publish()
        page.refresh_from_db()
    return page


# The site ----------------------------------------------------------------------------------


def site_home():
    """The home page as the default site's root, with the programme's settings: what every
    test database starts with.

    Idempotent: returns the existing home page when there is one. The page Wagtail installs
    by default stops being the site's root and goes, as the demo loader does.
    """
    from core.models import HomePage, ProgrammeSettings

    home = HomePage.objects.first()
    if home is not None:
        return home
    with transaction.atomic():
        root = Page.get_first_root_node()
        home = HomePage(
            title_es="Quipu de prueba",
            title_en="Test Quipu",
            slug_es="inicio",
            slug_en="home",
            intro_es="Inicio del sitio de prueba.",
            intro_en="Home of the test site.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        previous_root = site.root_page if site else None
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = "Quipu"
        site.save()
        if previous_root and previous_root.pk != home.pk and not previous_root.get_children():
            previous_root.delete()
        ProgrammeSettings.objects.get_or_create(
            site=site,
            defaults={
                "programme_name_es": "Programa de prueba",
                "programme_name_en": "Test programme",
                "contact_email": "contacto@example.org",
            },
        )
    home.refresh_from_db()
    return home


def section(key, parent=None, **fields):
    """A published section page of one kind ("lessons", "pilots", "events", "training",
    "publications") under the home page; the first of its kind takes the usual slugs."""
    from django.apps import apps

    parent = parent or site_home()
    model_name, slug_es, slug_en, title_es, title_en = SECTIONS[key]
    model = apps.get_model("knowledge", model_name)
    if model.objects.child_of(parent).filter(slug_es=slug_es).exists():
        suffix = f"-{n()}"
        slug_es, slug_en = slug_es + suffix, slug_en + suffix
    values = {
        "title_es": title_es,
        "title_en": title_en,
        "slug_es": slug_es,
        "slug_en": slug_en,
        "show_in_menus": True,
        **fields,
    }
    return publish(parent, model(**values))


def sections(parent=None):
    """One of each section, and the pilots' tracker, by key (as the site's menu shows them)."""
    from knowledge.models import PilotTrackerPage

    built = {key: section(key, parent) for key in SECTIONS}
    built["tracker"] = publish(
        built["pilots"],
        PilotTrackerPage(
            title_es="Seguimiento de prácticas",
            title_en="Practice tracker",
            slug_es="seguimiento",
            slug_en="tracker",
        ),
    )
    return built


def standard_page(parent=None, revision=True, **fields):
    from core.models import StandardPage

    i = n()
    values = {
        "title_es": f"Página {i}",
        "title_en": f"Page {i}",
        "slug_es": f"pagina-{i}",
        "slug_en": f"page-{i}",
        **fields,
    }
    return publish(parent or site_home(), StandardPage(**values), revision)


def glossary_page(parent=None, **fields):
    from core.models import GlossaryPage

    i = n()
    values = {
        "title_es": "Glosario",
        "title_en": "Glossary",
        "slug_es": f"glosario-{i}",
        "slug_en": f"glossary-{i}",
        **fields,
    }
    return publish(parent or site_home(), GlossaryPage(**values))


# Taxonomy ----------------------------------------------------------------------------------


# Names of the terms tests ask for by slug, so that a page shows a readable name.
TERM_NAMES = {
    "salud": ("Salud", "Health"),
    "justicia": ("Justicia", "Justice"),
    "educacion": ("Educación", "Education"),
    "piura": ("Piura", "Piura"),
    "ayacucho": ("Ayacucho", "Ayacucho"),
    "lima": ("Lima", "Lima"),
    "capacitacion": ("Capacitación de operadores", "Training of operators"),
    "feminicidio": ("Feminicidio", "Femicide"),
    "equipos-cem": ("Equipos de los CEM", "CEM teams"),
}


UBIGEO = {"ayacucho": "05", "lima": "15", "piura": "20"}


def term(kind, slug=None, name_es=None, name_en=None, **fields):
    """A taxonomy term: kind is "sector", "region", "topic", "institution" or "audience".

    The term with this slug when it exists (a slug is unique), else a new one.
    """
    from django.apps import apps

    app = "knowledge" if kind == "audience" else "core"
    model = apps.get_model(app, kind.capitalize())
    i = n()
    slug = slug or f"{kind}-{i}"
    existing = model.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    known_es, known_en = TERM_NAMES.get(slug, (None, None))
    if kind == "region" and "ubigeo" not in fields:
        # A region's two-digit UBIGEO code is unique: its own where the test names a real
        # region, else the first code no region has.
        taken = set(model.objects.values_list("ubigeo", flat=True))
        code = UBIGEO.get(slug)
        if code is None or code in taken:
            code = next(f"{c:02d}" for c in range(99, 0, -1) if f"{c:02d}" not in taken)
        fields["ubigeo"] = code
    return model.objects.create(
        slug=slug,
        name_es=name_es or known_es or f"{kind.capitalize()} {i} (es)",
        name_en=name_en or known_en or f"{kind.capitalize()} {i}",
        **fields,
    )


def glossary_term(term_es=None, term_en=None, **fields):
    from core.models import GlossaryTerm

    i = n()
    values = {
        "term_es": term_es or f"T{i}",
        "term_en": term_en or f"T{i}",
        "expansion_es": f"Término {i}",
        "expansion_en": f"Term {i}",
        "definition_es": f"Definición del término {i}.",
        "definition_en": f"Definition of term {i}.",
        "slug": f"termino-{i}",
        **fields,
    }
    return GlossaryTerm.objects.create(**values)


# Media -------------------------------------------------------------------------------------


def collection(name=None, private=False, parent=None):
    """A collection under the root one; a private one is shown to signed-in editors only."""
    parent = parent or Collection.get_first_root_node()
    built = parent.add_child(name=name or f"Colección {n()}")
    if private:
        from wagtail.models import CollectionViewRestriction

        CollectionViewRestriction.objects.create(
            collection=built, restriction_type=CollectionViewRestriction.LOGIN
        )
    return built


def pdf(title="Archivo", text="Contenido", note="Prueba"):
    from core.demo.generate import build_pdf

    return build_pdf(title, [text], note)


def docx(title="Archivo", text="Contenido", note="Prueba"):
    from core.demo.generate import build_docx

    return build_docx(title, [text], note)


def document(language="es", extension="pdf", text="Contenido", name=None, data=None, **fields):
    """A stored document with real text (a generated PDF or DOCX unless `data` is given)."""
    from core.models import QuipuDocument

    i = n()
    name = name or f"archivo-{i}-{language}.{extension}"
    if data is None:
        data = (pdf if extension == "pdf" else docx)(f"Archivo {i}", text)
    values = {"title_es": name, "title_en": name, "language": language, **fields}
    built = QuipuDocument(**values)
    built.file.save(name, ContentFile(data), save=False)
    built.save()
    return built


def image(caption_es="Foto de prueba", caption_en="Test photo", size=(60, 40), **fields):
    from core.models import QuipuImage

    i = n()
    buffer = io.BytesIO()
    Image.new("RGB", size, (i * 7 % 255, 90, 140)).save(buffer, format="PNG")
    values = {
        "title_es": f"Imagen {i}",
        "title_en": f"Image {i}",
        "description_es": f"Descripción {i}",
        "description_en": f"Description {i}",
        "caption_es": caption_es,
        "caption_en": caption_en,
        "credit_es": "Equipo de prueba",
        "credit_en": "Test team",
        **fields,
    }
    built = QuipuImage(**values)
    built.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"test-{i}.png")
    built._set_image_file_metadata()
    built.save()
    return built


# Content pages -----------------------------------------------------------------------------


def _page(model, parent, defaults, relations, revision, fields, children=None):
    page = model(**{**defaults, **fields})
    for name, value in (children or {}).items():
        setattr(page, name, value)
    for name, value in (relations or {}).items():
        setattr(page, name, value)
    return publish(parent, page, revision)


def _parent(parent, key):
    if parent is not None:
        return parent
    from django.apps import apps

    model = apps.get_model("knowledge", SECTIONS[key][0])
    existing = model.objects.child_of(site_home()).order_by("path").first()
    return existing or section(key)


def lesson(parent=None, relations=None, revision=True, **fields):
    from knowledge.models import LessonPage

    i = n()
    defaults = {
        "title_es": f"Lección {i}",
        "title_en": f"Lesson {i}",
        "slug_es": f"leccion-{i}",
        "slug_en": f"lesson-{i}",
        "statement_es": f"Enunciado de la lección {i}.",
        "statement_en": f"Statement of lesson {i}.",
        "date": day("2019-06-01"),
    }
    return _page(LessonPage, _parent(parent, "lessons"), defaults, relations, revision, fields)


def event(parent=None, photos=(), relations=None, revision=True, **fields):
    from knowledge.models import EventPage, EventPhoto

    i = n()
    defaults = {
        "title_es": f"Evento {i}",
        "title_en": f"Event {i}",
        "slug_es": f"evento-{i}",
        "slug_en": f"event-{i}",
        "kind": "workshop",
        "start_date": day("2019-05-01"),
    }
    children = {"photos": [EventPhoto(image=photo) for photo in photos]}
    return _page(
        EventPage, _parent(parent, "events"), defaults, relations, revision, fields, children
    )


def practice(sectors=(), extension_events=(), **fields):
    """A pilot's practice, to pass to `pilot(practices=...)`."""
    from knowledge.models import PilotPractice

    i = n()
    built = PilotPractice(**{"name_es": f"Práctica {i}", "name_en": f"Practice {i}", **fields})
    built.sectors = list(sectors)
    built.extension_events = list(extension_events)
    return built


def pilot(parent=None, practices=(), relations=None, revision=True, **fields):
    from knowledge.models import PilotPage

    i = n()
    defaults = {
        "title_es": f"Piloto {i}",
        "title_en": f"Pilot {i}",
        "slug_es": f"piloto-{i}",
        "slug_en": f"pilot-{i}",
        "start_date": day("2018-01-01"),
    }
    children = {"practices": list(practices)}
    return _page(
        PilotPage, _parent(parent, "pilots"), defaults, relations, revision, fields, children
    )


EDITION_FIELDS = ("label", "edition", "edition_date", "description", "objectives", "change_summary")


def material(parent=None, documents=(), relations=None, revision=True, **fields):
    """A training material with one published edition holding its files (one TrainingFile per
    document). Edition fields (`edition_es`, `edition_date`, `description_es`,
    `objectives_en`...) go to that edition."""
    from knowledge.models import TrainingMaterialPage

    i = n()
    defaults = {
        "title_es": f"Módulo {i}",
        "title_en": f"Module {i}",
        "slug_es": f"modulo-{i}",
        "slug_en": f"module-{i}",
    }
    edition_fields = {
        name: fields.pop(name) for name in list(fields) if name.startswith(EDITION_FIELDS)
    }
    page = _page(
        TrainingMaterialPage,
        _parent(parent, "training"),
        defaults,
        relations,
        revision,
        fields,
    )
    edition(page, documents=documents, **edition_fields)
    page.refresh_from_db()
    return page


def edition(page, documents=(), published=True, revision=False, **fields):
    """An edition of a training material: "1.ª edición" of 1 January 2019 unless told otherwise.

    `edition_es`/`edition_en`/`edition_date` name the label and date as the page used to.
    With `revision`, it is published through a revision, as an editor does.
    """
    from wagtail.models import ReferenceIndex

    from knowledge.models import TrainingEdition, TrainingFile

    label_es = fields.pop("edition_es", None) or fields.pop("label_es", None) or "1.ª edición"
    label_en = fields.pop("edition_en", None) or fields.pop("label_en", None) or "1st edition"
    date = fields.pop("edition_date", None) or fields.pop("effective_date", None) or "2019-01-01"
    built = TrainingEdition(
        page=page,
        label=label_es,
        label_es=label_es,
        label_en=label_en,
        effective_date=day(date),
        live=published and not revision,
        **fields,
    )
    built.files = [TrainingFile(document=file) for file in documents]
    built.full_clean()
    built.save()
    if published and revision:
        built.save_revision().publish()
    page.refresh_current_edition()
    # What publishing records at once: the page's files, which decide what the public may see.
    ReferenceIndex.create_or_update_for_object(page)
    return built


def publication(parent=None, documents=(), relations=None, revision=True, **fields):
    """A publication with its files (one PublicationFile per document)."""
    from knowledge.models import PublicationFile, PublicationPage

    i = n()
    defaults = {
        "title_es": f"Informe {i}",
        "title_en": f"Report {i}",
        "slug_es": f"informe-{i}",
        "slug_en": f"report-{i}",
        "intro_es": f"Resumen {i}",
        "intro_en": f"Summary {i}",
        "publication_date": day("2017-11-20"),
    }
    children = (
        {"files": [PublicationFile(document=file) for file in documents]} if documents else {}
    )
    return _page(
        PublicationPage,
        _parent(parent, "publications"),
        defaults,
        relations,
        revision,
        fields,
        children,
    )


# Protocols and OFR instruments -------------------------------------------------------------


def stream_sections(*pairs, ids=None):
    """Raw StreamField data: one section per (heading, text) pair; ids pair sections across
    versions."""
    blocks = []
    for index, (heading, text) in enumerate(pairs):
        blocks.append(
            {
                "type": "section",
                "id": ids[index] if ids else str(uuid.uuid4()),
                "value": {"heading": heading, "body": f"<p>{text}</p>"},
            }
        )
    return blocks


def library(parent=None, **fields):
    from protocols_library.models import ProtocolLibraryPage

    i = n()
    first = not ProtocolLibraryPage.objects.exists()
    values = {
        "title_es": "Protocolos",
        "title_en": "Protocols",
        "slug_es": "protocolos" if first else f"protocolos-{i}",
        "slug_en": "protocols" if first else f"protocols-{i}",
        "show_in_menus": True,
        **fields,
    }
    return publish(parent or site_home(), ProtocolLibraryPage(**values))


def work(parent=None, revision=True, **fields):
    """A protocol (kind="protocol", the default) or an OFR instrument (kind="ofr")."""
    from protocols_library.models import ProtocolLibraryPage, ProtocolWorkPage

    if parent is None:
        parent = ProtocolLibraryPage.objects.order_by("path").first() or library()
    i = n()
    defaults = {
        "title_es": f"Protocolo {i}",
        "title_en": f"Protocol {i}",
        "slug_es": f"protocolo-{i}",
        "slug_en": f"protocol-{i}",
    }
    return publish(parent, ProtocolWorkPage(**{**defaults, **fields}), revision)


def version(
    work, label="v1", effective="2020-03-11", approved=None, published=True, files=(), **fields
):
    """A version of a work, approved ten days before it takes effect unless told otherwise;
    `files` are its documents, in order."""
    from protocols_library.models import ProtocolVersion, ProtocolVersionFile

    effective = day(effective)
    if approved is None and effective is not None:
        approved = effective - datetime.timedelta(days=10)
    defaults = {
        "approving_instrument_type": "resolucion_ministerial",
        "approving_instrument_number": f"{n():03d}-2020-MIMP",
        "sections_es": stream_sections(("Objeto", f"Texto de la versión {label}.")),
        "sections_en": stream_sections(("Purpose", f"Text of version {label}.")),
    }
    built = ProtocolVersion(
        page=work,
        label=label,
        is_published=published,
        effective_date=effective,
        approval_date=day(approved),
        files=[ProtocolVersionFile(document=document) for document in files],
        **{**defaults, **fields},
    )
    built.full_clean()
    built.save()
    return built


# People ------------------------------------------------------------------------------------


def user(role=None, username=None, password=PASSWORD, **fields):
    """An account in one editorial role ("editor", "moderator", "piura", "ayacucho",
    "administrator"), or in none; "superuser" makes a superuser."""
    User = get_user_model()
    username = username or f"{role or 'person'}-{n()}"
    values = {"email": f"{username}@example.org", **fields}
    if role == "superuser":
        return User.objects.create_superuser(username, password=password, **values)
    built = User.objects.create_user(username, password=password, **values)
    if role:
        built.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return built


def grant_section(role, page):
    """Gives a regional group add and edit rights on a page and its descendants (the regional
    teams' sections are their pilot's pages)."""
    group = Group.objects.get(name=ROLE_GROUPS[role])
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    return page


def every_page_type(home=None):
    """A small site with one live page of every public page type, by model name (lowercase,
    as content types name them): the sections, the tracker, the glossary, a translated
    standard page, a lesson, an event, a pilot, a training material and a publication with
    their files, and a protocol library with a work in force."""
    home = home or site_home()
    built = sections(home)
    region = term("region", "piura")
    sector = term("sector", "salud")
    pages = {
        "homepage": home,
        "lessonindexpage": built["lessons"],
        "eventindexpage": built["events"],
        "pilotindexpage": built["pilots"],
        "trainingindexpage": built["training"],
        "publicationindexpage": built["publications"],
        "pilottrackerpage": built["tracker"],
        "standardpage": standard_page(home, slug_es="programa", slug_en="programme"),
        "glossarypage": glossary_page(home),
    }
    pages["lessonpage"] = lesson(built["lessons"], relations={"sectors": [sector]})
    pages["eventpage"] = event(built["events"], photos=[image()], relations={"regions": [region]})
    pages["pilotpage"] = pilot(
        built["pilots"],
        practices=[practice(sectors=[sector], lesson=pages["lessonpage"])],
        relations={"regions": [region]},
    )
    pages["trainingmaterialpage"] = material(
        built["training"], documents=[document("es"), document("en", "docx")]
    )
    pages["publicationpage"] = publication(
        built["publications"], documents=[document("es"), document("en")]
    )
    pages["protocollibrarypage"] = library(home)
    protocol = work(pages["protocollibrarypage"])
    version(protocol, label="v1", effective="2019-03-11")
    protocol.save_revision().publish()
    protocol.refresh_from_db()
    pages["protocolworkpage"] = protocol
    return pages
