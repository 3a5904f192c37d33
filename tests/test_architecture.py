"""Dependencies between Quipu's apps point one way.

core ← protocols_library ← knowledge; editorial, interop, search and operations build on core
(and on registries); operations is the top layer. Read from the source: imports, lazy imports
inside functions and "app.Model" strings, migrations aside (they record history).
"""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE = Path(settings.BASE_DIR).resolve()


def project_apps():
    return sorted(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(BASE)
        and "site-packages" not in Path(config.path).resolve().parts
    )


def folder(label):
    return Path(apps.get_app_config(label).path)


def imports_of(label):
    """{other app: [where]} for every project app `label`'s code names."""
    names = {config.label: config.name for config in apps.get_app_configs()}
    tops = {names[other].split(".")[0]: other for other in project_apps()}
    found = {}
    for path in folder(label).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = re.fullmatch(r"([a-z_]+)\.[A-Z]\w+", node.value)
                targets = [match.group(1)] if match else []
            for target in targets:
                other = tops.get(target.split(".")[0])
                if other and other != label:
                    found.setdefault(other, []).append(f"{path.relative_to(BASE)}: {target}")
    return found


def test_the_foundation_imports_no_other_app():
    assert "core" in project_apps()
    assert imports_of("core") == {}


def test_nothing_imports_the_operations_layer():
    importers = {label: imports_of(label).get("operations") for label in project_apps()}
    assert {label: where for label, where in importers.items() if where} == {}


def test_protocols_library_builds_on_core_not_on_knowledge():
    assert "knowledge" not in imports_of("protocols_library")


def test_no_cycle_between_apps():
    edges = {label: set(imports_of(label)) for label in project_apps()}
    cycles = []

    def walk(label, path):
        for other in sorted(edges[label]):
            if other in path:
                cycles.append(" -> ".join([*path[path.index(other) :], other]))
            elif other not in done:
                walk(other, [*path, other])
        done.add(label)

    done = set()
    for label in sorted(edges):
        if label not in done:
            walk(label, [label])
    assert cycles == []
