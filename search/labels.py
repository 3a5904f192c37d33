"""Result types in plain words, the same on results, facets, filters and autocomplete.

Page models name themselves for editors ("lessons learned index", "content page"); visitors
read a type's plain name, capitalised like a label. A type not named here (a page type added
later) shows its model's name, capitalised.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .adapters import kind_labels as model_labels

# Types of work the protocol library holds: offered first when an acronym is completed.
WORK_KINDS = ("protocol", "ofr_instrument", "directive", "guideline")

PLAIN_KIND_LABELS = {
    "protocol": _("Protocol"),
    "ofr_instrument": _("OFR instrument"),
    "directive": _("Directive"),
    "guideline": _("Guideline"),
    "lesson": _("Lesson learned"),
    "trainingmaterial": _("Training material"),
    "event": _("Event"),
    "pilot": _("Pilot"),
    "publication": _("Publication"),
    "standard": _("Page"),
    "glossary": _("Glossary"),
    "protocollibrary": _("Protocols library"),
    "lessonindex": _("List of lessons learned"),
    "trainingindex": _("List of training materials"),
    "eventindex": _("List of events"),
    "pilotindex": _("List of pilots"),
    "publicationindex": _("List of publications"),
    "pilottracker": _("Institutionalization tracker"),
    # Not a result: a search for a glossary acronym, offered by autocomplete.
    "acronym": _("Acronym"),
}


def kind_labels():
    """{kind: label} of every type a result can have, in the active language."""
    labels = {kind: capfirst(str(label)) for kind, label in model_labels().items()}
    labels.update({kind: str(label) for kind, label in PLAIN_KIND_LABELS.items()})
    return labels
