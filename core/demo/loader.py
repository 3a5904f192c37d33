"""Builds the foundation's demo from core/demo/data/foundation.yaml: taxonomy, glossary,
illustrations, the lessons-learned report's files, the home page and the first pages.

Every step looks for what it would create and leaves existing objects untouched, so running
it again changes nothing.
"""

import io
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.models import Collection, Page, Site

from ..models import (
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    Institution,
    ProgrammeSettings,
    QuipuImage,
    Region,
    Sector,
    StandardPage,
    Topic,
)
from . import generate
from .lookup import stored_name_pattern
from .reader import ensure_document, ensure_rows, read

APP_PATH = Path(__file__).resolve().parent.parent
BILINGUAL = ("_es", "_en")


def data():
    """The foundation's demo data."""
    return read(APP_PATH, "foundation")


def bilingual(*names):
    return [f"{name}{suffix}" for name in names for suffix in BILINGUAL]


def load(report):
    """Creates whatever part of the foundation's demo is missing; `report(label, created)`."""
    content = data()
    with transaction.atomic():
        report("sectors", ensure_rows(Sector, content["sectors"], bilingual("name")))
        report("regions", ensure_rows(Region, content["regions"], ["ubigeo", *bilingual("name")]))
        report("topics", ensure_rows(Topic, content["topics"], bilingual("name")))
        sectors = {sector.slug: sector for sector in Sector.objects.all()}
        report(
            "institutions",
            ensure_rows(
                Institution,
                content["institutions"],
                bilingual("acronym", "name"),
                references={"sector": sectors},
            ),
        )
        report(
            "glossary terms",
            ensure_rows(
                GlossaryTerm,
                content["glossary"],
                bilingual("term", "expansion", "definition", "synonyms"),
            ),
        )
        collection = ensure_collection()
        images, created = ensure_images(collection)
        report("illustrations", created)
        documents, created = ensure_documents(collection)
        report("documents", created)
        report("pages", ensure_pages(images, documents))
        report("programme settings", ensure_programme_settings())


def demo_media():
    """(collection, images by key, documents by file name) of the foundation's demo, for the
    apps whose demo pages show them; created where missing."""
    collection = ensure_collection()
    images, _created = ensure_images(collection)
    documents, _created = ensure_documents(collection)
    return collection, images, documents


def ensure_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Demo").first()
    return existing or root.add_child(name="Demo")


def ensure_images(collection):
    illustrations = data()["illustrations"]
    images, created = {}, 0
    for item in illustrations["items"]:
        key, caption_es, caption_en = item["key"], item["caption_es"], item["caption_en"]
        filename = f"demo-{key}.png"
        image = QuipuImage.objects.filter(file__regex=stored_name_pattern(filename)).first()
        if image is None:
            label = caption_es.split("(")[-1].rstrip(").") if "(" in caption_es else key
            image = QuipuImage(
                title_es=caption_es[:255],
                title_en=caption_en[:255],
                description_es=illustrations["description_es"].format(label=label),
                description_en=illustrations["description_en"].format(label=label),
                caption_es=caption_es,
                caption_en=caption_en,
                credit_es=illustrations["credit_es"],
                credit_en=illustrations["credit_en"],
                collection=collection,
            )
            image_data = generate.draw_illustration(key, label)
            # An ImageFile, not a ContentFile, so Django fills in width and height.
            image.file = ImageFile(io.BytesIO(image_data), name=filename)
            image._set_image_file_metadata()
            image.save()
            created += 1
        images[key] = image
    return images, created


def ensure_documents(collection):
    report = data()["lessons_report"]
    documents, created = {}, 0
    for item in report["files"]:
        filename, language = item["name"], item["language"]
        kind = filename.rsplit(".", 1)[-1]
        paragraphs = [report[f"intro_{language}"]] + [
            lesson[f"statement_{language}"] for lesson in report["lessons"]
        ]
        build = generate.build_pdf if kind == "pdf" else generate.build_docx
        suffix = " (Word)" if kind == "docx" else ""
        document, was_created = ensure_document(
            collection,
            filename,
            language,
            f"{report['title_es']}{suffix}",
            f"{report['title_en']}{suffix}",
            lambda build=build, language=language, paragraphs=paragraphs: build(
                report[f"title_{language}"], paragraphs, report[f"note_{language}"]
            ),
        )
        documents[filename] = document
        created += was_created
    return documents, created


def lessons_body(language, figures_after, images, documents):
    """The lessons-learned report as a page body: its statements, the illustrations placed
    after some of them, and the report's files in `language`."""
    report = data()["lessons_report"]
    heading = report[f"heading_{language}"]
    body = [{"type": "heading", "value": {"text": heading, "level": "h2"}}]
    for lesson in report["lessons"]:
        body.append({"type": "paragraph", "value": f"<p>{lesson[f'statement_{language}']}</p>"})
        if lesson["slug"] in figures_after:
            image = images[figures_after[lesson["slug"]]]
            body.append({"type": "figure", "value": {"image": image.pk}})
    downloads = report[f"downloads_{language}"]
    body.append({"type": "heading", "value": {"text": downloads, "level": "h2"}})
    for item in report["files"]:
        if item["language"] == language:
            document = documents[item["name"]]
            body.append({"type": "document", "value": {"document": document.pk}})
    return body


PAGE_TYPES = {"standard": StandardPage, "glossary": GlossaryPage}
PAGE_FIELDS = ["slug_en", "show_in_menus", *bilingual("title", "search_description", "intro")]


def ensure_pages(images, documents):
    content = data()
    created = 0
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.first()
    if home is None:
        spec = content["home"]
        figure = [{"type": "figure", "value": {"image": images[spec["figure"]].pk}}]
        home = HomePage(
            **{name: spec[name] for name in ("slug_es", "slug_en", *bilingual("title", "intro"))},
            body_es=figure,
            body_en=figure,
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        created += 1
        # The page Wagtail installs by default stops being the site's root, then goes.
        previous_root = site.root_page if site else None
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Quipu")
        site.root_page = home
        site.site_name = "Quipu"
        site.save()
        if previous_root and previous_root.pk != home.pk and not previous_root.get_children():
            previous_root.delete()
    home = home.specific

    for spec in content["pages"]:
        model = PAGE_TYPES[spec["type"]]
        if model.objects.child_of(home).filter(slug_es=spec["slug_es"]).exists():
            continue
        fields = {name: spec[name] for name in PAGE_FIELDS if name in spec}
        if spec.get("body") == "lessons_report":
            report = content["lessons_report"]
            figures = spec.get("figures_after_lesson", {})
            for language in ("es", "en"):
                fields[f"intro_{language}"] = report[f"intro_{language}"]
                fields[f"body_{language}"] = lessons_body(language, figures, images, documents)
        page = model(slug_es=spec["slug_es"], **fields)
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    return created


def ensure_programme_settings():
    programme = data()["programme"]
    site = Site.objects.get(is_default_site=True)
    _settings, created = ProgrammeSettings.objects.get_or_create(
        site=site,
        defaults={
            **{f"programme_{name}": programme[name] for name in bilingual("name", "description")},
            **{name: programme[name] for name in ("contact_email", *bilingual("partners"))},
        },
    )
    return int(created)
