"""What editors may do to images and documents, beyond Wagtail's collection permissions.

Wagtail lets anyone who may change a file also delete it, replace it and move it to any
collection they can add to. In Quipu a file on a published page is published content, so the
moderation rule applies to it too:

- **Deleting** needs the collection's delete permission (Moderators, Administrators). Anyone
  else may delete only a file they uploaded themselves while nothing uses it.
- **Replacing the file** of an image or document used by published content (a live page, a
  version of a live protocol behind its stable download link) needs the right to publish.
- **Moving a file out of a private collection** to one that fewer restrictions protect needs
  the right to publish: it makes the file public, at once.

Refusals say why, in the editor's language, and change nothing.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import AbstractRendition
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from core.forms import DocumentForm as BaseDocumentForm
from core.forms import ImageForm as BaseImageForm


def can_publish(user):
    """True for whoever may publish some page: the people moderation trusts with the public."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "publish")


def _page_model(model):
    return isinstance(model, type) and issubclass(model, Page)


def _has_live_state(model):
    return _page_model(model) or any(field.name == "live" for field in model._meta.concrete_fields)


def _live_filter(model):
    """A filter for the rows of `model` the public sees through, or None when it has no notion."""
    if _page_model(model):
        return Q(live=True)
    for field in model._meta.get_fields():
        if isinstance(field, ParentalKey) and _has_live_state(field.related_model):
            # A page's or a version's files are public while their owner is live.
            return Q(**{f"{field.name}__live": True})
    if any(field.name == "live" for field in model._meta.concrete_fields):
        return Q(live=True)
    return None


def used_by_published_content(instance):
    """True when a live page (or anything public with no draft state) uses this file.

    Read from the file's foreign keys directly, so a use saved a moment ago counts even before
    Wagtail's reference index is updated, and from the reference index for uses inside
    rich text and StreamField blocks.
    """
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        if issubclass(model, AbstractRendition):
            continue
        uses = model._default_manager.filter(**{relation.field.name: instance})
        live = _live_filter(model)
        if live is not None:
            uses = uses.filter(live)
        if uses.exists():
            return True
    references = ReferenceIndex.get_references_to(instance)
    page_ids = set()
    for content_type, object_id in references.values_list(
        "base_content_type", "object_id"
    ).distinct():
        model = ContentType.objects.get_for_id(content_type).model_class()
        if model is None:
            continue
        if _page_model(model):
            page_ids.add(object_id)
            continue
        live = _live_filter(model)
        rows = model._default_manager.filter(pk=object_id)
        if live is not None:
            rows = rows.filter(live)
        if rows.exists():
            return True
    return Page.objects.filter(pk__in=page_ids, live=True).exists()


def used_anywhere(instance):
    """True when any page, draft or other object uses this file."""
    for relation in instance._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        model = relation.related_model
        if issubclass(model, AbstractRendition):
            continue
        if model._default_manager.filter(**{relation.field.name: instance}).exists():
            return True
    return ReferenceIndex.get_references_to(instance).exists()


def restrictions(collection):
    """The ids of the view restrictions protecting a collection (its own and its ancestors')."""
    from wagtail.models import CollectionViewRestriction

    return set(
        CollectionViewRestriction.objects.filter(
            collection__in=collection.get_ancestors(inclusive=True)
        ).values_list("pk", flat=True)
    )


def widens_privacy(old_collection, new_collection):
    """True when moving from `old` to `new` drops a restriction that protected the file."""
    if old_collection is None or new_collection is None or old_collection == new_collection:
        return False
    return not restrictions(old_collection) <= restrictions(new_collection)


class QuipuMediaPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's collection ownership policy, where "delete" is its own permission.

    Wagtail treats delete as change; here it needs the collection's delete permission, or the
    file to be the user's own upload (in a collection they may add to) that nothing uses.
    """

    def user_has_permission(self, user, action):
        if action == "delete":
            # Owners with "add" may delete some files (their own, unused).
            return self._check_perm(user, ["delete", "add"])
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        if "delete" in actions:
            actions.discard("delete")
            if self.user_may_delete(user, instance):
                return True
            if not actions:
                return False
        return super().user_has_any_permission_for_instance(user, actions, instance)

    def user_may_delete(self, user, instance):
        if not (user.is_active and user.is_authenticated):
            return False
        if user.is_superuser:
            return True
        if self._check_perm(user, ["delete"], collection=instance.collection):
            return True
        return (
            getattr(instance, self.owner_field_name) == user
            and self._check_perm(user, ["add"], collection=instance.collection)
            and not used_anywhere(instance)
        )

    def instances_user_has_any_permission_for(self, user, actions):
        actions = set(actions)
        if "delete" not in actions or user.is_superuser or not user.is_authenticated:
            return super().instances_user_has_any_permission_for(user, actions)
        # Candidates only: the instance check above decides for owners' files.
        actions.discard("delete")
        deletable = self.model._default_manager.filter(
            Q(collection__in=self._collections_with_perm(user, ["delete"]))
            | Q(collection__in=self._collections_with_perm(user, ["add"]))
            & Q(**{self.owner_field_name: user})
        )
        if not actions:
            return deletable
        return super().instances_user_has_any_permission_for(user, actions) | deletable

    def users_with_any_permission_for_instance(self, actions, instance):
        actions = set(actions)
        if "delete" not in actions:
            return super().users_with_any_permission_for_instance(actions, instance)
        actions.discard("delete")
        from django.contrib.auth import get_user_model

        deleters = get_user_model().objects.filter(
            self._users_with_perm_filter(["delete"], collection=instance.collection)
        )
        if not actions:
            return deleters.distinct()
        return (
            super().users_with_any_permission_for_instance(actions, instance) | deleters
        ).distinct()


def register_policies():
    """Registered for the exact models, so they win over Wagtail's own registration."""
    register_permission_policy(
        get_image_model(),
        QuipuMediaPermissionPolicy(
            get_image_model(), auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
        ),
        exact_class=True,
    )
    register_permission_policy(
        get_document_model(),
        QuipuMediaPermissionPolicy(
            get_document_model(),
            auth_model="wagtaildocs.Document",
            owner_field_name="uploaded_by_user",
        ),
        exact_class=True,
    )


# Refusal messages ----------------------------------------------------------------------------


def replace_refusal():
    return _(
        "This file is used on published pages, so replacing it would publish the change "
        "without review. Upload the new file separately, choose it in a draft and submit the "
        "draft for moderation, or ask a moderator to replace it."
    )


def privacy_refusal(collection):
    return _(
        "This file is in a private collection; moving it to “%(collection)s” would show it to "
        "people who cannot see it now. Only someone who may publish can do that: ask a "
        "moderator."
    ) % {"collection": collection.name}


def deletion_refusal(user, instance):
    """Why this user may not delete this file, or None when they may (or may not even edit)."""
    policy = policy_registry.get_by_type(type(instance))
    if policy.user_has_permission_for_instance(user, "delete", instance):
        return None
    if not policy.user_has_permission_for_instance(user, "change", instance):
        return None
    if getattr(instance, "uploaded_by_user", None) == user and used_anywhere(instance):
        return _(
            "You cannot delete this file: pages or drafts use it, and deleting it would change "
            "them without review. Remove it from them first, or ask a moderator."
        )
    return _(
        "You can delete only files you uploaded yourself that nothing uses yet. Ask a "
        "moderator to delete this one."
    )


# Forms -----------------------------------------------------------------------------------------


class MediaRulesMixin:
    """Refuses, with a field error, what would bypass moderation or privacy on save."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        user = getattr(self, "user", None)
        if instance.pk is None or user is None or can_publish(user):
            return cleaned_data
        stored = type(instance)._default_manager.select_related("collection").get(pk=instance.pk)
        if "file" in self.changed_data and used_by_published_content(stored):
            self.add_error("file", ValidationError(replace_refusal(), code="published"))
        collection = cleaned_data.get("collection")
        if "collection" in self.changed_data and widens_privacy(stored.collection, collection):
            self.add_error(
                "collection", ValidationError(privacy_refusal(collection), code="private")
            )
        return cleaned_data


class DocumentForm(MediaRulesMixin, BaseDocumentForm):
    """Document upload and edit form, with Quipu's moderation and privacy rules."""


class ImageForm(MediaRulesMixin, BaseImageForm):
    """Image upload and edit form, with Quipu's moderation and privacy rules."""

    def save(self, commit=True):
        image = super().save(commit=commit)
        if commit and "file" in self.changed_data:
            from core.renditions import schedule_renditions

            # Wagtail deleted the old file's renditions after the image was saved.
            schedule_renditions(image)
        return image


# Views and hooks -----------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def delete_views_that_explain():
    from .media_views import DocumentDeleteView, ImageDeleteView

    # Same addresses as Wagtail's delete views; Quipu's hooks load first, so these answer.
    return [
        path("images/<int:image_id>/delete/", ImageDeleteView.as_view()),
        path("documents/delete/<int:document_id>/", DocumentDeleteView.as_view()),
    ]


@hooks.register("before_bulk_action")
def refuse_bulk_moves_out_of_private_collections(request, action_type, objects, action):
    if action_type != "add_to_collection" or can_publish(request.user):
        return None
    collection = action.cleaned_form.cleaned_data.get("collection")
    widened = [item for item in objects if widens_privacy(item.collection, collection)]
    if not widened:
        return None
    messages.error(
        request,
        ngettext(
            "%(count)d file was not moved: %(reason)s",
            "%(count)d files were not moved: %(reason)s",
            len(widened),
        )
        % {"count": len(widened), "reason": privacy_refusal(collection)},
    )
    return redirect(action.next_url)
