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

from core.demo.records import Loader

DEMO_ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the demo content every Quipu app declares in its `demo/data/*.yaml` records "
        "(core/demo/records.py), then run the apps' demo hooks (`demo.hooks.after_load`, such "
        "as the search index), then the demo administrator and accounts in development. "
        "Existing objects are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo administrator and the demo editorial accounts.",
        )

    def handle(self, *args, **options):
        accounts = settings.DEMO_ACCOUNTS and not options["no_admin"]
        loader = Loader(self.report, accounts=accounts)
        loader.load(heading=self.heading)
        # Once every record exists: what follows the content rather than being content.
        hooks = self.demo_hooks()
        for position, (label, hook) in enumerate(hooks, start=1):
            self.stdout.write(f"[after {position}/{len(hooks)}] {label}")
            hook.after_load(self.report)
        if not options["no_admin"]:
            self.ensure_demo_admin()
            self.report_demo_users(loader.passwords)
        self.stdout.write("Updating Wagtail's admin search index…")
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))

    def heading(self, position, total, config):
        self.stdout.write(f"[{position}/{total}] {config.verbose_name}")

    def demo_hooks(self):
        """(app name, module) for each installed app with a `demo.hooks` module defining
        `after_load(report)`, in app order. The project's own apps are those inside its
        folder; nothing here names them."""
        found = []
        base = Path(settings.BASE_DIR).resolve()
        for config in apps.get_app_configs():
            path = Path(config.path).resolve()
            if not path.is_relative_to(base) or "site-packages" in path.parts:
                continue
            if importlib.util.find_spec(f"{config.name}.demo") is None:
                continue
            name = f"{config.name}.demo.hooks"
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

    def report_demo_users(self, created):
        if not settings.DEMO_ACCOUNTS:
            return
        if not created:
            self.stdout.write(
                "Demo editorial accounts exist (passwords were printed when created)."
            )
            return
        lines = [f"    {name:<16} {password:<20} {role}" for name, role, password in created]
        self.stdout.write(
            self.style.WARNING(
                "\nDemo editorial accounts created (passwords shown only this once):\n"
                + "\n".join(lines)
                + "\n"
            )
        )
