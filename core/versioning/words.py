"""The words a versioned page type uses for its versions.

The shared admin screens, panels and templates of core.versioning say "version", "page" and
"current" unless the page type declares its own words: a protocol speaks of versions "in force"
of a "document", a training material of its "editions". A page type sets `version_words` to a
`VersionWords` with the phrases it changes; every other phrase keeps its default.

Phrases with `%(name)s` are filled in by the code that shows them (`say`); the plural ones are
`ngettext_lazy` pairs counted by the named value.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


def say(phrase, **values):
    """The phrase in the active language with its values (plain text: templates escape it)."""
    return str(phrase) % values if phrase is not None else ""


def count(phrase, number, name):
    """A plural phrase (`ngettext_lazy`, counted by the value `name`) said of `number`."""
    return phrase % {name: number} if phrase is not None else ""


class VersionWords:
    """What the versioning screens say; see the module's description.

    `VersionWords(locked=_("..."), ...)` changes the phrases named; an unknown name is an error.
    """

    def __init__(self, **phrases):
        for name, phrase in phrases.items():
            if name.startswith("_") or not hasattr(type(self), name):
                raise TypeError(f"VersionWords has no phrase {name!r}")
            setattr(self, name, phrase)

    # The page's header button and the confirmation screen's title.
    start_new_version = _("Start a new version")
    # The confirmation screen (`%(label)s`: the version the draft is copied from).
    new_draft_from = _(
        "A draft will be added to this page with the text and files of “%(label)s”, in every "
        "language. Check its label and date before publishing it."
    )
    new_empty_draft = _("An empty draft will be added to this page.")
    draft_own_screen = _(
        "The draft opens on its own screen, where it is saved, previewed and submitted for "
        "moderation."
    )
    create_draft = _("Create the draft")
    # Messages after starting one (`%(reason)s`, `%(label)s`, `%(source)s`).
    locked = _("A new version cannot be started while this page is locked: %(reason)s")
    draft_created_from = _(
        "Draft “%(label)s” created from “%(source)s”, with its text. Check its date and "
        "files; it stays invisible to the public until it is published."
    )
    draft_created = _("Draft “%(label)s” created.")
    # The list of versions on the page's screen.
    save_page_first = _("Save the page first; then start its first version.")
    version_column = None  # None: the version model's name
    date_column = _("Date")
    no_versions = _("This page has no versions yet.")
    all_versions_count = ngettext_lazy("All %(total)s version", "All %(total)s versions", "total")
    # Said after the count when some versions no longer apply (`%(counter)s`); None: not said.
    past_versions_count = None
    # A version's own screen: its page's name (None: the page type's name), and the link to it.
    page_heading = None
    view_on_site = _("View it on the site")

    # The public views (core.versioning.routes, templates/versioning/includes/).
    # The links between the page's views.
    nav_label = _("This document")
    current_link = _("Version in force")
    history_link = _("All versions")
    compare_link = _("Compare versions")
    # The history: an entry's links.
    compare_with_previous = _("Compare with the previous version")
    # The comparison.
    nothing_to_compare = _(
        "This document has only one published version, so there is nothing to compare yet."
    )
    compare_from = _("From version")
    compare_to = _("To version")
    same_version_twice = _(
        "You chose the same version twice. Choose two different versions to see what changed."
    )
    compared_in_default_language = _(
        "These versions are compared in Spanish, the language both are available in."
    )
    # A version's printable view.
    permanent_link = _("Permanent link to this version:")
    back_to_version = _("Back to the version on the site")
