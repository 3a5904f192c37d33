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
