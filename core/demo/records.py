"""The demo loader: turns the records declared in every app's `demo/data/*.yaml` into objects.

A record names a model, how an existing object is found again, and the values of a new one:

    - model: knowledge.EventPage
      find: {parent: {ref: knowledge.EventIndexPage}, slug_es: taller-ayacucho-2019}
      fields:
        title_es: Taller regional…
        start_date: today-400d                      # a date field: ISO or today±Nd
        sectors: {refs: core.Sector, slug: [salud]}  # many-to-many, in this order
        photos: [{image: {ref: core.QuipuImage, file: demo-ayacucho.png}}]  # inline rows

The loader looks the record up by `find` (a page by its fields under `parent`, a file by its
name whatever suffix the storage gave it) and creates it only when missing, so loading again
changes nothing. Pages are added under their parent and published; models with revisions are
published as a revision. A record may also:

- `file`: generate the object's file (`generate: pdf | docx | illustration`, see generate.py);
- `publish: false`: leave a page's first save without a published revision;
- `revisions`: values saved and published, one revision each, after its creation;
- `site_root: true`: make the page the default site's root page;
- `update`: instead of `find`, a reference to an object created earlier in the same run, whose
  `fields` are then set and published as a new revision (objects that existed before the run
  are left as they are);
- `password: generated`: give a new account a random password, reported once.

Values may be references resolved when loaded: `{ref: label, lookups…}` (one object; `file:`
matches a stored file name), `{refs: label, field: [values]}` (objects in that order, or
`field__in` for the model's own order), `{pk: reference}` (its primary key, for streams),
`{year: date}`, `{date: date, language: es}` (written as in that language) and
`{format: "…{name}…", with: {name: value}}`.

Records run by `stage` (from the record or its file), then in the order of INSTALLED_APPS,
file names and position, each stage in one transaction.
"""

import io
import secrets
from collections import Counter

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.models import Page, Site

from . import generate
from .lookup import stored_name_pattern
from .reader import data_files, day, read

GENERATORS = {
    "pdf": lambda spec: generate.build_pdf(spec["title"], spec["paragraphs"], spec["note"]),
    "docx": lambda spec: generate.build_docx(spec["title"], spec["paragraphs"], spec["note"]),
    "illustration": lambda spec: generate.draw_illustration(spec["key"], spec["label"]),
}


class DemoDataError(ValueError):
    """A record the loader cannot follow: its message says which and why."""


def records():
    """(stage, app config, record) of every installed app's demo data, in loading order."""
    found = []
    for app_order, config in enumerate(apps.get_app_configs()):
        for path in data_files(config.path):
            content = read(config.path, path.stem) or {}
            for position, record in enumerate(content.get("records") or []):
                stage = record.get("stage", content.get("stage", 0))
                found.append(((stage, app_order, path.name, position), config, record))
    found.sort(key=lambda item: item[0])
    return [(key[0], config, record) for key, config, record in found]


def declared(label):
    """The values of every record of the model `label` in the demo data (its `find`, `fields`
    and `file`, merged), in loading order: what a test or benchmark reads of the demo."""
    found = []
    for _stage, _config, record in records():
        if record.get("model") == label:
            found.append({**record["find"], **(record.get("fields") or {}), **record})
    return found


