"""Builds the knowledge sections of the demo from knowledge/demo/data/: lessons, pilots, events,
training, publications.

Like the rest of the loader, every step looks for what it would create (by Spanish slug under
its parent, or by file name) and leaves existing objects as they are.
"""

from pathlib import Path

from django.utils import timezone
from django.utils.html import escape

from core.demo import generate
from core.demo.loader import data as foundation_data
from core.demo.reader import day as data_day
from core.demo.reader import ensure_child, ensure_document, read
from core.models import Institution, Region, Sector, Topic

from ..models import (
    Audience,
    EventIndexPage,
    EventPage,
    EventPhoto,
    LessonIndexPage,
    LessonPage,
    PilotIndexPage,
    PilotPage,
    PilotPractice,
    PilotTrackerPage,
    PublicationFile,
    PublicationIndexPage,
    PublicationPage,
    TrainingEdition,
    TrainingFile,
    TrainingIndexPage,
    TrainingMaterialPage,
    WorkingGroup,
)

APP_PATH = Path(__file__).resolve().parent.parent


def data(name):
    """One of the knowledge demo's data files: sections, lessons, events, pilots, training,
    publications."""
    return read(APP_PATH, name)


def day(value):
    return data_day(value, timezone.localdate())


def file_note(language):
    return data("sections")[f"file_note_{language}"]


def demo_facts(language):
    return f"<p>{escape(data('sections')[f'demo_facts_{language}'])}</p>"


def version_reference(reference):
    """(work's Spanish slug, label) of a "slug@label" reference to a protocol version."""
    slug, label = reference.rsplit("@", 1)
    return slug, label


class Vocabulary:
    """The taxonomy terms by slug, loaded once."""

    def __init__(self):
        self.sectors = {term.slug: term for term in Sector.objects.all()}
        self.regions = {term.slug: term for term in Region.objects.all()}
        self.topics = {term.slug: term for term in Topic.objects.all()}
        self.institutions = {term.slug: term for term in Institution.objects.all()}
        self.audiences = {term.slug: term for term in Audience.objects.all()}

    def classify(self, row):
        return {
            "sectors": [self.sectors[slug] for slug in row.get("sectors", [])],
            "regions": [self.regions[slug] for slug in row.get("regions", [])],
            "topics": [self.topics[slug] for slug in row.get("topics", [])],
            "institutions": [self.institutions[slug] for slug in row.get("institutions", [])],
        }


def load(report, collection, images, documents):
    """Creates whatever part of the knowledge sections is missing; `report(label, created)`."""
    report("audiences", ensure_audiences())
    vocabulary = Vocabulary()
    home = _home()
    indexes, created = ensure_sections(home)
    report("section pages", created)
    report("tracker page", ensure_tracker(indexes["pilots"]))
    files, created = ensure_material_files(collection)
    report("training and publication files", created)
    publications, created = ensure_publications(
        indexes["publications"], vocabulary, images, documents, files
    )
    report("publications", created)
    materials, created = ensure_training(indexes["training"], vocabulary, images, files)
    report("training materials", created)
    pilots, new_pilots = ensure_pilots(indexes["pilots"], vocabulary, images)
    report("pilots", len(new_pilots))
    events, created = ensure_events(
        indexes["events"], vocabulary, images, pilots, materials, publications
    )
    report("events", created)
    lessons, created = ensure_lessons(
        indexes["lessons"], vocabulary, images, pilots, events, materials, publications
    )
    report("lessons learned", created)
    report("practices", ensure_practices(new_pilots, vocabulary, lessons, events))
    return {"pilots": pilots, "lessons": lessons, "events": events, "materials": materials}


def _home():
    from core.models import HomePage

    return HomePage.objects.get()


def ensure_audiences():
    created = 0
    for row in data("sections")["audiences"]:
        _term, was_created = Audience.objects.get_or_create(
            slug=row["slug"], defaults={"name_es": row["name_es"], "name_en": row["name_en"]}
        )
        created += was_created
    return created


SECTION_MODELS = {
    "lessons": LessonIndexPage,
    "pilots": PilotIndexPage,
    "events": EventIndexPage,
    "training": TrainingIndexPage,
    "publications": PublicationIndexPage,
}


