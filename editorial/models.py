"""What the editorial tools remember: when each language of a page last changed, and which
groups must use two-factor sign-in."""

from django import forms
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page

from core import languages


class TranslationStamp(models.Model):
    """When each translated field of a page (or a versioned object) last changed, per language.

    `fields` maps each translated field to the fingerprints of its text in every language of
    the site and when each changed (see editorial.translation_status); one
    `TranslationStampLanguage` row per language summarises the whole object in that language.
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
        return str(self.page_id or f"{self.content_type_id}:{self.object_id}")

    def summary(self, language):
        """The stamp's row for `language` (prefetched with the stamp, or read), or None."""
        return next((row for row in self.languages.all() if row.language == language), None)

    def changed_at(self, language):
        """When the object's text in `language` last changed, if it has any."""
        row = self.summary(language)
        return row.changed_at if row else None

    def outdated_languages(self):
        """The translation languages in which some field is older than its source text."""
        from .translation_status import outdated_fields

        return [code for code in languages.translations() if outdated_fields(self, code)]


class TranslationStampLanguage(models.Model):
    """One language of a stamped object: a fingerprint of all its text in that language, and
    when that text last changed (the latest change of any of its fields)."""

    stamp = models.ForeignKey(
        TranslationStamp,
        on_delete=models.CASCADE,
        related_name="languages",
        verbose_name=_("translation stamp"),
    )
    language = models.CharField(_("language"), max_length=15, choices=languages.language_choices)
    digest = models.CharField(max_length=64, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("language of a translation stamp")
        constraints = [
            models.UniqueConstraint(
                fields=["stamp", "language"], name="editorial_translation_stamp_language"
            )
        ]

    def __str__(self):
        return f"{self.stamp}: {self.language} {self.changed_at}"


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
