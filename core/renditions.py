"""The renditions public pages show, made when an image is saved, never while a page is read.

Each place an image appears (a listing card, a figure) has a set of sizes offered as a
`srcset`, in AVIF (when this Pillow can write it) and WebP; WebP is the `<img>` every browser
gets when it takes no `<source>`. `rendition_specs()` lists them all: saving an image makes
them (`make_renditions`, on the task backend), listings prefetch them, and the template tag
`responsive_image` only reads what exists, so a visitor's request never resizes a photo.
"""

import logging
from dataclasses import dataclass
from functools import cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

logger = logging.getLogger("quipu.images")


@dataclass(frozen=True)
class ImageRole:
    """Where an image appears: the sizes offered, widest last, and how wide it is shown."""

    sizes: tuple
    shown_width: str


ROLES = {
    # Cards are at most 30rem wide; a phone at 390 px shows them full width.
    "card": ImageRole(("fill-320x213", "fill-480x320"), "(min-width: 40em) 30rem, 100vw"),
    # Figures fill the text column (at most about 60rem).
    "figure": ImageRole(("width-480", "width-960"), "(min-width: 62em) 60rem, 100vw"),
    # The picture a shared link shows (OpenGraph, Twitter): one size, JPEG for every reader.
    "preview": ImageRole(("fill-1200x630",), "1200px"),
}
# Formats a role is offered in when not the site's (AVIF and WebP).
ROLE_FORMATS = {"preview": ("jpeg",)}

FALLBACK_FORMAT = "webp"


@cache
def image_formats():
    """The formats offered, best first; AVIF only when the installed Pillow can write it."""
    from PIL import features

    return ("avif", FALLBACK_FORMAT) if features.check("avif") else (FALLBACK_FORMAT,)


def role_specs(role, image_format=None):
    formats = (image_format,) if image_format else ROLE_FORMATS.get(role, image_formats())
    return [f"{size}|format-{fmt}" for fmt in formats for size in ROLES[role].sizes]


def rendition_specs():
    """Every rendition a public page may show, for prefetching and for making them on save."""
    return [spec for role in ROLES for spec in role_specs(role)]


def make_renditions(image):
    """Creates the renditions of `image` that do not exist yet."""
    image.get_renditions(*rendition_specs())


def existing_renditions(image, specs):
    """{spec: rendition} of the renditions already made, read from the prefetch when there is one."""
    from wagtail.images.models import Filter

    found = image.find_existing_renditions(*[Filter(spec) for spec in specs])
    return {image_filter.spec: rendition for image_filter, rendition in found.items()}


def missing_renditions(image):
    """Asks the worker for renditions that were not made when the image was saved.

    Images stored before renditions were made on save, or a worker that has not got to them
    yet: the page shows what exists and the next visitor gets the rest. With the immediate
    task backend this would resize in the visitor's request, so it only logs
    (`manage.py make_renditions` makes them).
    """
    from django.conf import settings

    from .tasks import make_image_renditions

    if settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        logger.warning("Image %s lacks renditions; run manage.py make_renditions", image.pk)
        return
    make_image_renditions.enqueue(image.pk)


def render_image(image, role, *, alt="", eager=False, css_class=""):
    """A <picture>: AVIF and WebP `srcset`s, explicit width and height, lazy unless `eager`."""
    specs = role_specs(role)
    found = existing_renditions(image, specs)
    if len(found) < len(specs):
        missing_renditions(image)
    by_format = {}
    for fmt in image_formats():
        renditions = [found[spec] for spec in role_specs(role, fmt) if spec in found]
        if renditions:
            by_format[fmt] = renditions
    fallback = by_format.get(FALLBACK_FORMAT) or next(iter(by_format.values()), None)
    if not fallback:
        return ""
    shown_width = ROLES[role].shown_width

    def srcset(renditions):
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        (
            (fmt, srcset(renditions), shown_width)
            for fmt, renditions in by_format.items()
            if renditions is not fallback
        ),
    )
    largest = fallback[-1]
    return format_html(
        '<picture>{}<img{} src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' loading="{}" decoding="async"{}></picture>',
        sources,
        format_html(' class="{}"', css_class) if css_class else "",
        largest.url,
        srcset(fallback),
        shown_width,
        largest.width,
        largest.height,
        alt,
        "eager" if eager else "lazy",
        mark_safe(' fetchpriority="high"') if eager else "",
    )


def schedule_renditions(image):
    """Makes the image's renditions now (immediate task backend) or once the save is committed.

    Called after every save of an image and again after the admin's form replaces a file
    (Wagtail deletes the old renditions after the model is saved).
    """
    from django.conf import settings
    from django.db import transaction

    from .tasks import make_image_renditions

    if settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
        try:
            make_renditions(image)
        except (OSError, ValueError):
            logger.warning("Could not make the renditions of image %s", image.pk, exc_info=True)
        return
    image_id = image.pk
    transaction.on_commit(lambda: make_image_renditions.enqueue(image_id))
