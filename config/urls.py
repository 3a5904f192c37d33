"""URL configuration: language-prefixed public pages, unprefixed admin, API, sitemap and files."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views
from core.api import api_router
from core.downloads import serve_image_file
from interop import views as interop_views
from operations import views as operations_views
from operations.page_cache import cache_public
from search import views as search_views
from search.api import with_public_search

urlpatterns = [
    # Admin addresses bookmarked before taxonomy, media, site pages and settings moved to core.
    re_path(
        rf"^{settings.ADMIN_PATH}/(?P<before>(?:[\w-]+/)+){core_views.MOVED_FROM}/"
        rf"(?P<model>{core_views.moved_models_pattern()})/(?P<after>.*)$",
        core_views.moved_admin_address,
    ),
    # The only way into administration; there is no /django-admin/, so every admin page sits
    # behind the same sign-in and second factor (editorial/two_factor.py).
    path(f"{settings.ADMIN_PATH}/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router(with_public_search).urls),
    # Kept in the page cache like the pages it lists, and emptied with them.
    path("sitemap.xml", cache_public(core_views.sitemap), name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    # OAI-PMH for repository networks (LA Referencia, national repositories): public content only.
    path("oai/", interop_views.oai_pmh, name="oai"),
    # For load balancers and monitoring: alive, and ready (every part it needs answers).
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
]

if settings.DEBUG or settings.SERVE_MEDIA or settings.MEDIA_ACCEL_REDIRECT:
    # Only image files, each checked against its collection's privacy first: documents are
    # always served through Wagtail's view, which counts downloads and applies privacy.
    # A reverse proxy must not serve these folders from disk (see MEDIA_ACCEL_REDIRECT).
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(
        re_path(
            rf"^{media_prefix}/(?P<folder>images|original_images)/(?P<path>.+)$",
            serve_image_file,
            name="media_image",
        )
    )

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/autocomplete/", search_views.autocomplete, name="search_autocomplete"),
    # The Spanish word people type in the address bar; the canonical path stays /search/.
    path("buscar/", RedirectView.as_view(pattern_name="search", query_string=True)),
    # Atom feeds and citation downloads in the language of the prefix.
    path("", include("interop.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# The 500 page speaks the visitor's language and still answers when the database does not.
handler500 = "knowledge.views.server_error"
