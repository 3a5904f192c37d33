"""Site-wide settings editors change in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class ProgrammeSettings(BaseSiteSetting):
    """The programme behind the site, shown in every page's footer."""

    programme_name = models.CharField(_("programme name"), max_length=255, blank=True)
    programme_description = models.TextField(_("programme description"), blank=True)
    partners = models.CharField(
        _("partners"),
        max_length=500,
        blank=True,
        help_text=_("Institutions behind the programme, as they should appear in the footer."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)

    panels = [
        FieldPanel("programme_name"),
        FieldPanel("programme_description"),
        FieldPanel("partners"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        db_table = "knowledge_programmesettings"  # kept from before the move to core
        verbose_name = _("programme")

    @classmethod
    def for_site(cls, site):
        """The site's settings, read once per content generation (any change to them, or to
        the site, replaces it; core.request_memo.shared); made when missing."""
        from ..request_memo import shared

        if site is None:
            return super().for_site(site)
        found = shared(
            "programme-settings",
            lambda: cls.base_queryset().filter(site_id=site.pk).first(),
            site.pk,
        )
        return found if found is not None else super().for_site(site)
