"""Configuration, deployment checks, the demo accounts and translation catalogues."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3y-" + "x7Qp2Lm9Rt5Vw8Zb1Nc4Hd6Jf0Gs3Ak" * 2,
    "ALLOWED_HOSTS": "quipu.example.org",
    "DATABASE_URL": "sqlite:///unused-for-checks.sqlite3",
}


def manage(*args, env_overrides):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_with_production_settings_reports_nothing():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret", ["", "short", "quipu-development-only-not-secret" * 3])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    result = manage("check", env_overrides={**PRODUCTION_ENV, "SECRET_KEY": secret})
    assert result.returncode != 0
    assert "Set SECRET_KEY to a random value" in result.stderr


def catalogue(language):
    import polib

    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["es", "en"])
def test_catalogues_are_complete(language):
    entries = [entry for entry in catalogue(language) if not entry.obsolete]
    assert entries
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert untranslated == [] and fuzzy == []


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """makemessages over the code finds no msgid the Spanish catalogue lacks."""
    import shutil

    import polib

    work = tmp_path / "project"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", ".test-media", "*.sqlite3*", "staticfiles", "node_modules"
        ),
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "es",
            "--ignore=tests",
            "--ignore=bench",
            "--no-location",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0 and "xgettext" in result.stderr:
        require_service(False, "GNU gettext (xgettext) is not installed: apt-get install gettext")
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(work / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in fresh if not entry.obsolete and not entry.translated()]
    assert missing == []


def test_compiled_catalogues_are_used():
    with translation.override("es"):
        assert gettext("Skip to main content") == "Saltar al contenido principal"
    with translation.override("en"):
        assert gettext("Skip to main content") == "Skip to main content"


@pytest.mark.parametrize(
    ("settings_module", "expected"),
    [
        ("config.settings.local", "True"),
        ("config.settings.dev", "True"),
        ("config.settings.test", "False"),
    ],
)
def test_demo_accounts_are_made_only_by_the_laptop_settings(settings_module, expected):
    """`make run` (local) and `make dev` (dev) print the demo administrator; nothing else."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEMO_ACCOUNTS, settings.DEBUG)",
        env_overrides={"DJANGO_SETTINGS_MODULE": settings_module, "DEBUG": ""},
    )
    assert result.returncode == 0, result.stderr
    # Whatever DEBUG is: `make run` serves with it off and still has a demo administrator.
    assert result.stdout.strip().splitlines()[-1].split()[0] == expected


@pytest.mark.django_db
@pytest.mark.parametrize("enabled", [True, False])
def test_load_demo_creates_the_demo_administrator_only_where_demo_accounts_are_on(
    settings, enabled
):
    import io

    from django.contrib.auth import get_user_model

    from core.management.commands.load_demo import Command

    settings.DEMO_ACCOUNTS = enabled
    settings.DEBUG = False
    out = io.StringIO()
    command = Command(stdout=out)

    command.ensure_demo_admin()

    admin = get_user_model().objects.filter(username="admin", is_superuser=True)
    assert admin.exists() is enabled
    assert ("password:" in out.getvalue()) is enabled
