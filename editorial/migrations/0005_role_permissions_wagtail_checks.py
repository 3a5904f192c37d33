"""Grants the editorial roles the permissions Wagtail actually checks, and nothing else.

Wagtail's permission policies for Quipu's image and document models check the
`wagtailimages.*_image` and `wagtaildocs.*_document` codenames as collection permissions, and
search promotions check `wagtailsearchpromotions.*_searchpromotion`; 0002 granted
`knowledge.*_quipuimage`, `knowledge.*_quipudocument` and `*_query`, which nothing checks, and
Wagtail's own initial data left its stock permissions on the groups called Editors and
Moderators. This migration states each role's global and collection permissions exactly:

- Editors: upload, edit and choose images and documents everywhere; read the search reports.
- Moderators: the same plus delete media; manage promoted search results.
- Regional editors: upload, edit and choose images and documents only in their region's
  collection ("Piura", "Ayacucho", created here beneath the root collection if missing).
- Administrators: everything Moderators can, plus managing collections (and their privacy);
  they approve and reject in the moderation task beside Moderators.

Groups are found by name and kept, with their members; running it again sets the same rights.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VOCABULARY = ["sector", "region", "institution", "topic", "glossaryterm"]
ACCESS = [("wagtailadmin", "admin", "access_admin")]
READ_VOCABULARY = [("knowledge", model, f"view_{model}") for model in VOCABULARY]
MANAGE_VOCABULARY = [
    ("knowledge", model, f"{action}_{model}")
    for model in VOCABULARY
    for action in ("view", "add", "change", "delete")
]
READ_SEARCH_REPORTS = [
    ("wagtailsearchpromotions", "query", "view_query"),
    ("quipu_search", "zeroresultquery", "view_zeroresultquery"),
]
MANAGE_PROMOTIONS = [
    ("wagtailsearchpromotions", "searchpromotion", f"{action}_searchpromotion")
    for action in ("add", "change", "delete")
]
MANAGE_PEOPLE = [
    ("auth", model, f"{action}_{model}")
    for model in ("user", "group")
    for action in ("view", "add", "change", "delete")
]
SITE_SETTINGS = [
    ("knowledge", "programmesettings", "change_programmesettings"),
    ("wagtailredirects", "redirect", "add_redirect"),
    ("wagtailredirects", "redirect", "change_redirect"),
    ("wagtailredirects", "redirect", "delete_redirect"),
    ("wagtailcore", "workflow", "add_workflow"),
    ("wagtailcore", "workflow", "change_workflow"),
    ("wagtailcore", "workflow", "delete_workflow"),
    ("wagtailcore", "task", "add_task"),
    ("wagtailcore", "task", "change_task"),
    ("wagtailcore", "task", "delete_task"),
]

CONTRIBUTE = ["add", "change", "choose"]
MANAGE = ["add", "change", "delete", "choose"]


def media(actions):
    return [("wagtailimages", "image", f"{action}_image") for action in actions] + [
        ("wagtaildocs", "document", f"{action}_document") for action in actions
    ]


COLLECTIONS = [
    ("wagtailcore", "collection", f"{action}_collection") for action in ("add", "change", "delete")
]

# None is the root collection; a name is a collection directly beneath it.
ROLES = {
    "Editors": {
        "global": ACCESS + READ_VOCABULARY + READ_SEARCH_REPORTS,
        "collections": {None: media(CONTRIBUTE)},
    },
    "Moderators": {
        "global": ACCESS + MANAGE_VOCABULARY + READ_SEARCH_REPORTS + MANAGE_PROMOTIONS,
        "collections": {None: media(MANAGE)},
    },
    "Regional editors: Piura": {
        "global": ACCESS,
        "collections": {"Piura": media(CONTRIBUTE)},
    },
    "Regional editors: Ayacucho": {
        "global": ACCESS,
        "collections": {"Ayacucho": media(CONTRIBUTE)},
    },
    "Administrators": {
        "global": ACCESS
        + MANAGE_VOCABULARY
        + READ_SEARCH_REPORTS
        + MANAGE_PROMOTIONS
        + MANAGE_PEOPLE
        + SITE_SETTINGS,
        "collections": {None: media(MANAGE) + COLLECTIONS},
    },
}

def child_collection(Collection, root, name):
    """The collection `name` directly beneath the root, created if missing.

    Created through Wagtail's real model, as Wagtail's own 0059 migration does, because
    collections keep their siblings in name order (`node_order_by`) and the frozen model has
    no tree methods; only the tree's own columns are touched.
    """
    from wagtail.models import Collection as TreeCollection

    children = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
    existing = children.filter(name=name).first()
    if existing is not None:
        return existing
    created = TreeCollection.objects.get(pk=root.pk).add_child(name=name)
    return Collection.objects.get(pk=created.pk)


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found = Permission.objects.filter(content_type=content_type, codename=codename).first()
    if found is None:
        raise RuntimeError(f"Permission {app_label}.{codename} does not exist; migrate its app first.")
    return found


def grant_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.get(depth=1)

    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([permission(apps, *spec) for spec in role["global"]])
        # Everything else a role held on any collection (0002's unchecked codenames, Wagtail's
        # stock grants) goes; the role's definition below is the whole of it.
        GroupCollectionPermission.objects.filter(group=group).delete()
        for collection_name, specs in role["collections"].items():
            collection = root if collection_name is None else child_collection(
                Collection, root, collection_name
            )
            for spec in specs:
                GroupCollectionPermission.objects.create(
                    group=group, collection=collection, permission=permission(apps, *spec)
                )

    # "Administrators: everything" includes moderating; the task 0002 made names Moderators only.
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    administrators = Group.objects.get(name="Administrators")
    for task in GroupApprovalTask.objects.filter(groups__name="Moderators"):
        task.groups.add(administrators)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_two_factor_policy_superusers"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("quipu_search", "0001_squashed_0006_stem_marks"),
        ("knowledge", "0005_choose_permissions"),
    ]

    operations = [migrations.RunPython(grant_roles, migrations.RunPython.noop)]
