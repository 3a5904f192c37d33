"""Reads the text of stored documents again, under the current limits."""

from django.core.management.base import BaseCommand, CommandError

from core.models import QuipuDocument
from core.models.media import TextStatus
from core.tasks import extract_document_text


class Command(BaseCommand):
    help = (
        "Extract the text of documents again, as after an upload: those whose text was not "
        "extracted (after raising a limit in DOCUMENT_EXTRACTION_LIMITS), those still pending "
        "(an extraction that never finished), the documents given by id, or all. With "
        "TASKS_BACKEND=database the work is queued for the worker; otherwise it runs here."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Documents by id.")
        parser.add_argument(
            "--not-extracted", action="store_true", help="Documents marked “text not extracted”."
        )
        parser.add_argument(
            "--pending", action="store_true", help="Documents whose extraction never finished."
        )
        parser.add_argument("--all", action="store_true", help="Every document.")

    def handle(self, *args, **options):
        statuses = [
            status
            for status, chosen in (
                (TextStatus.NOT_EXTRACTED, options["not_extracted"]),
                (TextStatus.PENDING, options["pending"]),
            )
            if chosen
        ]
        if not (options["ids"] or statuses or options["all"]):
            raise CommandError("Name documents by id, or use --not-extracted, --pending or --all.")
        documents = QuipuDocument.objects.order_by("pk")
        if not options["all"]:
            documents = documents.filter(text_status__in=statuses) | documents.filter(
                pk__in=options["ids"]
            )
        ids = list(documents.values_list("pk", flat=True))
        for position, document_id in enumerate(ids, start=1):
            extract_document_text.enqueue(document_id)
            self.stdout.write(f"[{position}/{len(ids)}] document {document_id}")
        counts = {
            label: QuipuDocument.objects.filter(pk__in=ids, text_status=status).count()
            for status, label in TextStatus.choices
        }
        summary = ", ".join(f"{label}: {count}" for label, count in counts.items() if count)
        self.stdout.write(f"{len(ids)} documents. {summary}")
