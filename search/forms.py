"""The search page's parameters: validated, never trusted, always turned into a query."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import registry
from .query import MAX_PAGE, Filters, SearchQuery, clean, term_filters

SLUG_RE = re.compile(r"^[-\w]{1,100}$")
MAX_VALUES = 20


class SlugListField(forms.MultipleChoiceField):
    """Several facet values; anything that is not a plausible slug is refused."""

    default_error_messages = {
        "invalid_choice": _(
            "A filter in the address is not one this search knows; it was left out."
        ),
    }

    def valid_value(self, value):
        return bool(SLUG_RE.match(str(value)))

    def clean(self, value):
        return super().clean(list(dict.fromkeys(value or []))[:MAX_VALUES])


def year_field(label, invalid):
    return forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        label=label,
        error_messages={
            "invalid": invalid,
            "min_value": _("Years before 1900 are not in this repository."),
            "max_value": _("Write a year before 2100."),
        },
    )


class SearchForm(forms.Form):
    """The search page's parameters, and a filter per facet the apps declared."""

    q = forms.CharField(required=False, label=_("Search"))
    kind = SlugListField(required=False, label=_("Type of content"))
    status = SlugListField(required=False, label=_("Status"))
    year_from = year_field(_("From year"), _("Write the first year as a number, for example 2018."))
    year_to = year_field(_("To year"), _("Write the last year as a number, for example 2020."))
    sort = forms.ChoiceField(
        required=False,
        choices=[("relevance", _("Relevance")), ("date", _("Newest first"))],
        label=_("Sort by"),
        error_messages={"invalid_choice": _("Results can be sorted by relevance or by date.")},
    )
    versions = forms.BooleanField(required=False, label=_("Include earlier and future versions"))
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": _("That is not a page number; here is the first page."),
            "min_value": _("That is not a page number; here is the first page."),
            "max_value": _("Only the first %(limit_value)s pages of results are shown."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in registry.facets().items():
            self.fields[name] = SlugListField(required=False, label=label)
        self.order_fields(["q", *term_filters()])

    def clean_q(self):
        return clean(self.cleaned_data.get("q", ""))

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error("year_to", _("The last year must not be before the first year."))
        return cleaned

    def value(self, name, default=None):
        if name in self.errors:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "", []) else value

    def search_query(self, language):
        filters = Filters(
            **{name: tuple(self.value(name, ())) for name in term_filters()},
            year_from=self.value("year_from"),
            year_to=self.value("year_to"),
        )
        return SearchQuery(
            text=self.value("q", ""),
            language=language,
            filters=filters,
            sort=self.value("sort", "relevance"),
            page=self.value("page", 1),
            include_versions=bool(self.value("versions", False)),
        )

    def error_messages(self):
        return [message for errors in self.errors.values() for message in errors]
