"""The addresses of a versioned page, as a mixin the page uses.

- the page's own address shows the version that applies today (in force, the current
  edition), and keeps showing the right one as dates pass;
- `v/<slug>/` is a version's permanent address;
- the history, the comparison of two versions, a version's printable view and the stable
  download of the file that applies today.

Routes whose address has a word are spelled in the page's language. The words are one table
(`ROUTE_WORDS`, translated through the catalogue), and each such route is added once per
language of `settings.LANGUAGES`: a new language brings its words in its catalogue and needs no
new route. A route named `history` is reversed as `history_<language>`.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path as url_path
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import pgettext_lazy
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.request_memo import per_request_method

from .diff import diff_section_lists
from .timeline import Timeline, VersionStatus
from .words import VersionWords

# The words of the translated routes, in the default (English) spelling; each language's
# spelling is its catalogue's translation ("versiones", "comparar", "descargar", "imprimir").
ROUTE_WORDS = {
    "history": pgettext_lazy("word in a web address", "versions"),
    "compare": pgettext_lazy("word in a web address", "compare"),
    "download": pgettext_lazy("word in a web address", "download"),
    "print": pgettext_lazy("word in a web address", "print"),
}


def translated_path(pattern, route):
    """Routes the view once per site language; `{word}` in `pattern` is the route's word."""

    def decorator(view):
        view._translated_routes = [*getattr(view, "_translated_routes", []), (pattern, route)]
        return view

    return decorator


def route_word(words, route, language):
    with translation.override(language):
        return str(words[route])


