"""Filters for the knowledge listings: a plain GET form, so they work without JavaScript.

A value that does not exist (a mistyped link, a term since removed) is reported next to its
filter and ignored; the other filters still apply.
"""

from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models.taxonomy import Region, Sector, Topic

UNKNOWN_VALUE = _("There is no such option; this filter was ignored.")


class Vocabulary(NamedTuple):
    """A vocabulary a listing filters by: the listed items' relation to it and its labels."""

    relation: str
    model: type[models.Model]
    label: str
    empty_label: str


class TermChoiceField(forms.ModelChoiceField):
    """A vocabulary term chosen by its slug, so filter URLs are readable and stable.

    It offers the terms the listed items use (a filter that always finds nothing is noise) and
    accepts any existing term, so a bookmarked filter stays valid after its last item goes; a
    slug no term has is reported and the filter ignored.
    """

    def __init__(self, model, label, empty_label):
        self.model = model
        super().__init__(
            queryset=model.objects.none(),
            to_field_name="slug",
            required=False,
            label=label,
            empty_label=empty_label,
            error_messages={"invalid_choice": UNKNOWN_VALUE},
        )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.model.objects.get(slug=str(value))
        except self.model.DoesNotExist:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class ListingFilterForm(forms.Form):
    """A listing's filters: its vocabularies and, when it has a date, the year.

    Each vocabulary offers only the terms the listed items use; the years are those of the
    items. A subclass declares its own vocabularies (as data) and adds its extra fields.
    """

    # Query-string name -> the vocabulary it filters by.
    vocabularies = {
        "sector": Vocabulary("sectors", Sector, _("Sector"), _("All sectors")),
        "region": Vocabulary("regions", Region, _("Region"), _("All regions")),
        "topic": Vocabulary("topics", Topic, _("Topic"), _("All topics")),
    }

    def __init__(self, data=None, *, items, date_field=None):
        super().__init__(data)
        self.date_field = date_field
        for name, vocabulary in self.vocabularies.items():
            field = TermChoiceField(vocabulary.model, vocabulary.label, vocabulary.empty_label)
            field.queryset = vocabulary.model.objects.filter(
                pk__in=items.values(vocabulary.relation)
            ).distinct()
            self.fields[name] = field
        if date_field:
            years = items.dates(date_field, "year", order="DESC")
            self.fields["year"] = forms.TypedChoiceField(
                label=_("Year"),
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", _("All years"))] + [(day.year, str(day.year)) for day in years],
                error_messages={"invalid_choice": UNKNOWN_VALUE},
            )
        self.order_fields(self.field_order)

    @property
    def active_filters(self):
        """True when at least one valid filter narrows the listing."""
        return any(value not in (None, "") for value in self.valid_data().values())

    def valid_data(self):
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def filter(self, queryset):
        data = self.valid_data()
        for name, vocabulary in self.vocabularies.items():
            if data.get(name):
                queryset = queryset.filter(**{vocabulary.relation: data[name]})
        if self.date_field and data.get("year"):
            queryset = queryset.filter(**{f"{self.date_field}__year": data["year"]})
        return self.filter_extra(queryset, data)

    def filter_extra(self, queryset, data):
        """Filters a subclass adds beyond its vocabularies and the year."""
        return queryset


def active_filter_chips(form, request, defaults=None):
    """The filters a listing applies, each with the listing's address without it.

    [{"label": "Sector", "value": "Salud", "remove_url": "?region=piura"}] for the removable
    chips above the results. A value the form rejected is left out: it was ignored. `defaults`
    names filters that apply even when absent from the address, with the value that lifts
    them: {"status": ("in_force", "all")} shows "Status: In force" until the reader removes it.
    """
    defaults = defaults or {}
    if form.is_bound:
        form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    for name, field in form.fields.items():
        default, lifted = defaults.get(name, ("", ""))
        raw = request.GET.get(name, "") or default
        if not raw or raw == lifted or name in form.errors:
            continue
        value = cleaned.get(name) or raw
        if isinstance(value, models.Model):
            text = str(value)
        else:
            text = {str(key): label for key, label in field.choices}.get(str(raw), str(raw))
        query = request.GET.copy()
        query.pop("page", None)
        if name in defaults:
            query[name] = lifted
        else:
            query.pop(name, None)
        encoded = query.urlencode()
        chips.append(
            {
                "name": name,
                "label": field.label,
                "value": text,
                "remove_url": f"?{encoded}" if encoded else request.path,
            }
        )
    return chips
