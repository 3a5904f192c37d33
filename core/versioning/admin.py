"""The admin of dated versions: each version on its own screen, rights taken from its page.

Whoever may edit a versioned page may edit and draft its versions; whoever may publish the
page may publish (approve) them, unpublish them and delete them. No separate model permissions
are granted, so the roles stay as they are. A page lists its versions in a few lines
(core.versioning.panels) and starts a new one as a draft copy of the current one (`start_new_version`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, UpdatedAtColumn
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.action_menu import PublishMenuItem, UnpublishMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from .models import DatedVersion
from .panels import VersionStatusPanel
from .timeline import Timeline
from .words import say

# Version action -> the page permissions on its page that allow it.
PAGE_ACTIONS = {
    "view": {"change"},
    "change": {"change"},
    "lock": {"lock"},
    "unlock": {"unlock"},
    "publish": {"publish"},
    "delete": {"publish"},
    # New versions start from their page ("Start a new version"), never from a blank form.
    "add": set(),
}


class VersionPermissionPolicy(BasePermissionPolicy):
    """A version's permissions are its page's permissions."""

    def __init__(self, model, page_model):
        super().__init__(model)
        self.pages = PagePermissionPolicy(page_model)

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
        cache = user.__dict__.setdefault(f"_quipu_{self.model._meta.label}_permissions", {})
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
            return self.model.objects.none()
        return self.model.objects.filter(page__in=self._works_for(user, actions))

    def users_with_any_permission_for_instance(self, actions, instance):
        return self.pages.users_with_any_permission_for_instance(
            self.page_actions(actions) or {"__none__"}, instance.page
        )


def _may_publish(context, instance):
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(context["request"].user, "publish", instance)


class VersionPublishMenuItem(PublishMenuItem):
    def is_shown(self, context):
        instance = context.get("instance")
        return (
            instance is not None
            and not context.get("locked_for_user")
            and _may_publish(context, instance)
        )


class VersionUnpublishMenuItem(UnpublishMenuItem):
    def is_shown(self, context):
        instance = context.get("instance")
        return (
            context["view"] == "edit"
            and instance is not None
            and instance.live
            and not context.get("locked_for_user")
            and _may_publish(context, instance)
        )


def version_action_menu(menu_items, request, context):
    """Publishing a version is decided by its page's permissions, not model permissions."""
    model = context.get("model")
    if not (isinstance(model, type) and issubclass(model, DatedVersion)):
        return
    menu_items[:] = [
        item for item in menu_items if type(item) not in (PublishMenuItem, UnpublishMenuItem)
    ]
    for item in (VersionUnpublishMenuItem(order=20), VersionPublishMenuItem(order=30)):
        if item.is_shown(context):
            menu_items.append(item)
    menu_items.sort(key=lambda item: item.order)


class StatusColumn(Column):
    """Where the version stands today."""

    def get_value(self, instance):
        status = getattr(instance, "_timeline_status", None)
        return status.label if status is not None else ""


class VersionIndexView(IndexView):
    def get_table(self, object_list):
        # Statuses need each page's approved versions: one query for the whole page of rows.
        objects = list(object_list)
        page_ids = {version.page_id for version in objects}
        siblings = {}
        published = self.model.objects.published().filter(page_id__in=page_ids)
        for version in published.only(*self.model.summary_fields()):
            siblings.setdefault(version.page_id, []).append(version)
        for version in objects:
            others = [v for v in siblings.get(version.page_id, []) if v.pk != version.pk]
            version._timeline_status = Timeline([*others, version]).status_of(version)
        return super().get_table(objects)


# Start a new version -----------------------------------------------------------------------


