"""Makes the renditions public pages show, for images stored before they were made on save."""

from django.core.management.base import BaseCommand

from core.models import QuipuImage
from core.tasks import make_image_renditions


class Command(BaseCommand):
    help = (
        "Make the renditions public pages show (card and figure sizes, AVIF and WebP) for every "
        "image, or those given by id; existing ones are kept. With TASKS_BACKEND=database the "
        "work is queued for the worker; otherwise it runs here."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Images by id (all when none).")

    def handle(self, *args, **options):
        images = QuipuImage.objects.order_by("pk")
        if options["ids"]:
            images = images.filter(pk__in=options["ids"])
        ids = list(images.values_list("pk", flat=True))
        for position, image_id in enumerate(ids, start=1):
            make_image_renditions.enqueue(image_id)
            self.stdout.write(f"[{position}/{len(ids)}] image {image_id}")
