"""Quipu's groups, workflow and task read in the admin's language.

The roles migration stores their names once, in English ("Editors", "Moderators approval"):
that stored name is what code and migrations look up. Reading `name` on a group, workflow or
task gives its translation in the active language ("Editores", "Aprobación de moderadores"),
so every admin screen, e-mail and message says "Enviar a Aprobación de moderadores" in Spanish
and "Submit to Moderators approval" in English. Writing a translated name back (an
administrator saves the group form in Spanish) stores the English name again, and a lookup by
either language finds the same row. Names an administrator types for new groups are kept as
typed and shown as typed.
"""

from functools import cache

from django.conf import settings
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

# Stored (English) name -> its translation; msgids carry a context so they never share an
# entry with another string of the same words.
NAMES = {
    "Editors": pgettext_lazy("editorial role", "Editors"),
    "Moderators": pgettext_lazy("editorial role", "Moderators"),
    "Regional editors: Piura": pgettext_lazy("editorial role", "Regional editors: Piura"),
    "Regional editors: Ayacucho": pgettext_lazy("editorial role", "Regional editors: Ayacucho"),
    "Administrators": pgettext_lazy("editorial role", "Administrators"),
    "Moderators approval": pgettext_lazy("editorial workflow", "Moderators approval"),
}
CONTEXTS = {
    name: ("editorial workflow" if name == "Moderators approval" else "editorial role")
    for name in NAMES
}


@cache
def _stored_names_by_translation():
    found = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for stored in NAMES:
                found[pgettext(CONTEXTS[stored], stored)] = stored
    return found


def stored(value):
    """The stored name for a name given in any language; other names unchanged."""
    if not isinstance(value, str) or value in NAMES:
        return value
    return _stored_names_by_translation().get(value, value)


def shown(value):
    """The name in the active language, for the names Quipu defines; others unchanged."""
    if isinstance(value, str) and value in NAMES:
        return str(NAMES[value])
    return value


class TranslatedName(DeferredAttribute):
    """Reads give the translation; writes keep the stored name (see the module docstring)."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None:
            return value
        return shown(value)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = stored(value)


def _translate_name_field(model):
    field = model._meta.get_field("name")
    setattr(model, field.attname, TranslatedName(field))
    original = field.get_prep_value

    def get_prep_value(value):
        # Saves and lookups (filter(name="Editores")) use the stored name.
        return original(stored(value))

    field.get_prep_value = get_prep_value


def install():
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    for model in (Group, Workflow, Task):
        _translate_name_field(model)
