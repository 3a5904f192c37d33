"""Each chain of training pages (linked by `previous_edition`) becomes one page with editions.

The newest page of a chain is kept, with its id and addresses. Every page of the chain, that
one included, becomes an edition of it: its edition label, date, text (description and
objectives; the summary of an earlier page, when it differs, opens its edition's description)
and its file rows, which keep their documents, so download counts and document addresses stay.
The earlier pages' audiences, taxonomy and links from other pages move onto the kept page; the
earlier pages are removed, and each of their addresses, in every language, answers with a
permanent redirect to the permanent address of the edition that holds their text and files.
"""

from django.conf import settings
from django.db import migrations
from django.utils.html import escape
from django.utils.text import slugify

TAXONOMY = ("audiences", "sectors", "regions", "topics", "institutions", "protocol_versions")


def _languages(connection):
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(cursor, "wagtailcore_page")
        }
    return [code for code, _name in settings.LANGUAGES if f"url_path_{code}" in columns]


def _url_paths(connection, page_id, languages):
    """{language: url_path} of a page, read from modeltranslation's columns."""
    if not languages:
        return {}
    names = ", ".join(f"url_path_{code}" for code in languages)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM wagtailcore_page WHERE id = %s", [page_id])  # noqa: S608
        row = cursor.fetchone()
    return {code: value for code, value in zip(languages, row or [], strict=False) if value}


def _chains(materials):
    """[(kept page, [pages newest first])]: each page in exactly one chain."""
    replaced = {m.previous_edition_id for m in materials.values() if m.previous_edition_id}
    by_age = sorted(materials.values(), key=lambda m: (m.edition_date, m.pk), reverse=True)
    heads = [m for m in by_age if m.pk not in replaced]
    heads += [m for m in by_age if m.pk in replaced]  # pages caught in a loop, if any
    assigned, chains = set(), []
    for head in heads:
        if head.pk in assigned:
            continue
        chain, page = [], head
        while page is not None and page.pk not in assigned:
            assigned.add(page.pk)
            chain.append(page)
            page = materials.get(page.previous_edition_id)
        chains.append((head, chain))
    return chains


def _edition_text(page, kept, language):
    description = getattr(page, f"description_{language}", None) or ""
    intro = getattr(page, f"intro_{language}", None) or ""
    if page.pk != kept.pk and intro and intro != (getattr(kept, f"intro_{language}", None) or ""):
        description = f"<p>{escape(intro)}</p>{description}"
    return description


