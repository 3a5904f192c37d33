"""Each version of a work on its own admin screen: a snippet with drafts, revisions and moderation.

Who may do what with a version follows the pages: whoever may edit a work may edit and draft
its versions; whoever may publish the work's page may publish (approve) them, unpublish them
and delete them. No separate model permissions are granted, so the roles stay as they are.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.action_menu import PublishMenuItem, UnpublishMenuItem
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .forms import ProtocolVersionForm
from .models import ProtocolVersion, ProtocolWorkPage, Timeline
from .panels import VersionStatusPanel

# Version action -> the page permissions on its work that allow it.
PAGE_ACTIONS = {
    "view": {"change"},
    "change": {"change"},
    "lock": {"lock"},
    "unlock": {"unlock"},
    "publish": {"publish"},
    "delete": {"publish"},
    # New versions start from their work ("Start a new version"), never from a blank form.
    "add": set(),
}


class VersionPermissionPolicy(BasePermissionPolicy):
    """A version's permissions are its work page's permissions."""

    def __init__(self, model=ProtocolVersion):
        super().__init__(model)
        self.pages = PagePermissionPolicy(ProtocolWorkPage)

    @staticmethod
    def page_actions(actions):
        return set().union(*(PAGE_ACTIONS.get(action, set()) for action in actions))

    def _works_for(self, user, actions):
        return self.pages.instances_user_has_any_permission_for(user, self.page_actions(actions))

    def user_has_permission(self, user, action):
        return self.user_has_any_permission(user, {action})

    def user_has_any_permission(self, user, actions):
        if not user.is_active or user.is_anonymous:
            return False
        wanted = self.page_actions(actions)
        if not wanted:
            return False
        if user.is_superuser:
            return True
        cache = user.__dict__.setdefault("_quipu_version_permissions", {})
        key = frozenset(wanted)
        if key not in cache:
            cache[key] = self._works_for(user, actions).exists()
        return cache[key]

    def users_with_any_permission(self, actions):
        return self.pages.users_with_any_permission(self.page_actions(actions) or {"__none__"})

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, {action}, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not user.is_active or user.is_anonymous:
            return False
        wanted = self.page_actions(actions)
        if "delete" in actions and not instance.first_published_at and not instance.live:
            # A draft that was never approved is its author's to throw away.
            wanted |= {"change"}
        if not wanted:
            return False
        if user.is_superuser:
            return True
        return self.pages.user_has_any_permission_for_instance(user, wanted, instance.page)

    def instances_user_has_any_permission_for(self, user, actions):
        if not user.is_active or user.is_anonymous:
            return ProtocolVersion.objects.none()
        return ProtocolVersion.objects.filter(page__in=self._works_for(user, actions))

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.pages.users_with_any_permission_for_instance(
            self.page_actions(actions) or {"__none__"}, instance.page
        )


permission_policy = VersionPermissionPolicy()


class VersionPublishMenuItem(PublishMenuItem):
    def is_shown(self, context):
        instance = context.get("instance")
        return (
            instance is not None
            and not context.get("locked_for_user")
            and permission_policy.user_has_permission_for_instance(
                context["request"].user, "publish", instance
            )
        )


class VersionUnpublishMenuItem(UnpublishMenuItem):
    def is_shown(self, context):
        instance = context.get("instance")
        return (
            context["view"] == "edit"
            and instance is not None
            and instance.live
            and not context.get("locked_for_user")
            and permission_policy.user_has_permission_for_instance(
                context["request"].user, "publish", instance
            )
        )


def version_action_menu(menu_items, request, context):
    """Publishing a version is decided by the work's page permissions, not model permissions."""
    if context.get("model") is not ProtocolVersion:
        return
    menu_items[:] = [
        item for item in menu_items if type(item) not in (PublishMenuItem, UnpublishMenuItem)
    ]
    for item in (VersionUnpublishMenuItem(order=20), VersionPublishMenuItem(order=30)):
        if item.is_shown(context):
            menu_items.append(item)
    menu_items.sort(key=lambda item: item.order)


class StatusColumn(Column):
    """Where the version stands today: in force, approved not yet in force, superseded, draft."""

    def get_value(self, instance):
        status = getattr(instance, "_timeline_status", None)
        return status.label if status is not None else ""


class VersionIndexView(IndexView):
    def get_table(self, object_list):
        # Statuses need each work's approved versions: one query for the whole page of rows.
        objects = list(object_list)
        work_ids = {version.page_id for version in objects}
        siblings = {}
        published = ProtocolVersion.objects.published().filter(page_id__in=work_ids)
        for version in published.only(
            "id", "page_id", "live", "effective_date", "end_date", "repeal_date"
        ):
            siblings.setdefault(version.page_id, []).append(version)
        for version in objects:
            others = [v for v in siblings.get(version.page_id, []) if v.pk != version.pk]
            version._timeline_status = Timeline([*others, version]).status_of(version)
        return super().get_table(objects)


class ProtocolVersionViewSet(SnippetViewSet):
    model = ProtocolVersion
    icon = "doc-full"
    menu_label = _("Protocol versions")
    menu_name = "protocol_versions"
    add_to_admin_menu = True
    menu_order = 250
    index_view_class = VersionIndexView
    list_display = [
        "label",
        Column("page", label=_("work"), accessor="page"),
        StatusColumn("timeline_status", label=_("status")),
        DateColumn("effective_date", label=_("enters into force on")),
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["page"]
    search_fields = ["label", "page__title"]
    ordering = ["page__title", "-effective_date", "-pk"]
    edit_handler = ObjectList(
        [VersionStatusPanel(heading=_("Status")), *ProtocolVersion.panels],
        base_form_class=ProtocolVersionForm,
    )

    @property
    def permission_policy(self):
        return permission_policy

    def get_queryset(self, request):
        """Only the versions of works the user may edit."""
        return permission_policy.instances_user_has_any_permission_for(
            request.user, {"change"}
        ).select_related("page")
