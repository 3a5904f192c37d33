"""What the editorial tools remember: when each language of a page last changed, and which
groups must use two-factor sign-in."""

from django import forms
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page


class TranslationStamp(models.Model):
    """When each translated field of a page (or a versioned object) last changed, per language.

    `fields` maps each translated field to the fingerprints of its Spanish and English text
    and when each changed (see editorial.translation_status); the digests and dates beside it
    summarise the whole object.
    """

    page = models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        related_name="translation_stamp",
        verbose_name=_("page"),
        null=True,
        blank=True,
    )
    # For objects that are not pages (protocol versions): which one.
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True
    )
    object_id = models.CharField(max_length=255, blank=True)
    fields = models.JSONField(default=dict, blank=True)
    spanish_digest = models.CharField(max_length=64, blank=True)
    english_digest = models.CharField(max_length=64, blank=True)
    spanish_changed_at = models.DateTimeField(null=True, blank=True)
    english_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("translation stamp")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(content_type__isnull=False),
                name="editorial_translation_stamp_object",
            )
        ]

    def __str__(self):
        owner = self.page_id or f"{self.content_type_id}:{self.object_id}"
        return f"{owner}: es {self.spanish_changed_at}, en {self.english_changed_at}"

    @property
    def is_english_outdated(self):
        """Some field has English whose Spanish was edited after it."""
        from .translation_status import outdated_fields

        return bool(outdated_fields(self))


@register_setting(icon="key")
class TwoFactorPolicy(BaseGenericSetting):
    """Who must use two-factor sign-in before they can use the admin: groups, and superusers."""

    required_groups = models.ManyToManyField(
        Group,
        blank=True,
        related_name="+",
        verbose_name=_("groups that must use two-factor sign-in"),
        help_text=_(
            "Members of these groups without an authenticator app are sent to enrol one when "
            "they sign in, and can use nothing else in the admin until they have."
        ),
    )

    superusers_required = models.BooleanField(
        default=False,
        verbose_name=_("superusers must use two-factor sign-in"),
        help_text=_("Superusers belong to no group; this applies the same rule to them."),
    )

    panels = [
        FieldPanel("required_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("superusers_required"),
    ]

    class Meta:
        verbose_name = _("two-factor sign-in policy")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def required_for(cls, user):
        """Whether the user (a superuser, or through a group) must use two-factor sign-in."""
        if user.is_superuser and cls.objects.filter(superusers_required=True).exists():
            return True
        return cls.objects.filter(required_groups__user=user).exists()
