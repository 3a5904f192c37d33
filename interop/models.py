"""What harvesters have been shown, so an item that leaves the public keeps a deleted record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KnownRecord(models.Model):
    """An OAI-PMH record the public has been able to see, and when it stopped being public.

    Rows are never removed: OAI-PMH promises harvesters deleted records that persist
    (`deletedRecord=persistent`). The record's content is always read from the item itself
    while it is public; this row only remembers its identity and sets for after.
    """

    key = models.CharField(_("record"), max_length=40, unique=True)
    sets = models.JSONField(_("sets"), default=list)
    first_seen_at = models.DateTimeField(_("first public"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, db_index=True)
    checked_at = models.DateTimeField(_("last checked"), auto_now=True)

    class Meta:
        verbose_name = _("harvested record")
        verbose_name_plural = _("harvested records")

    def __str__(self):
        return self.key


class Subscription(models.Model):
    """An e-mail address told when a protocol or instrument gets a new version or one enters
    into force, in the language it subscribed in. Confirmed by a link (double opt-in)."""

    work = models.ForeignKey(
        "protocols_library.ProtocolWorkPage",
        verbose_name=_("protocol or instrument"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=7)
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["work", "email"], name="one_subscription_per_address")
        ]
        permissions = [("view_subscriber_addresses", _("Can see subscribers' e-mail addresses"))]

    def __str__(self):
        return f"{self.work_id}: {self.email}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Notice(models.Model):
    """A message sent to a subscriber about one version, so none is ever sent twice."""

    class Event(models.TextChoices):
        APPROVED = "approved", _("New version approved")
        IN_FORCE = "in_force", _("Version entered into force")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="notices")
    version = models.ForeignKey(
        "protocols_library.ProtocolVersion", on_delete=models.CASCADE, related_name="+"
    )
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice sent")
        verbose_name_plural = _("notices sent")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "version", "event"], name="one_notice_per_event"
            )
        ]

    def __str__(self):
        return f"{self.event}: {self.version_id}"
