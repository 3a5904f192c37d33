"""A third site language is configuration: tests/third_language/ passes with Quechua added.

Those tests need settings of their own (config.settings.test_quechua adds `qu` to LANGUAGES,
so every translated model gains `*_qu` columns) and so a database and a process of their own:
this test runs them with pytest in a subprocess, on SQLite and the database search engine,
whatever database the main run uses.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_quechua_site_passes_its_tests(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test_quechua",
        "THIRD_LANGUAGE_LOCALE": str(tmp_path / "locale"),
        "TEST_SQLITE": str(tmp_path / "test.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SEARCH_ENGINE": "database",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/third_language",
            "--ds=config.settings.test_quechua",
            "--create-db",
            "-p",
            "no:cacheprovider",
            "-q",
            "--tb=short",
            "-rfE",
            "--show-capture=no",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.rfind("short test summary")
    report = result.stdout[summary - 6000 if summary > 6000 else 0 :] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert " passed" in result.stdout and " skipped" not in result.stdout, report
