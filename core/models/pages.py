"""Page types of the foundation: home, plain content pages and the glossary."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..visibility import is_public_path, restricted_paths


class TranslatedPageMixin:
    """Knows which languages a page really has, and its URL in each of them."""

    def is_available_in(self, language_code):
        """A page exists in a language when its title has been written in that language."""
        if language_code == settings.LANGUAGE_CODE:
            return True
        return bool(getattr(self, f"title_{language_code}", ""))

    @property
    def available_languages(self):
        return [code for code, _name in settings.LANGUAGES if self.is_available_in(code)]

    def url_in(self, language_code, request=None):
        with translation.override(language_code):
            return self.get_url(request=request)

    def full_url_in(self, language_code, request=None):
        with translation.override(language_code):
            return self.get_full_url(request=request)

    def get_view_restrictions(self):
        """Wagtail's answer, asked only when a restricted page is this one or above it.

        The restricted paths are read once per request (core.visibility); the public
        pages, under no restriction, are served without the two queries Wagtail would make.
        """
        from wagtail.models import PageViewRestriction

        if self.alias_of_id is None and is_public_path(self.path, restricted_paths()):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_admin_display_title(self):
        """Admin listings, choosers and breadcrumbs flag pages that still lack English."""
        title = super().get_admin_display_title()
        if self.is_available_in("en"):
            return title
        return _("%(title)s (no English yet)") % {"title": title}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = translation.get_language()
        context["is_untranslated"] = not self.is_available_in(language)
        return context


class HomePage(TranslatedPageMixin, Page):
    """The site's front page: what Quipu holds and where to start."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    # Page templates keep their names from before the foundation app: templates/knowledge/.
    template = "knowledge/home_page.html"

    class Meta:
        db_table = "knowledge_homepage"  # kept from before the move to core
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from ..home import home_children, home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections(request, self)
        context["sections"] = [page for page in home_children(self) if page.show_in_menus]
        return context


class StandardPage(TranslatedPageMixin, Page):
    """A plain content page: about the programme, methodology notes, contact."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    template = "knowledge/standard_page.html"

    class Meta:
        db_table = "knowledge_standardpage"  # kept from before the move to core
        verbose_name = _("content page")


class GlossaryPage(TranslatedPageMixin, Page):
    """The public glossary of acronyms and terms, alphabetical in the reader's language."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    max_count = 1
    subpage_types = []
    template = "knowledge/glossary_page.html"

    class Meta:
        db_table = "knowledge_glossarypage"  # kept from before the move to core
        verbose_name = _("glossary page")

    def terms(self):
        """Glossary terms sorted by the term as written in the active language."""
        from .taxonomy import GlossaryTerm

        return sorted(GlossaryTerm.objects.all(), key=lambda term: term.term.casefold())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        terms = self.terms()
        reader = translation.get_language()
        for term in terms:
            # The glossary promises each term's equivalent: every other language's term and
            # expansion, where they are written.
            term.other_languages = [
                {
                    "code": code,
                    "term": getattr(term, build_localized_fieldname("term", code), ""),
                    "expansion": getattr(term, build_localized_fieldname("expansion", code), ""),
                }
                for code, _name in settings.LANGUAGES
                if code != reader
            ]
            term.other_languages = [
                other for other in term.other_languages if other["term"] or other["expansion"]
            ]
        context["terms"] = terms
        return context
