"""Promoted results (Wagtail search promotions) in every site language: the public search
shows the description written for the visitor's language, none rather than another's."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.search_promotions import forms as promotion_forms

from .models import PromotionTranslation


def extra_languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class TranslatedPromotionForm(promotion_forms.SearchPromotionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = dict(settings.LANGUAGES).get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)
        self.fields["description"].label = _("Description (%(language)s)") % {"language": default}
        self.fields["external_link_text"].label = _("External link text (%(language)s)") % {
            "language": default
        }
        rows = self.instance.quipu_translations.all() if self.instance.pk else []
        existing = {row.language: row for row in rows}
        for code, name in extra_languages():
            row = existing.get(code)
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=row.description if row else "",
            )
            self.fields[f"external_link_text_{code}"] = forms.CharField(
                label=_("External link text (%(language)s)") % {"language": name},
                required=False,
                max_length=200,
                initial=row.link_text if row else "",
            )

    def translation_fields(self):
        return [
            self[name]
            for code, _name in extra_languages()
            for name in (f"external_link_text_{code}", f"description_{code}")
        ]

    def save(self, commit=True):
        promotion = super().save(commit=commit)
        if commit:
            self.save_translations(promotion)
        return promotion

    def save_translations(self, promotion):
        for code, _name in extra_languages():
            description = self.cleaned_data.get(f"description_{code}", "")
            link_text = self.cleaned_data.get(f"external_link_text_{code}", "")
            if description or link_text:
                PromotionTranslation.objects.update_or_create(
                    promotion=promotion,
                    language=code,
                    defaults={"description": description, "link_text": link_text},
                )
            else:
                PromotionTranslation.objects.filter(promotion=promotion, language=code).delete()


class TranslatedPromotionsFormSet(promotion_forms.SearchPromotionsFormSet):
    form = TranslatedPromotionForm


def install_admin_form():
    """Wagtail's promotion views read the formset from this module attribute on each request."""
    promotion_forms.SearchPromotionsFormSet = TranslatedPromotionsFormSet


def shown(promotion):
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        description, link_text = promotion.description, promotion.external_link_text
    else:
        rows = promotion.quipu_translations.all()
        translation = next((row for row in rows if row.language == language), None)
        description = translation.description if translation else ""
        link_text = (translation.link_text if translation else "") or promotion.external_link_text
    if promotion.page_id:
        # Wagtail's `link` is the page itself, which a template renders as its title.
        url, title, external = promotion.page.get_url(), promotion.page.title, False
    else:
        url, title, external = promotion.external_link_url, link_text, True
    return {"url": url, "title": title, "description": description, "external": external}