def ensure_sections(home):
    indexes, created = {}, 0
    for key, model in SECTION_MODELS.items():
        spec = data("sections")["sections"][key]
        page, was_created = ensure_child(
            home,
            model,
            spec["slug_es"],
            slug_en=spec["slug_en"],
            title_es=spec["title_es"],
            title_en=spec["title_en"],
            intro_es=spec["intro_es"],
            intro_en=spec["intro_en"],
            search_description_es=spec["intro_es"],
            search_description_en=spec["intro_en"],
            show_in_menus=True,
        )
        indexes[key] = page
        created += was_created
    return indexes, created


def ensure_tracker(pilot_index):
    fields = dict(data("sections")["tracker"])
    _page, created = ensure_child(pilot_index, PilotTrackerPage, fields.pop("slug_es"), **fields)
    return int(created)


def material_paragraphs(row, language):
    objectives = row[f"objectives_{language}"]
    heading = "Objetivos de aprendizaje" if language == "es" else "Learning objectives"
    method = "Metodología" if language == "es" else "Methodology"
    return [
        row[f"intro_{language}"],
        f"{heading}: " + " ".join(objectives),
        f"{method}: {row[f'methodology_{language}']}.",
    ]


def ensure_material_files(collection):
    """Generated PDF and Word files of every training material and the "Si se Ve" summary."""
    files, created = {}, 0
    for row in editions():
        for language, extension in (name.split(".") for name in row["files"]):
            filename = f"{row.get('files_name') or row['slug_es']}-{language}.{extension}"
            title = row[f"title_{language}"]
            edition = row[f"edition_{language}"]
            paragraphs = material_paragraphs(row, language)
            build = generate.build_pdf if extension == "pdf" else generate.build_docx
            suffix = " (Word)" if extension == "docx" else ""
            document, was_created = ensure_document(
                collection,
                filename,
                language,
                f"{row['title_es']}, {row['edition_es']}{suffix}",
                f"{row['title_en']}, {row['edition_en']}{suffix}",
                lambda build=build, title=title, edition=edition, paragraphs=paragraphs, lang=language: (
                    build(f"{title} — {edition}", paragraphs, file_note(lang))
                ),
            )
            files[(row["key"], language, extension)] = document
            created += was_created
    for row in data("publications")["publications"]:
        if not row["generated_files"]:
            continue
        for language in ("es", "en"):
            filename = f"{row['slug_es']}-resumen-{language}.pdf"
            title = row[f"title_{language}"]
            paragraphs = row[f"paragraphs_{language}"]
            document, was_created = ensure_document(
                collection,
                filename,
                language,
                f"{row['title_es']} (resumen)",
                f"{row['title_en']} (summary)",
                lambda title=title, paragraphs=paragraphs, lang=language: generate.build_pdf(
                    title, paragraphs, file_note(lang)
                ),
            )
            files[(row["key"], language, "pdf")] = document
            created += was_created
    return files, created


def ensure_publications(index, vocabulary, images, report_documents, files):
    pages, created = {}, 0
    for row in data("publications")["publications"]:
        if row["generated_files"]:
            documents = [files[(row["key"], language, "pdf")] for language in ("es", "en")]
        else:
            documents = list(report_documents.values())
        page, was_created = ensure_child(
            index,
            PublicationPage,
            row["slug_es"],
            relations=vocabulary.classify(row),
            slug_en=row["slug_en"],
            title_es=row["title_es"],
            title_en=row["title_en"],
            publication_date=day(row["date"]),
            authors_es=row["authors_es"],
            authors_en=row["authors_en"],
            intro_es=row["intro_es"],
            intro_en=row["intro_en"],
            search_description_es=row["intro_es"],
            search_description_en=row["intro_en"],
            body_es=row["body_es"],
            body_en=row["body_en"],
            image=images.get(row["image"]),
            files=[PublicationFile(document=document) for document in documents],
        )
        pages[row["key"]] = page
        created += was_created
    return pages, created


def editions():
    """Each training edition with its material's fields (an edition's own fields win)."""
    for material in data("training")["training"]:
        for edition in material["editions"]:
            yield {**material, **edition}


