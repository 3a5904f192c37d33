"""Builds the knowledge sections' demo (lessons, events, pilots, training, publications) on the
foundation's demo (core/demo): its home page, vocabularies, illustrations and documents.

Every step looks for what it would create and leaves existing objects untouched, so running it
again changes nothing.
"""

from django.db import transaction

from core.demo.loader import demo_media

from . import sections


def load(report):
    """Creates whatever part of the knowledge demo is missing; `report(label, created)`."""
    with transaction.atomic():
        collection, images, documents = demo_media()
        sections.load(report, collection, images, documents)
    link(report)


def link(report):
    """Links the knowledge demo to other apps' demo content that exists by now."""
    with transaction.atomic():
        report("links to protocol versions", sections.link_protocol_versions())
