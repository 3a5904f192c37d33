"""What an installed Quipu carries: every app of the project is a package of the distribution."""

import tomllib
from pathlib import Path

from django.apps import apps
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[1]


def packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    return set(find_packages(where=str(ROOT), include=find["include"]))


def project_apps():
    """Installed apps whose code lives in this repository (not in the virtualenv)."""
    return {
        app.name
        for app in apps.get_app_configs()
        if Path(app.path).resolve().is_relative_to(ROOT)
        and ".venv" not in Path(app.path).resolve().relative_to(ROOT).parts
    }


def test_every_app_of_the_project_and_its_subpackages_are_packaged():
    found = packaged()
    names = project_apps()
    assert {"core", "knowledge", "protocols_library", "search", "editorial", "interop"} <= names
    missing = sorted(name for name in names if name not in found)
    assert not missing, f"apps missing from pyproject's package list: {missing}"
    # Their migrations and template tags too, or an installed copy could not migrate.
    for name in names:
        for sub in ("migrations", "templatetags", "management.commands"):
            if (ROOT / name.replace(".", "/") / sub.replace(".", "/") / "__init__.py").exists():
                assert f"{name}.{sub}" in found, f"{name}.{sub}"
    assert "config.settings" in found
    assert not any(name.split(".")[0] in {"tests", "bench"} for name in found)