def start_new_version(request, page_id):
    """GET asks for confirmation; POST creates the draft version and opens its own screen."""
    from .routes import VersionedPageMixin

    page = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(page, VersionedPageMixin):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    words = page.version_words
    # Whatever stops this person from editing the page (locked by someone else, awaiting
    # moderation by others, scheduled) stops adding a version to it too.
    lock = page.get_lock()
    if lock is not None and lock.for_user(request.user):
        messages.error(
            request,
            say(words.locked, reason=strip_tags(lock.get_message(request.user) or "")),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    timeline = page.timeline()
    source = timeline.in_force or timeline.governing
    if source is None and timeline.versions:
        source = timeline.versions[-1]
    model = page.versions.model
    if request.method == "POST":
        label = page.next_version_label(timeline.versions)
        if source is not None:
            draft = source.copy_as_draft(label)
        else:
            draft = model(page=page, label=label, slug=slugify(label)[:60], live=False)
        draft.page = page
        with transaction.atomic():
            draft.save()
            draft.save_revision(user=request.user, log_action=False)
            log(draft, "wagtail.create", user=request.user)
        if source is not None:
            message = say(words.draft_created_from, label=label, source=source.label)
        else:
            message = say(words.draft_created, label=label)
        messages.success(request, message)
        return redirect(draft.admin_edit_url)
    return TemplateResponse(
        request,
        "versioning/admin/start_new_version.html",
        {
            "page": page,
            "source": source,
            "model": model._meta,
            "words": words,
            "new_draft_from": say(words.new_draft_from, label=source.label) if source else "",
        },
    )


class VersionForm(WagtailAdminModelForm):
    """Checks the approval rules when the version is published or submitted for moderation.

    Saving a draft defers them (Wagtail's deferred validation), so an editor can save a
    version before its date or files exist; "Publish", "Submit" and a moderator's "Approve"
    check them all.
    """

    def _post_clean(self):
        super()._post_clean()
        if self.is_deferred_validation:
            return
        documents = self.documents_to_save()
        for field, problems in self.instance.approval_errors(documents).items():
            for message in problems:
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
                elif field not in self.fields:
                    self.add_error(None, message)

    def documents_to_save(self):
        """The version's files as this form will save them, or None to read its own rows."""
        formset = getattr(self, "formsets", {}).get("files")
        if formset is None:
            return None
        formset.is_valid()
        return [
            form.cleaned_data["document"]
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and form.cleaned_data.get("document")
            and not form.cleaned_data.get("DELETE")
        ]


# The versions' own screens -----------------------------------------------------------------


class VersionViewSet(SnippetViewSet):
    """A versioned page type's versions, each on its own screen, with its page's rights.

    A concrete viewset sets `model`, its menu (`menu_label`, `menu_name`, `menu_order`) and the
    headings of the list's page and date columns; `register_versions` registers it with its
    permission policy. The edit screen shows the version's status above the model's `panels`,
    and checks the approval rules with `form_class` (`VersionForm` or a subclass).
    """

    icon = "doc-full"
    add_to_admin_menu = True
    index_view_class = VersionIndexView
    list_filter = ["page"]
    search_fields = ["label", "page__title"]
    ordering = ["page__title", "-effective_date", "-pk"]
    page_column_label = _("page")
    date_column_label = _("date")
    version_form_class = VersionForm

    @cached_property
    def list_display(self):
        return [
            "label",
            Column("page", label=self.page_column_label, accessor="page"),
            StatusColumn("timeline_status", label=_("status")),
            DateColumn("effective_date", label=self.date_column_label),
            LiveStatusTagColumn(),
            UpdatedAtColumn(),
        ]

    def get_edit_handler(self):
        panels = [VersionStatusPanel(heading=_("Status")), *self.model.panels]
        return ObjectList(panels, base_form_class=self.version_form_class).bind_to_model(self.model)

    def get_queryset(self, request):
        """Only the versions of pages the user may edit."""
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(
            request.user, {"change"}
        ).select_related("page")


def register_versions(viewset_class):
    """Registers a `VersionViewSet`: its screens, and its versions' rights from their pages."""
    model = viewset_class.model
    page_model = model._meta.get_field("page").related_model
    register_permission_policy(model, VersionPermissionPolicy(model, page_model))
    register_snippet(viewset_class)