class VersionedPageMixin(RoutablePageMixin):
    """A page whose dated versions (a `DatedVersion` model, `related_name="versions"`) it serves.

    A page sets the four templates, and may add to `version_context` what its templates show.
    """

    route_words = ROUTE_WORDS
    version_template = ""
    history_template = ""
    compare_template = ""
    print_template = ""
    # What the admin and the templates call the versions (core.versioning.words).
    version_words = VersionWords()

    @classmethod
    def get_subpage_urls(cls):
        routes = list(super().get_subpage_urls())
        seen = set()
        for klass in cls.__mro__:
            for view in klass.__dict__.values():
                for pattern, route in getattr(view, "_translated_routes", []):
                    if route in seen:
                        continue
                    for language, _name in settings.LANGUAGES:
                        word = route_word(cls.route_words, route, language)
                        name = f"{route}_{language}"
                        routes.append(url_path(pattern.format(word=word), view, name=name))
                seen.update(route for _pattern, route in getattr(view, "_translated_routes", []))
        return tuple(routes)

    # Versions ------------------------------------------------------------------------

    def timeline(self, on=None):
        """Every version (drafts included) placed on the calendar of `on`."""
        if self.pk is None:
            return Timeline([], on=on)
        return Timeline(self.all_versions(), on=on)

    @per_request_method
    def all_versions(self):
        """The page's versions with what a page shows of them; read once per request."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            return list(prefetched)
        return list(self.versions_queryset())

    def versions_queryset(self):
        """The versions with what the page's views show of them."""
        return self.versions.all()

    def status_label(self, status):
        """How a version's status is said to visitors and editors."""
        return VersionStatus(status).label

    def next_version_label(self, versions):
        """The label a new draft version gets: the next number, not taken yet."""
        taken = {version.slug for version in versions}
        number = len(versions) + 1
        while f"v{number}" in taken:
            number += 1
        return f"v{number}"

    def versions_changed(self):
        """One of the versions was published, unpublished or deleted (nothing by default)."""

    def version_in_force_on(self, date=None):
        return self.timeline(on=date).in_force

    # Addresses -----------------------------------------------------------------------

    def route_url(self, route, language=None, request=None, **kwargs):
        """The address of one of this page's views, spelled in `language`."""
        language = language or translation.get_language()
        name = f"{route}_{language}" if route in self.route_words else route
        with translation.override(language):
            base = self.get_url(request) or ""
        return base + self.reverse_subpage(name, kwargs=kwargs)

    def version_url(self, version, language=None, request=None):
        return self.route_url("version", language, request, slug=version.slug)

    def compare_url(self, old, new, request=None):
        query = urlencode({"from": old.slug, "to": new.slug})
        return f"{self.route_url('compare', request=request)}?{query}"

    def url_in(self, language_code, request=None):
        """The address of the view being shown, in another language, for the switcher."""
        shown = getattr(self, "_shown_route", None)
        if shown is None:
            return super().url_in(language_code, request)
        route, kwargs, query = shown
        url = self.route_url(route, language_code, request, **kwargs)
        return f"{url}?{query}" if query else url

    def _show(self, request, route, **kwargs):
        """Remembers the view being rendered, or redirects a wrongly spelled address.

        `/en/.../versiones/` reaches the history too; it is sent to `/en/.../versions/` so each
        view has one address per language.
        """
        query = request.GET.urlencode()
        self._shown_route = (route, kwargs, query)
        if self.is_preview(request):
            return None
        expected = self.route_url(route, request=request, **kwargs)
        if urlsplit(expected).path != request.path:
            return redirect(f"{expected}?{query}" if query else expected, permanent=True)
        return None

    @staticmethod
    def is_preview(request):
        return bool(getattr(request, "is_preview", False))

    # Views ---------------------------------------------------------------------------

    def get_template(self, request, *args, **kwargs):
        return self.version_template

    @path("", name="current")
    def current_view(self, request):
        timeline = self.timeline()
        return self.render_version(request, timeline, timeline.governing, is_work_address=True)

    @path("v/<slug:slug>/", name="version")
    def version_view(self, request, slug):
        timeline = self.timeline()
        version = timeline.find(slug, include_drafts=self.is_preview(request))
        if version is None:
            raise Http404
        return self._show(request, "version", slug=slug) or self.render_version(
            request, timeline, version, is_work_address=False
        )

    @translated_path("{word}/", "history")
    def history_view(self, request):
        redirection = self._show(request, "history")
        if redirection:
            return redirection
        timeline = self.timeline()
        include_drafts = self.is_preview(request)
        entries = []
        for version, status in timeline.entries():
            if status == VersionStatus.DRAFT and not include_drafts:
                continue
            entries.append(
                {
                    "version": version,
                    "status": status,
                    "status_label": self.status_label(status),
                    "successor": timeline.successor_of(version),
                    "links": self.version_links(request, timeline, version),
                }
            )
        return self.render(
            request,
            template=self.history_template,
            context_overrides={
                "timeline": timeline,
                "entries": entries,
                **self.navigation_urls(request),
            },
        )

    @translated_path("{word}/", "compare")
    def compare_view(self, request):
        redirection = self._show(request, "compare")
        if redirection:
            return redirection
        timeline = self.timeline()
        include_drafts = self.is_preview(request)
        choices = timeline.versions if include_drafts else timeline.published
        new = _chosen(timeline, request.GET.get("to"), include_drafts) or timeline.governing
        old = _chosen(timeline, request.GET.get("from"), include_drafts)
        if old is None and new is not None:
            old = timeline.predecessor_of(new)
        context = {
            "timeline": timeline,
            "choices": choices,
            "old": old,
            "new": new,
            **self.navigation_urls(request),
        }
        if old is not None and new is not None:
            if old is new:
                context["same_version"] = True
            else:
                language = translation.get_language()
                if not (old.has_text_in(language) and new.has_text_in(language)):
                    language = settings.LANGUAGE_CODE
                context.update(
                    {
                        "text_language": language,
                        "sections": diff_section_lists(
                            old.sections_in(language), new.sections_in(language)
                        ),
                        "metadata": self.metadata_changes(old, new),
                        "old_status": timeline.status_of(old),
                        "new_status": timeline.status_of(new),
                        "old_url": self.version_url(old, request=request),
                        "new_url": self.version_url(new, request=request),
                    }
                )
        return self.render(request, template=self.compare_template, context_overrides=context)

    @translated_path("{word}/<str:file_language>/", "download")
    def download_view(self, request, file_language):
        """Always the file of the version that applies today: the link people bookmark."""
        if file_language not in dict(settings.LANGUAGES):
            raise Http404
        redirection = self._show(request, "download", file_language=file_language)
        if redirection:
            return redirection
        version = self.timeline().in_force
        document = None
        if version is not None:
            document = version.main_file_in(file_language) or version.main_file_in(
                settings.LANGUAGE_CODE
            )
        if document is not None:
            # Wagtail's document view counts the download and applies collection privacy.
            response = redirect(document.url)
        else:
            # A shared link never ends in "not found": with no file to give, the page's
            # address shows its text and status.
            response = redirect(self.route_url("current", request=request))
        # Tomorrow the same address may lead to another version's file.
        add_never_cache_headers(response)
        return response

    @translated_path("v/<slug:slug>/{word}/", "print")
    def print_view(self, request, slug):
        timeline = self.timeline()
        version = timeline.find(slug, include_drafts=self.is_preview(request))
        if version is None:
            raise Http404
        redirection = self._show(request, "print", slug=slug)
        if redirection:
            return redirection
        return self.render(
            request,
            template=self.print_template,
            context_overrides=self.version_context(request, timeline, version),
        )

    # What the views show -------------------------------------------------------------

    def navigation_urls(self, request):
        return {
            "work_url": self.route_url("current", request=request),
            "history_url": self.route_url("history", request=request),
            "compare_url": self.route_url("compare", request=request),
        }

    def metadata_changes(self, old, new):
        """Rows comparing two versions' details beside their text; none by default."""
        return []

    def render_version(self, request, timeline, version, is_work_address):
        if is_work_address:
            self._shown_route = ("current", {}, "")
        context = self.version_context(request, timeline, version)
        context["is_work_address"] = is_work_address
        return self.render(request, context_overrides=context)

    def version_links(self, request, timeline, version):
        """Addresses of everything a visitor can do with a version."""
        predecessor = timeline.predecessor_of(version)
        links = {
            "version": self.version_url(version, request=request),
            "print": self.route_url("print", request=request, slug=version.slug),
            "compare_with_previous": (
                self.compare_url(predecessor, version, request) if predecessor else ""
            ),
        }
        if timeline.status_of(version) == VersionStatus.IN_FORCE:
            # The stable addresses, not this version's files: they keep working next year.
            links["downloads"] = [
                {
                    "language": code,
                    "url": self.route_url("download", request=request, file_language=code),
                    "document": version.main_file_in(code),
                }
                for code, _name in settings.LANGUAGES
                if version.main_file_in(code)
            ]
        return links

    def version_context(self, request, timeline, version):
        language = translation.get_language()
        context = {
            "timeline": timeline,
            "version": version,
            "in_force": timeline.in_force,
            "upcoming": timeline.upcoming,
            "repealed_version": timeline.repealed_version,
            **self.navigation_urls(request),
        }
        if timeline.in_force is not None:
            context["in_force_url"] = self.version_url(timeline.in_force, request=request)
        if timeline.upcoming is not None:
            context["upcoming_url"] = self.version_url(timeline.upcoming, request=request)
        if version is None:
            return context
        text_language = language if version.has_text_in(language) else settings.LANGUAGE_CODE
        successor = timeline.successor_of(version)
        context.update(
            {
                "status": timeline.status_of(version),
                "predecessor": timeline.predecessor_of(version),
                "successor": successor,
                "successor_url": self.version_url(successor, request=request) if successor else "",
                "text_language": text_language,
                "links": self.version_links(request, timeline, version),
            }
        )
        return context

    # Previews ------------------------------------------------------------------------

    def serve_preview(self, request, mode_name):
        request.is_preview = True
        if mode_name == "history":
            return self.history_view(request)
        if mode_name.startswith("version:"):
            return self.version_view(request, mode_name.split(":", 1)[1])
        return self.current_view(request)


def _chosen(timeline, slug, include_drafts):
    if not slug:
        return None
    version = timeline.find(slug, include_drafts=include_drafts)
    if version is None:
        raise Http404
    return version