class Loader:
    """Loads the demo's records; `report(label, created)` hears what each group created, and
    `accounts` says whether records that create accounts run."""

    def __init__(self, report, accounts=False, today=None, stand_ins=None):
        self.report = report
        self.accounts = accounts
        self.today = today or timezone.localdate()
        # {model label: object} answering a bare `{ref: label}`: how a test loads part of the
        # demo under a page of its own.
        self.stand_ins = stand_ins or {}
        self.created = set()
        self.passwords = []

    def load(self, heading=None, app_labels=None):
        """Every stage in order (only the records of `app_labels` when given);
        `heading(position, total, app config)` announces each group of records (one app's
        records in one stage)."""
        groups = []
        for stage, config, record in records():
            if record.get("password") and not self.accounts:
                continue
            if app_labels is not None and config.label not in app_labels:
                continue
            if not groups or groups[-1][:2] != (stage, config):
                groups.append((stage, config, []))
            groups[-1][2].append(record)
        for position, (_stage, config, items) in enumerate(groups, start=1):
            if heading:
                heading(position, len(groups), config)
            counts = Counter()
            with transaction.atomic():
                for record in items:
                    label, created = self.apply(record)
                    counts[label] += created
            for label, created in counts.items():
                self.report(label, created)

    # Records ------------------------------------------------------------------------------

    def apply(self, record):
        """Creates or updates one record; (label, 1 if it created or changed something)."""
        if "update" in record:
            target = self.value(record["update"])
            label = record.get("label") or f"{target._meta.verbose_name_plural} (links)"
            if (target._meta.label, target.pk) not in self.created:
                return label, 0
            self.update(target, record.get("fields") or {})
            return label, 1
        model = self.model(record["model"])
        with translation.override("en"):
            label = record.get("label") or str(model._meta.verbose_name_plural)
        if self.find(model, record["find"]) is not None:
            return label, 0
        self.create(model, record)
        return label, 1

    def model(self, name):
        try:
            return apps.get_model(name)
        except (LookupError, ValueError) as error:
            raise DemoDataError(f"Unknown model in the demo data: {name!r}") from error

    def find(self, model, lookups):
        lookups = dict(lookups)
        parent = lookups.pop("parent", None)
        queryset = model._default_manager.all()
        if parent is not None:
            queryset = queryset.child_of(self.value(parent))
        if "file" in lookups:
            lookups["file__regex"] = stored_name_pattern(lookups.pop("file"))
        return queryset.filter(**{name: self.value(v) for name, v in lookups.items()}).first()

    def create(self, model, record):
        find = dict(record["find"])
        parent = find.pop("parent", None)
        values = {**{k: v for k, v in find.items() if k != "file"}, **(record.get("fields") or {})}
        instance = model()
        later = self.assign(instance, values)
        if "file" in record:
            self.attach_file(instance, record["file"])
        if record.get("password"):
            password = secrets.token_urlsafe(12)
            instance.set_password(password)
        if parent is not None:
            # Pages and collections are nodes of a tree: added under their parent.
            self.value(parent).add_child(instance=instance)
        else:
            if hasattr(instance, "full_clean") and record.get("validate"):
                instance.full_clean()
            instance.save()
        for name, objects in later.items():
            getattr(instance, name).set(objects)
        if record.get("password"):
            groups = ", ".join(group.name for group in instance.groups.all())
            self.passwords.append((instance.get_username(), groups, password))
        self.created.add((instance._meta.label, instance.pk))
        if isinstance(instance, Page):
            self.created.add((Page._meta.label, instance.pk))
        if record.get("publish", True) and hasattr(instance, "save_revision"):
            instance.save_revision().publish()
        if record.get("site_root"):
            self.make_site_root(instance)
        for revision in record.get("revisions") or []:
            self.update(instance, revision)
        return instance

    def update(self, instance, values):
        instance = type(instance)._default_manager.get(pk=instance.pk)
        later = self.assign(instance, values, existing=True)
        if later:
            raise DemoDataError(f"Updates set no many-to-many field: {sorted(later)}")
        if hasattr(instance, "save_revision"):
            instance.save_revision().publish()
        else:
            instance.save()

    def assign(self, instance, values, existing=False):
        """Sets `values` on `instance`; returns the plain many-to-many values to set once it
        is saved (parental ones and inline rows are set before, as Wagtail keeps them)."""
        later = {}
        for name, raw in values.items():
            field = self.field(instance, name)
            if (
                field is not None
                and field.one_to_many
                and isinstance(field.remote_field, ParentalKey)
            ):
                rows = self.rows(getattr(instance, name).all() if existing else [], field, raw)
                setattr(instance, name, rows)
                continue
            value = self.value(raw, field)
            if field is not None and field.many_to_many:
                if isinstance(field, ParentalManyToManyField):
                    setattr(instance, name, value)
                elif instance.pk is None:
                    later[name] = value
                else:
                    getattr(instance, name).set(value)
                continue
            setattr(instance, name, value)
        return later

    def rows(self, existing, field, raw_rows):
        """Inline rows of a relation: existing rows take the values in order, others are new."""
        existing = list(existing)
        rows = []
        for position, raw in enumerate(raw_rows):
            row = existing[position] if position < len(existing) else field.related_model()
            later = self.assign(row, raw)
            for name, objects in later.items():
                setattr(row, name, objects)
            rows.append(row)
        return rows

    def field(self, instance, name):
        try:
            return instance._meta.get_field(name)
        except Exception:
            return None

    def attach_file(self, instance, spec):
        spec = self.value(spec)
        data = GENERATORS[spec["generate"]](spec)
        if spec["generate"] == "illustration":
            # An ImageFile, not a ContentFile, so Django fills in width and height.
            instance.file = ImageFile(io.BytesIO(data), name=spec["name"])
            instance._set_image_file_metadata()
        else:
            instance.file.save(spec["name"], ContentFile(data), save=False)

    def make_site_root(self, page):
        """The page becomes the default site's root; Wagtail's own welcome page goes."""
        site = Site.objects.filter(is_default_site=True).first()
        previous_root = site.root_page if site else None
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = page
        site.site_name = "Quipu"
        site.save()
        if previous_root and previous_root.pk != page.pk and not previous_root.get_children():
            previous_root.delete()

    # Values -------------------------------------------------------------------------------

    def value(self, raw, field=None):
        """A value from the data, references and computed values resolved."""
        if isinstance(raw, dict):
            if "ref" in raw:
                lookups = {k: v for k, v in raw.items() if k != "ref"}
                if not lookups and raw["ref"] in self.stand_ins:
                    return self.stand_ins[raw["ref"]]
                model = self.model(raw["ref"])
                found = self.find(model, lookups)
                if found is None:
                    raise DemoDataError(f"Nothing in the demo matches {raw!r}")
                return found.specific if isinstance(found, Page) else found
            if "refs" in raw:
                return self.many(raw)
            keys = set(raw)
            if keys == {"pk"}:
                return self.value(raw["pk"]).pk
            if keys == {"year"}:
                return day(raw["year"], self.today).year
            if keys == {"date", "language"}:
                with translation.override(raw["language"]):
                    return date_format(day(raw["date"], self.today), "DATE_FORMAT")
            if keys == {"format", "with"}:
                names = {name: self.value(v) for name, v in raw["with"].items()}
                return raw["format"].format(**names)
            return {key: self.value(item) for key, item in raw.items()}
        if isinstance(raw, list):
            return [self.value(item) for item in raw]
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
            return day(raw, self.today)
        if (
            raw is None
            and isinstance(field, (models.CharField, models.TextField))
            and not field.null
        ):
            return ""
        return raw

    def many(self, raw):
        model = self.model(raw["refs"])
        lookups = {k: v for k, v in raw.items() if k != "refs"}
        if len(lookups) == 1:
            ((name, wanted),) = lookups.items()
            if not name.endswith("__in"):
                found = []
                for item in wanted:
                    obj = model._default_manager.filter(**{name: item}).first()
                    if obj is None:
                        raise DemoDataError(f"Nothing in the demo matches {raw['refs']} {item!r}")
                    found.append(self.specific(obj))
                return found
        return [self.specific(obj) for obj in model._default_manager.filter(**lookups)]

    def specific(self, obj):
        return obj.specific if isinstance(obj, Page) else obj
