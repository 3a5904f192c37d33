"""Creates Quipu's editorial roles as groups with their permissions, and the review workflow.

Editors write and submit; Moderators review, publish and reject; Regional editors of Piura and
of Ayacucho edit only the section they are given (their page permissions are granted on that
section, by the demo or by an administrator); Administrators manage everything, people included.
Running it again sets the same permissions: it is the definition of the roles.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_EDIT = ["add_page", "change_page"]
PAGE_ALL = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
MEDIA_CONTRIBUTE = [
    ("knowledge", "quipudocument", ["add", "change", "choose"]),
    ("knowledge", "quipuimage", ["add", "change", "choose"]),
]
MEDIA_ALL = [
    ("knowledge", "quipudocument", ["add", "change", "delete", "choose"]),
    ("knowledge", "quipuimage", ["add", "change", "delete", "choose"]),
]
VOCABULARY = ["sector", "region", "institution", "topic", "glossaryterm"]

ROLES = {
    "Editors": {
        "global": [("wagtailadmin", "admin", "access_admin")]
        + [("knowledge", model, f"view_{model}") for model in VOCABULARY],
        "root_pages": PAGE_EDIT,
        "collections": MEDIA_CONTRIBUTE,
    },
    "Moderators": {
        "global": [("wagtailadmin", "admin", "access_admin")]
        + [
            ("knowledge", model, f"{action}_{model}")
            for model in VOCABULARY
            for action in ("view", "add", "change", "delete")
        ],
        "root_pages": PAGE_ALL,
        "collections": MEDIA_ALL,
    },
    "Regional editors: Piura": {
        "global": [("wagtailadmin", "admin", "access_admin")],
        "root_pages": [],
        "collections": MEDIA_CONTRIBUTE,
    },
    "Regional editors: Ayacucho": {
        "global": [("wagtailadmin", "admin", "access_admin")],
        "root_pages": [],
        "collections": MEDIA_CONTRIBUTE,
    },
    "Administrators": {
        "global": [("wagtailadmin", "admin", "access_admin")]
        + [
            ("knowledge", model, f"{action}_{model}")
            for model in VOCABULARY
            for action in ("view", "add", "change", "delete")
        ]
        + [
            ("auth", model, f"{action}_{model}")
            for model in ("user", "group")
            for action in ("view", "add", "change", "delete")
        ]
        + [
            ("knowledge", "programmesettings", "change_programmesettings"),
            ("wagtailredirects", "redirect", "add_redirect"),
            ("wagtailredirects", "redirect", "change_redirect"),
            ("wagtailredirects", "redirect", "delete_redirect"),
            ("wagtailsearchpromotions", "query", "add_query"),
            ("wagtailsearchpromotions", "query", "change_query"),
            ("wagtailsearchpromotions", "query", "delete_query"),
            ("wagtailcore", "workflow", "add_workflow"),
            ("wagtailcore", "workflow", "change_workflow"),
            ("wagtailcore", "workflow", "delete_workflow"),
            ("wagtailcore", "task", "add_task"),
            ("wagtailcore", "task", "change_task"),
            ("wagtailcore", "task", "delete_task"),
        ],
        "root_pages": PAGE_ALL,
        "collections": MEDIA_ALL,
    },
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found = Permission.objects.filter(content_type=content_type, codename=codename).first()
    if found is None:
        raise RuntimeError(f"Permission {app_label}.{codename} does not exist; migrate its app first.")
    return found


def define_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    groups = {}
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.set([permission(apps, *spec) for spec in role["global"]])
        GroupPagePermission.objects.filter(group=group, page=root_page).delete()
        for codename in role["root_pages"]:
            GroupPagePermission.objects.create(
                group=group, page=root_page, permission=permission(apps, "wagtailcore", "page", codename)
            )
        GroupCollectionPermission.objects.filter(group=group, collection=root_collection).delete()
        for app_label, model, actions in role["collections"]:
            for action in actions:
                GroupCollectionPermission.objects.create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, model, f"{action}_{model}"),
                )

    # One review step for every page: Moderators approve or reject what Editors submit.
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderators approval", content_type=task_type, active=True)
    task.groups.set([groups["Moderators"]])
    workflow, _ = Workflow.objects.get_or_create(name="Moderators approval", defaults={"active": True})
    workflow.active = True
    workflow.save()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("knowledge", "0005_choose_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(define_roles, migrations.RunPython.noop)]
