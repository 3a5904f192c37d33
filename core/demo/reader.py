"""The demo's content is data: YAML files in each app's `demo/data/` folder, read here.

Everything an app's demo shows (titles, texts, dates, vocabularies, which files to generate)
lives in those files; the apps' `demo/loader.py` turn them into pages, snippets and files with
the helpers below, each of which looks for what it would create first, so loading the demo
again changes nothing.

Dates in the data are ISO dates (`2019-06-18`), or `today-400d` / `today+60d`: so many days
before or after the day of loading, for content whose status depends on today (a protocol
version in force, one not yet in force, a review due).
"""

import datetime
import functools
import re
from pathlib import Path

import yaml
from django.core.files.base import ContentFile

from .lookup import stored_name_pattern

RELATIVE_DATE = re.compile(r"^today(?:([+-])(\d+)d)?$")


@functools.cache
def read(app_path, name):
    """The data file `name`.yaml of the app at `app_path` (its package folder), parsed safely:
    plain values only, never objects."""
    path = Path(app_path) / "demo" / "data" / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def data_files(app_path):
    """Every data file of the app at `app_path`."""
    return sorted((Path(app_path) / "demo" / "data").glob("*.yaml"))


def day(value, today):
    """A date from the data: None, a date, an ISO string, or `today±Nd` counted from `today`."""
    if value is None or isinstance(value, datetime.date):
        return value
    match = RELATIVE_DATE.match(str(value).strip())
    if match is None:
        return datetime.date.fromisoformat(str(value))
    sign, days = match.groups()
    offset = datetime.timedelta(days=int(days or 0))
    return today - offset if sign == "-" else today + offset


def ensure_rows(model, rows, fields, key="slug", references=None):
    """Creates the rows of `model` missing by `key`, with `fields` taken from each row;
    `references` maps a field to a dict resolving the row's value (a slug) to an object.
    Returns how many were created."""
    created = 0
    for row in rows:
        defaults = {name: row.get(name, "") for name in fields}
        for name, objects in (references or {}).items():
            defaults[name] = objects.get(row.get(name))
        _obj, was_created = model.objects.get_or_create(**{key: row[key]}, defaults=defaults)
        created += was_created
    return created


def ensure_child(parent, model, slug_es, relations=None, **fields):
    """The child of `parent` with this Spanish slug; created and published when missing.
    `relations` are many-to-many and child-object values set before the first save."""
    existing = model.objects.child_of(parent).filter(slug_es=slug_es).first()
    if existing is not None:
        return existing, False
    page = model(slug_es=slug_es, **fields)
    for name, values in (relations or {}).items():
        setattr(page, name, values)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def ensure_document(collection, filename, language, title_es, title_en, build):
    """The demo document stored under `filename` (found again whatever suffix the storage gave
    it); when missing, `build()` makes its bytes and the storage API saves them."""
    from core.models import QuipuDocument

    document = QuipuDocument.objects.filter(file__regex=stored_name_pattern(filename)).first()
    if document is not None:
        return document, False
    document = QuipuDocument(
        title_es=title_es, title_en=title_en, language=language, collection=collection
    )
    document.file.save(filename, ContentFile(build()), save=False)
    document.save()
    return document, True
