"""Privilege boundaries in the admin: who may manage whom, and what restricted editors see.

- Only superusers change, delete or reset the password of a superuser, or make someone one.
- Nobody changes, deletes or creates an account holding rights they do not hold themselves
  (an Administrators member cannot take over a superuser or a broader account, nor hand out
  rights beyond their own).
- Editors whose page rights cover only a section (regional editors) see, in the page chooser,
  their section and what the public sees elsewhere: no draft elsewhere, no unpublished title of
  another section's page; the workflow-cancellation dialog answers only for pages they may edit.
"""

from django.contrib import messages
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

# Rights ----------------------------------------------------------------------------------------


class Rights:
    """Everything an account may do: model permissions and page and collection permissions."""

    def __init__(self, superuser=False, model=(), pages=(), collections=()):
        self.superuser = superuser
        self.model = set(model)
        self.pages = set(pages)  # (tree path, codename)
        self.collections = set(collections)

    @classmethod
    def of_groups(cls, groups, user=None, superuser=False):
        if superuser:
            return cls(superuser=True)
        group_ids = [group.pk if isinstance(group, Group) else int(group) for group in groups]
        model_filter = Q(group__in=group_ids)
        if user is not None and user.pk:
            model_filter |= Q(user=user)
        model = Permission.objects.filter(model_filter).values_list(
            "content_type__app_label", "codename"
        )
        pages = GroupPagePermission.objects.filter(group__in=group_ids).values_list(
            "page__path", "permission__codename"
        )
        collections = GroupCollectionPermission.objects.filter(group__in=group_ids).values_list(
            "collection__path", "permission__codename"
        )
        return cls(model=model, pages=pages, collections=collections)

    @classmethod
    def of(cls, user):
        return cls.of_groups(user.groups.all(), user=user, superuser=user.is_superuser)

    @staticmethod
    def _tree_covered(mine, theirs):
        # A right on a page or collection covers everything beneath it.
        return all(
            any(
                codename == my_codename and path.startswith(my_path)
                for my_path, my_codename in mine
            )
            for path, codename in theirs
        )

    def covers(self, other):
        if self.superuser:
            return True
        if other.superuser:
            return False
        return (
            other.model <= self.model
            and self._tree_covered(self.pages, other.pages)
            and self._tree_covered(self.collections, other.collections)
        )


def refuse(request, message):
    messages.error(request, message)
    return redirect("wagtailusers_users:index")


def posted_rights(request, user=None):
    """The rights the submitted user form would give."""
    superuser = request.POST.get("is_superuser") in {"on", "true", "1", "True"}
    if user is not None and "is_superuser" not in request.POST and user == request.user:
        superuser = user.is_superuser  # the field is absent when editing oneself
    groups = [value for value in request.POST.getlist("groups") if value.isdigit()]
    return Rights.of_groups(groups, user=user, superuser=superuser)


@hooks.register("before_edit_user")
def guard_user_edit(request, user):
    return _guard(request, user, deleting=False)


@hooks.register("before_delete_user")
def guard_user_delete(request, user):
    return _guard(request, user, deleting=True)


@hooks.register("before_create_user")
def guard_user_creation(request):
    if request.user.is_superuser or request.method != "POST":
        return None
    if not Rights.of(request.user).covers(posted_rights(request)):
        return refuse(request, gift_refusal())
    return None


def _guard(request, user, deleting):
    if request.user.is_superuser:
        return None
    if user.is_superuser:
        return refuse(request, _("Only a superuser can change or delete a superuser."))
    mine = Rights.of(request.user)
    if user != request.user and not mine.covers(Rights.of(user)):
        return refuse(
            request,
            _("You cannot change or delete %(user)s: they hold rights you do not have.")
            % {"user": user.get_username()},
        )
    if request.method == "POST" and not deleting and not mine.covers(posted_rights(request, user)):
        return refuse(request, gift_refusal())
    return None


def gift_refusal():
    return _("You cannot give rights you do not have yourself, nor make anyone a superuser.")


# What restricted editors see -----------------------------------------------------------------


def sees_every_page(user):
    return user.is_superuser or PagePermissionPolicy().explorable_root_instance(user).depth <= 1


def pages_visible_to(user):
    """A filter: pages this user may edit (or explore), and what the public sees elsewhere."""
    policy = PagePermissionPolicy()
    own = policy.explorable_instances(user).values_list("pk", flat=True)
    public_title = Q(has_unpublished_changes=False) | Q(draft_title=F("title"))
    return Q(pk__in=own) | (Q(live=True) & public_title)


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_only_what_the_user_may_see(pages, request):
    if sees_every_page(request.user):
        return pages
    # By id: the chooser's search runs through the search backend, which filters on ids only.
    visible = Page.objects.filter(pages_visible_to(request.user)).values_list("pk", flat=True)
    return pages.filter(pk__in=list(visible))


class AdminBoundaryMiddleware:
    """Admin views that read a page without checking who asks, checked here by URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not request.user.is_authenticated:
            return None
        if match.view_name == "wagtailadmin_pages:confirm_workflow_cancellation":
            page = Page.objects.filter(pk=view_kwargs.get("page_id")).first()
            if page is not None and not page.permissions_for_user(request.user).can_edit():
                raise PermissionDenied
        elif match.view_name == "wagtailadmin_choose_page_child":
            if sees_every_page(request.user):
                return None
            parent_id = view_kwargs.get("parent_page_id")
            if not Page.objects.filter(pages_visible_to(request.user), pk=parent_id).exists():
                raise Http404
        return None
