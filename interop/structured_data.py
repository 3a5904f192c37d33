"""schema.org JSON-LD and social previews (OpenGraph, Twitter cards) for every page type.

Protocols and instruments describe themselves as `Legislation`
(protocols_library/structured_data.py); every other page is described here. Each description
says its language (`inLanguage`) and links the same page in the site's other languages
(`workTranslation` from the Spanish original, `translationOfWork` back to it). Only public
files and images are described.
"""

from django.conf import settings
from django.templatetags.static import static
from django.utils import translation

from core import visibility
from core.renditions import existing_renditions, missing_renditions, role_specs

from .dublin_core import mime_type, publisher_name

SCHEMA = "https://schema.org"
OG_LOCALES = {"es": "es_PE", "en": "en_GB"}
# The preview image of a page without one of its own (1200 by 630 pixels, as OpenGraph recommends).
DEFAULT_IMAGE = "interop/img/preview.png"
PREVIEW_RENDITION = role_specs("preview")[0]

TYPES = {
    "HomePage": "WebSite",
    "StandardPage": "WebPage",
    "GlossaryPage": "DefinedTermSet",
    "LessonPage": "Article",
    "PublicationPage": "Report",
    "EventPage": "Event",
    "TrainingMaterialPage": ["Course", "LearningResource"],
    "PilotPage": "Project",
    "PilotTrackerPage": "CollectionPage",
    "LessonIndexPage": "CollectionPage",
    "EventIndexPage": "CollectionPage",
    "PilotIndexPage": "CollectionPage",
    "TrainingIndexPage": "CollectionPage",
    "PublicationIndexPage": "CollectionPage",
    "ProtocolLibraryPage": "CollectionPage",
}
ARTICLE_TYPES = {"LessonPage", "PublicationPage", "TrainingMaterialPage", "EventPage", "PilotPage"}


def _text(value):
    return " ".join(str(value or "").split())


def summary_of(page):
    for name in ("search_description", "intro", "statement", "description"):
        value = _text(getattr(page, name, ""))
        if value and not value.startswith("<"):
            return value
    return ""