def ensure_training(index, vocabulary, images, files):
    """One page per material, with its editions, each published with its files."""
    pages, created = {}, 0
    for row in data("training")["training"]:
        relations = vocabulary.classify(row)
        relations["audiences"] = [vocabulary.audiences[slug] for slug in row["audiences"]]
        page, was_created = ensure_child(
            index,
            TrainingMaterialPage,
            row["slug_es"],
            relations=relations,
            slug_en=row["slug_en"],
            title_es=row["title_es"],
            title_en=row["title_en"],
            material_kind=row["kind"],
            course_es=row["course_es"],
            course_en=row["course_en"],
            intro_es=row["intro_es"],
            intro_en=row["intro_en"],
            search_description_es=row["intro_es"],
            search_description_en=row["intro_en"],
            methodology_es=row["methodology_es"],
            methodology_en=row["methodology_en"],
            duration_hours=row["hours"],
            image=images.get(row["image"]),
        )
        if not page.versions.exists():
            for edition in row["editions"]:
                ensure_edition(page, {**row, **edition}, files)
        pages[row["key"]] = page
        for edition in row["editions"]:
            pages[edition["key"]] = page
        created += was_created
    return pages, created


def ensure_edition(page, row, files):
    """One published edition of `page`: its label, date, objectives and files; an edition with
    a summary of its own opens its text with it."""
    documents = [files[(row["key"], *name.split("."))] for name in row["files"]]
    edition = TrainingEdition(
        page=page,
        label=row["edition_es"],
        label_es=row["edition_es"],
        label_en=row["edition_en"],
        effective_date=day(row["edition_date"]),
        objectives_es="\n".join(row["objectives_es"]),
        objectives_en="\n".join(row["objectives_en"]),
        files=[TrainingFile(document=document) for document in documents],
    )
    if row["intro_es"] != page.intro_es:
        edition.description_es = f"<p>{escape(row['intro_es'])}</p>"
        edition.description_en = f"<p>{escape(row['intro_en'])}</p>"
    edition.save()
    edition.save_revision().publish()
    return edition


def ensure_pilots(index, vocabulary, images):
    """Pilot pages; practices come later, once the lessons and events they cite exist."""
    pages, new = {}, []
    for row in data("pilots")["pilots"]:
        page, was_created = ensure_child(
            index,
            PilotPage,
            row["slug_es"],
            relations=vocabulary.classify(row),
            slug_en=row["slug_en"],
            title_es=row["title_es"],
            title_en=row["title_en"],
            intro_es=row["intro_es"],
            intro_en=row["intro_en"],
            search_description_es=row["intro_es"],
            search_description_en=row["intro_en"],
            description_es=demo_facts("es"),
            description_en=demo_facts("en"),
            places_es=row["places_es"],
            places_en=row["places_en"],
            start_date=day(row["start"]),
            end_date=day(row["end"]),
            image=images.get(row["image"]) if row["image"] else None,
        )
        pages[row["key"]] = page
        if was_created:
            new.append((page, row))
    return pages, new


def ensure_events(index, vocabulary, images, pilots, materials, publications):
    pages, created = {}, 0
    for row in data("events")["events"]:
        relations = vocabulary.classify(row)
        relations["pilots"] = [pilots[key] for key in row.get("pilots", [])]
        relations["materials"] = [materials[key] for key in row.get("materials", [])]
        relations["publications"] = [publications[key] for key in row.get("publications", [])]
        description_es = demo_facts("es")
        description_en = demo_facts("en")
        page, was_created = ensure_child(
            index,
            EventPage,
            row["slug_es"],
            relations=relations,
            slug_en=row["slug_en"],
            title_es=row["title_es"],
            title_en=row["title_en"],
            kind=row["kind"],
            start_date=day(row["start"]),
            end_date=day(row["end"]),
            city_es=row["city_es"],
            city_en=row["city_en"],
            participants=row["participants"],
            intro_es=row["intro_es"],
            intro_en=row["intro_en"],
            search_description_es=row["intro_es"],
            search_description_en=row["intro_en"],
            description_es=description_es,
            description_en=description_en,
            outcomes_es=row["outcomes_es"],
            outcomes_en=row["outcomes_en"],
            photos=[EventPhoto(image=images[key]) for key in row["photos"]],
        )
        pages[row["key"]] = page
        created += was_created
    return pages, created


LESSON_TEXTS = ("context", "evidence", "recommendation", "source")


