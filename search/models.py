"""Tables of Quipu's search. The database engine's full-text part lives next to `IndexEntry`
(FTS5 tables on SQLite, a table of tsvectors on PostgreSQL), made by migrations for the database
in use; the models describe only the portable part."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexEntry(models.Model):
    """One public item in one site language, as the database engine holds it."""

    key = models.CharField(max_length=200, unique=True)
    object_key = models.CharField(max_length=100, db_index=True)
    language = models.CharField(max_length=8)
    kind = models.CharField(max_length=100)
    is_current = models.BooleanField(default=True)
    date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=40, blank=True)
    facets = models.JSONField(default=list)
    # The SearchDocument as indexed: what results show and snippets are cut from.
    document = models.JSONField(default=dict)
    # " 12 40 ": ids of the files whose text is indexed here, to find entries by file.
    attachment_ids = models.TextField(blank=True)
    # Folded words of the title and summary, counted in IndexWord while the entry exists.
    words = models.TextField(blank=True)
    fingerprint = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["language", "is_current", "date"], name="quipu_search_lang_date"),
        ]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.key


class RemovedEntry(models.Model):
    """The id of a deleted IndexEntry, in order: each process's bitmaps of entry ids
    (search/bitmaps.py) stay exact by reading the removals since the last one it saw."""

    entry_id = models.BigIntegerField()

    def __str__(self):
        return str(self.entry_id)


class IndexWord(models.Model):
    """A word of the indexed titles and summaries, so spelling only proposes public words."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=80)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="quipu_search_word_unique")
        ]

    def __str__(self):
        return self.word


class PendingChange(models.Model):
    """An object an engine has not been brought up to date with yet (it was down)."""

    object_key = models.CharField(max_length=100)
    engine = models.CharField(max_length=40)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["object_key", "engine"], name="quipu_search_pending_unique"
            )
        ]

    def __str__(self):
        return f"{self.engine}: {self.object_key}"


class ZeroResultQuery(models.Model):
    """A search that found nothing, folded, counted per day: what the index is missing."""

    query_string = models.CharField(_("search"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("times searched"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "language", "date"], name="quipu_search_zero_unique"
            )
        ]
        verbose_name = _("search with no results")
        verbose_name_plural = _("searches with no results")

    def __str__(self):
        return self.query_string


class PromotionTranslation(models.Model):
    """A promoted result's description and link text in a language other than Spanish (one
    row per language, so a third language needs no migration)."""

    promotion = models.ForeignKey(
        "wagtailsearchpromotions.SearchPromotion",
        on_delete=models.CASCADE,
        related_name="quipu_translations",
    )
    language = models.CharField(_("language"), max_length=8)
    description = models.TextField(_("description"), blank=True)
    link_text = models.CharField(_("external link text"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["promotion", "language"], name="quipu_search_promotion_language"
            )
        ]
        verbose_name = _("promoted result translation")
        verbose_name_plural = _("promoted result translations")

    def __str__(self):
        return f"{self.promotion_id} ({self.language})"