def merge_chains(apps, schema_editor):
    Material = apps.get_model("knowledge", "TrainingMaterialPage")
    Edition = apps.get_model("knowledge", "TrainingEdition")
    TrainingFile = apps.get_model("knowledge", "TrainingFile")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Revision = apps.get_model("wagtailcore", "Revision")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ContentType = apps.get_model("contenttypes", "ContentType")
    from wagtail.contrib.redirects.models import Redirect as RedirectModel

    connection = schema_editor.connection
    languages = _languages(connection)
    translated = [code for code, _name in settings.LANGUAGES]
    default = settings.LANGUAGE_CODE
    materials = {material.pk: material for material in Material.objects.all()}
    if not materials:
        return
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    sites = [
        (site, _url_paths(connection, site.root_page_id, languages)) for site in Site.objects.all()
    ]

    for kept, chain in _chains(materials):
        taken = set()
        editions = {}
        for page in reversed(chain):  # oldest first
            labels = {code: getattr(page, f"edition_{code}", None) or "" for code in translated}
            label = labels.get(default) or page.edition or page.title
            slug = base = slugify(label)[:55] or "edition"
            number = 2
            while slug in taken:
                slug = f"{base}-{number}"
                number += 1
            taken.add(slug)
            edition = Edition(
                page_id=kept.pk,
                label=label[:60],
                slug=slug,
                effective_date=page.edition_date,
                description=_edition_text(page, kept, default),
                objectives=page.objectives or "",
                live=page.live,
                has_unpublished_changes=False,
                first_published_at=page.first_published_at if page.live else None,
                last_published_at=page.last_published_at if page.live else None,
            )
            for code in translated:
                setattr(edition, f"label_{code}", (labels.get(code) or "")[:60] or None)
                setattr(edition, f"description_{code}", _edition_text(page, kept, code) or None)
                setattr(edition, f"objectives_{code}", getattr(page, f"objectives_{code}", None))
            edition.save()
            editions[page.pk] = edition
            TrainingFile.objects.filter(page_id=page.pk, edition_id__isnull=True).update(
                edition_id=edition.pk, page_id=kept.pk
            )

        current = max(
            (e for e in editions.values() if e.live and e.effective_date),
            key=lambda e: (e.effective_date, e.pk),
            default=None,
        )
        if current is not None:
            Material.objects.filter(pk=kept.pk).update(
                edition_date=current.effective_date,
                edition=current.label,
                **{f"edition_{code}": getattr(current, f"label_{code}") for code in translated},
            )

        kept_paths = _url_paths(connection, kept.pk, languages)
        for page in chain:
            if page.pk == kept.pk:
                continue
            _merge_links(apps, Material, page, kept)
            edition = editions[page.pk]
            for code, old_path in _url_paths(connection, page.pk, languages).items():
                new_path = kept_paths.get(code)
                if not new_path:
                    continue
                for site, roots in sites:
                    root_path = roots.get(code)
                    if root_path is None or not (
                        old_path.startswith(root_path) and new_path.startswith(root_path)
                    ):
                        continue
                    old_url = f"/{code}/{old_path[len(root_path) :]}"
                    new_url = f"/{code}/{new_path[len(root_path) :]}v/{edition.slug}/"
                    Redirect.objects.update_or_create(
                        old_path=RedirectModel.normalise_path(old_url),
                        site=site,
                        defaults={
                            "redirect_link": new_url,
                            "redirect_page": None,
                            "is_permanent": True,
                        },
                    )
            Redirect.objects.filter(redirect_page_id=page.pk).update(redirect_page_id=kept.pk)
            key = str(page.pk)
            if page_type is not None:
                Revision.objects.filter(base_content_type=page_type, object_id=key).delete()
                ReferenceIndex.objects.filter(base_content_type=page_type, object_id=key).delete()
                WorkflowState.objects.filter(base_content_type=page_type, object_id=key).delete()
            Page.objects.filter(pk=page.pk).update(latest_revision=None, live_revision=None)
            parent_path = page.path[:-4]
            Material.objects.filter(pk=page.pk).delete()
            Page.objects.filter(pk=page.pk).delete()
            parent = Page.objects.filter(path=parent_path).first()
            if parent is not None:
                parent.numchild = Page.objects.filter(
                    path__startswith=parent.path, depth=parent.depth + 1
                ).count()
                parent.save(update_fields=["numchild"])


def _merge_links(apps, Material, page, kept):
    """The earlier page's vocabularies, and other pages' links to it, now go to the kept page."""
    for name in TAXONOMY:
        field = Material._meta.get_field(name)
        through = field.remote_field.through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        have = set(through.objects.filter(**{source: kept.pk}).values_list(target, flat=True))
        for row in through.objects.filter(**{source: page.pk}):
            if getattr(row, f"{target}_id") not in have:
                through.objects.create(
                    **{source: kept, f"{target}_id": getattr(row, f"{target}_id")}
                )
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            if field.related_model is not Material:
                continue
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            for row in through.objects.filter(**{f"{target}_id": page.pk}):
                owner = getattr(row, f"{source}_id")
                if through.objects.filter(
                    **{f"{source}_id": owner, f"{target}_id": kept.pk}
                ).exists():
                    row.delete()
                else:
                    through.objects.filter(pk=row.pk).update(**{f"{target}_id": kept.pk})


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0009_training_editions"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(merge_chains, migrations.RunPython.noop)]