class PageDescriber:
    """Describes one page as the public sees it, for the request being answered."""

    def __init__(self, page, request):
        self.page = page
        self.request = request
        self.language = translation.get_language()
        self.model = type(page).__name__

    def absolute(self, url):
        return self.request.build_absolute_uri(url)

    @property
    def url(self):
        return self.absolute(self.page.url_in(self.language, self.request))

    @property
    def text_language(self):
        if hasattr(self.page, "is_available_in") and not self.page.is_available_in(self.language):
            return settings.LANGUAGE_CODE
        return self.language

    def preview_image(self):
        """(absolute URL, alt text, width, height) of the image a shared link shows."""
        image = getattr(self.page, "listing_image", None)
        if image is not None and visibility.is_public_image(image):
            # Made when the image was saved; a visitor's request never resizes it.
            rendition = existing_renditions(image, [PREVIEW_RENDITION]).get(PREVIEW_RENDITION)
            if rendition is None:
                missing_renditions(image)
            else:
                return (
                    self.absolute(rendition.url),
                    image.alt_text,
                    rendition.width,
                    rendition.height,
                )
        return self.absolute(static(DEFAULT_IMAGE)), publisher_name(), 1200, 630

    # schema.org ------------------------------------------------------------------------

    def translations(self):
        """workTranslation / translationOfWork between this page's language versions."""
        if not hasattr(self.page, "available_languages"):
            return {}
        others = [code for code in self.page.available_languages if code != self.text_language]
        if not others:
            return {}
        kind = TYPES.get(self.model, "WebPage")

        def reference(code):
            return {
                "@type": kind,
                "url": self.absolute(self.page.url_in(code, self.request)),
                "inLanguage": code,
            }

        if self.text_language == settings.LANGUAGE_CODE:
            return {"workTranslation": [reference(code) for code in others]}
        return {"translationOfWork": reference(settings.LANGUAGE_CODE)}

    def organisation(self, institution):
        data = {"@type": "Organization", "name": str(institution)}
        if getattr(institution, "website", ""):
            data["url"] = institution.website
        return data

    def publisher(self):
        return {"@type": "Organization", "name": publisher_name(), "url": self.absolute("/")}

    def files(self):
        documents = self.page.documents() if hasattr(self.page, "documents") else []
        if not documents:
            return []
        public = visibility.public_document_ids([document.pk for document in documents])
        return [
            {
                "@type": "MediaObject",
                "contentUrl": self.absolute(document.url),
                "encodingFormat": mime_type(document),
                "inLanguage": document.language,
                "name": document.title,
            }
            for document in documents
            if document.pk in public
        ]

    def json_ld(self):
        kind = TYPES.get(self.model)
        if kind is None:
            return None
        image, _alt, _width, _height = self.preview_image()
        data = {
            "@context": SCHEMA,
            "@type": kind,
            "name": self.page.title,
            "url": self.url,
            "inLanguage": self.text_language,
            "image": image,
        }
        summary = summary_of(self.page)
        if summary:
            data["description"] = summary
        if self.page.last_published_at:
            data["dateModified"] = self.page.last_published_at.isoformat()
        data.update(self.translations())
        keywords = [
            str(term)
            for name in ("topics", "sectors")
            if hasattr(self.page, name)
            for term in getattr(self.page, name).all()
        ]
        if keywords:
            data["keywords"] = ", ".join(keywords)
        extra = getattr(self, f"describe_{self.model}", None)
        if extra is not None:
            extra(data)
        return data

    def describe_HomePage(self, data):
        data["publisher"] = self.publisher()
        search = self.absolute(f"/{self.language}/search/")
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": f"{search}?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        }

    def describe_GlossaryPage(self, data):
        data["hasDefinedTerm"] = [
            {
                "@type": "DefinedTerm",
                "name": term.term,
                "description": _text(term.expansion),
                "url": f"{self.url}#{term.slug}",
            }
            for term in self.page.terms()
        ]

    def describe_LessonPage(self, data):
        data["headline"] = self.page.title[:110]
        data["datePublished"] = self.page.date.isoformat()
        data["author"] = [
            self.organisation(i) for i in self.page.institutions.all()
        ] or self.publisher()
        data["publisher"] = self.publisher()
        if self.page.source_document is not None and visibility.is_public_document(
            self.page.source_document
        ):
            data["isBasedOn"] = self.absolute(self.page.source_document.url)

    def describe_PublicationPage(self, data):
        data["datePublished"] = self.page.publication_date.isoformat()
        people = [name.strip() for name in (self.page.authors or "").split(";") if name.strip()]
        authors = [{"@type": "Person", "name": name} for name in people]
        authors += [self.organisation(i) for i in self.page.institutions.all()]
        data["author"] = authors or self.publisher()
        data["publisher"] = self.publisher()
        files = self.files()
        if files:
            data["encoding"] = files

    def describe_EventPage(self, data):
        page = self.page
        data["startDate"] = page.start_date.isoformat()
        data["endDate"] = (page.end_date or page.start_date).isoformat()
        data["eventAttendanceMode"] = f"{SCHEMA}/OfflineEventAttendanceMode"
        data["eventStatus"] = f"{SCHEMA}/EventScheduled"
        address = {"@type": "PostalAddress", "addressCountry": "PE"}
        if page.city:
            address["addressLocality"] = page.city
        regions = [str(region) for region in page.regions.all()]
        if regions:
            address["addressRegion"] = ", ".join(regions)
        data["location"] = {
            "@type": "Place",
            "name": page.place or page.city or "Perú",
            "address": address,
        }
        organisers = [self.organisation(i) for i in page.institutions.all()]
        data["organizer"] = organisers or self.publisher()
        if page.participants:
            data["maximumAttendeeCapacity"] = page.participants

    def describe_TrainingMaterialPage(self, data):
        page = self.page
        data["learningResourceType"] = page.get_material_kind_display()
        data["provider"] = [self.organisation(i) for i in page.institutions.all()] or (
            self.publisher()
        )
        data["publisher"] = self.publisher()
        if page.edition:
            data["version"] = page.edition
        if page.edition_date:
            data["datePublished"] = page.edition_date.isoformat()
        audiences = [str(audience) for audience in page.audiences.all()]
        if audiences:
            data["audience"] = [
                {"@type": "EducationalAudience", "educationalRole": name} for name in audiences
            ]
        if page.duration_hours:
            data["timeRequired"] = f"PT{page.duration_hours}H"
        objectives = page.objective_list()
        if objectives:
            data["teaches"] = objectives
        files_languages = sorted({document.language for document in page.documents()})
        if files_languages:
            data["availableLanguage"] = files_languages
        editions = page.earlier_editions()
        if editions:
            data["workExample"] = [
                {
                    "@type": "LearningResource",
                    "name": page.title,
                    "version": edition.label,
                    "datePublished": edition.effective_date.isoformat(),
                    "url": self.absolute(page.version_url(edition, self.language, self.request)),
                }
                for edition in editions
            ]
        files = self.files()
        if files:
            data["encoding"] = files

    def describe_PilotPage(self, data):
        page = self.page
        data["foundingDate"] = page.start_date.isoformat()
        if page.end_date:
            data["dissolutionDate"] = page.end_date.isoformat()
        members = [self.organisation(i) for i in page.institutions.all()]
        if members:
            data["member"] = members
        regions = [str(region) for region in page.regions.all()]
        if regions:
            data["areaServed"] = [{"@type": "AdministrativeArea", "name": name} for name in regions]

    # OpenGraph and Twitter -------------------------------------------------------------

    def previews(self, title):
        """[(attribute, name, content)] of OpenGraph (property) and Twitter (name) tags."""
        image, alt, width, height = self.preview_image()
        description = summary_of(self.page)[:300]
        kind = "article" if self.model in ARTICLE_TYPES else "website"
        tags = [
            ("property", "og:type", kind),
            ("property", "og:title", title),
            ("property", "og:url", self.url),
            ("property", "og:site_name", publisher_name()),
            ("property", "og:locale", OG_LOCALES.get(self.language, self.language)),
        ]
        for code in getattr(self.page, "available_languages", []):
            if code != self.language:
                tags.append(("property", "og:locale:alternate", OG_LOCALES.get(code, code)))
        if description:
            tags.append(("property", "og:description", description))
        tags += [
            ("property", "og:image", image),
            ("property", "og:image:width", str(width)),
            ("property", "og:image:height", str(height)),
            ("property", "og:image:alt", alt),
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:title", title),
            ("name", "twitter:image", image),
            ("name", "twitter:image:alt", alt),
        ]
        if description:
            tags.append(("name", "twitter:description", description))
        return [(attribute, name, _text(content)) for attribute, name, content in tags if content]