def ensure_lessons(index, vocabulary, images, pilots, events, materials, publications):
    lessons = data("lessons")
    defaults = lessons["defaults"]
    statements = {
        lesson["slug"]: lesson for lesson in foundation_data()["lessons_report"]["lessons"]
    }
    report_page = publications[lessons["report"]]
    pages, created = {}, 0
    for row in lessons["lessons"]:
        slug = row["slug_es"]
        relations = vocabulary.classify(row)
        relations["pilots"] = [pilots[key] for key in row.get("pilots", [])]
        relations["events"] = [events[key] for key in row.get("events", [])]
        relations["materials"] = [materials[key] for key in row.get("materials", [])]
        relations["publications"] = [
            publications[key] for key in [*row.get("publications", []), lessons["report"]]
        ]
        texts = {
            f"{name}_{language}": row.get(
                f"{name}_{language}", defaults.get(f"{name}_{language}", "")
            ).replace("{report}", str(report_page.pk))
            for name in LESSON_TEXTS
            for language in ("es", "en")
        }
        statement = statements[slug]
        page, was_created = ensure_child(
            index,
            LessonPage,
            slug,
            relations=relations,
            slug_en=row["slug_en"],
            title_es=row["title_es"],
            title_en=row["title_en"],
            statement_es=statement["statement_es"],
            statement_en=statement["statement_en"],
            search_description_es=statement["statement_es"][:250],
            search_description_en=statement["statement_en"][:250],
            date=day(row.get("date", defaults.get("date"))),
            **texts,
        )
        if was_created and row.get("change_note_es"):
            # A second publication with a change note: the page shows "updated on".
            page.change_note_es = row["change_note_es"]
            page.change_note_en = row["change_note_en"]
            page.save_revision().publish()
        pages[slug] = page
        created += was_created
    return pages, created


def ensure_practices(new_pilots, vocabulary, lessons, events):
    """Practices and working groups of pilots created in this run, published as a revision."""
    created = 0
    for page, row in new_pilots:
        practices = []
        for item in row["practices"]:
            practice = PilotPractice(
                name_es=item["name_es"],
                name_en=item["name_en"],
                description_es=item["description_es"],
                description_en=item["description_en"],
                lesson=lessons.get(item["lesson"]) if item["lesson"] else None,
            )
            practice.sectors = [vocabulary.sectors[slug] for slug in item["sectors"]]
            practice.extension_events = [events[key] for key in item["extension_events"]]
            practices.append(practice)
        groups = []
        for item in row["working_groups"]:
            group = WorkingGroup(
                name_es=item["name_es"],
                name_en=item["name_en"],
                description_es=item["description_es"],
                description_en=item["description_en"],
                established_on=day(item["established"]),
                other_members_es=item["other_es"],
                other_members_en=item["other_en"],
            )
            group.institutions = [vocabulary.institutions[slug] for slug in item["institutions"]]
            groups.append(group)
        page.practices = practices
        page.working_groups = groups
        page.save_revision().publish()
        created += len(practices)
    return created


def link_protocol_versions():
    """Links practices, lessons and materials to the protocols library's demo versions.

    Runs after every app's demo is loaded. Links are added only where none exist yet, each as
    a new published revision, so the admin shows the same links as the site.
    """
    from django.apps import apps

    if not apps.is_installed("protocols_library"):
        return 0
    from protocols_library.models import ProtocolVersion

    def find(reference):
        slug, label = version_reference(reference)
        return ProtocolVersion.objects.filter(page__slug_es=slug, label=label).first()

    linked = 0
    for row in data("pilots")["pilots"]:
        page = PilotPage.objects.filter(slug_es=row["slug_es"]).first()
        if page is None:
            continue
        practices = list(page.practices.all())
        changed = False
        for practice in practices:
            item = next((i for i in row["practices"] if i["name_es"] == practice.name_es), None)
            for field, key in (("approved_in", "approved"), ("incorporated_in", "incorporated")):
                if item is None or key not in item or getattr(practice, f"{field}_id"):
                    continue
                version = find(item[key])
                if version is not None:
                    setattr(practice, field, version)
                    changed = True
                    linked += 1
        if changed:
            page.practices = practices
            page.save_revision().publish()
    for model, rows in (
        (LessonPage, data("lessons")["lessons"]),
        (TrainingMaterialPage, data("training")["training"]),
    ):
        for row in rows:
            wanted = row.get("protocol_versions") or []
            page = model.objects.filter(slug_es=row["slug_es"]).first()
            if not wanted or page is None or page.protocol_versions.exists():
                continue
            versions = [version for version in map(find, wanted) if version is not None]
            if versions:
                page.protocol_versions = versions
                page.save_revision().publish()
                linked += len(versions)
    return linked
