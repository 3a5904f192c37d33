"""Loads Quipu's bilingual demo content; safe to run any number of times."""

import importlib
import importlib.util
import os
import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the demo content of every Quipu app that ships one (its `demo.loader.load`), "
        "then the links between apps (`demo.loader.link`, where an app has one), then the demo "
        "administrator in development. Existing objects are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo administrator and the demo editorial accounts.",
        )

    def handle(self, *args, **options):
        loaders = self.demo_loaders()
        for position, (label, loader) in enumerate(loaders, start=1):
            self.stdout.write(f"[{position}/{len(loaders)}] {label}")
            loader.load(self.report)
        # A second pass, once every app's content exists, for links that cross apps.
        linkers = [(label, loader) for label, loader in loaders if hasattr(loader, "link")]
        for position, (label, loader) in enumerate(linkers, start=1):
            self.stdout.write(f"[links {position}/{len(linkers)}] {label}")
            loader.link(self.report)
        if not options["no_admin"]:
            self.ensure_demo_admin()
            self.ensure_demo_users()
        self.stdout.write("Updating Wagtail's admin search index…")
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def demo_loaders(self):
        """(app name, module) for each installed Quipu app with a demo loader, in app order.

        An app ships a demo by having a `demo.loader` module with `load(report)`, and may add
        `link(report)` (run once every app's content exists) and `ensure_demo_users()` (the
        demo accounts, created only where demo accounts are allowed). The project's own apps
        are those inside its folder; nothing here names them.
        """
        found = []
        base = Path(settings.BASE_DIR).resolve()
        for config in apps.get_app_configs():
            path = Path(config.path).resolve()
            if not path.is_relative_to(base) or "site-packages" in path.parts:
                continue
            name = f"{config.name}.demo.loader"
            if importlib.util.find_spec(f"{config.name}.demo") is None:
                continue
            if importlib.util.find_spec(name) is None:
                continue
            found.append((config.verbose_name, importlib.import_module(name)))
        return found

    def report(self, label, created):
        state = f"{created} created" if created else "already present"
        self.stdout.write(f"    {label}: {state}")

    def ensure_demo_admin(self):
        if not settings.DEMO_ACCOUNTS:
            self.stdout.write("No demo administrator outside `make run` and `make dev`.")
            return
        User = get_user_model()
        if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            self.stdout.write(
                f"Demo administrator '{DEMO_ADMIN_USERNAME}' exists; its password was printed "
                f"when it was created. To set a new one: "
                f"python manage.py changepassword {DEMO_ADMIN_USERNAME}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            DEMO_ADMIN_USERNAME, email="admin@example.org", password=password
        )
        self.stdout.write(
            self.style.WARNING(
                "\nDemo administrator created (shown only this once):\n"
                f"    user:     {DEMO_ADMIN_USERNAME}\n"
                f"    password: {password}\n"
                f"    sign in:  http://127.0.0.1:{os.environ.get('PORT', '8000')}/{settings.ADMIN_PATH}/\n"
            )
        )

    def ensure_demo_users(self):
        if not settings.DEMO_ACCOUNTS:
            return
        for _label, loader in self.demo_loaders():
            if not hasattr(loader, "ensure_demo_users"):
                continue
            created = loader.ensure_demo_users()
            if not created:
                self.stdout.write(
                    "Demo editorial accounts exist (passwords were printed when created)."
                )
                continue
            lines = [f"    {name:<16} {password:<20} {role}" for name, role, password in created]
            self.stdout.write(
                self.style.WARNING(
                    "\nDemo editorial accounts created (passwords shown only this once):\n"
                    + "\n".join(lines)
                    + "\n"
                )
            )
