"""editorial/migrations/0007 moves a stamp's summary columns to one row per language and
back, with nothing lost (tests/operations/test_upgrade.py runs it forwards on release
databases). Run as an operator would: `migrate` on a database of its own, in a process of its
own, the stamps written with SQL in each schema."""

import sqlite3

from tests.live import run_manage, target_environment

LATEST = "0007_translation_stamp_languages"
COLUMNS = "spanish_digest, english_digest, spanish_changed_at, english_changed_at"


def test_the_summary_columns_become_rows_and_back(tmp_path):
    database = tmp_path / "quipu.sqlite3"
    env = target_environment(f"sqlite:///{database}", tmp_path / "media")
    run_manage(env, "migrate", "--noinput")
    run_manage(env, "migrate", "editorial", "0006", "--noinput")
    with sqlite3.connect(database) as connection:
        connection.executemany(
            f"INSERT INTO editorial_translationstamp (object_id, fields, {COLUMNS}) "  # noqa: S608
            "VALUES (?, '{}', ?, ?, ?, ?)",
            [
                ("1", "s" * 64, "e" * 64, "2026-11-30 10:00:00", "2026-11-27 09:00:00"),
                ("2", "t" * 64, "", "2026-11-30 11:00:00", None),
                ("3", "", "", None, None),
            ],
        )
        stamps = dict(connection.execute("SELECT object_id, id FROM editorial_translationstamp"))
    connection.close()

    run_manage(env, "migrate", "editorial", LATEST, "--noinput")
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT stamp_id, language, digest, changed_at FROM editorial_translationstamplanguage"
        ).fetchall()
        columns = [
            row[1] for row in connection.execute("PRAGMA table_info(editorial_translationstamp)")
        ]
    connection.close()
    assert sorted(rows) == sorted(
        [
            (stamps["1"], "es", "s" * 64, "2026-11-30 10:00:00"),
            (stamps["1"], "en", "e" * 64, "2026-11-27 09:00:00"),
            (stamps["2"], "es", "t" * 64, "2026-11-30 11:00:00"),
        ]
    )
    assert not [column for column in columns if column.startswith(("spanish", "english"))]

    run_manage(env, "migrate", "editorial", "0006", "--noinput")
    with sqlite3.connect(database) as connection:
        back = connection.execute(
            f"SELECT object_id, {COLUMNS} FROM editorial_translationstamp ORDER BY object_id"  # noqa: S608
        ).fetchall()
    connection.close()
    assert back == [
        ("1", "s" * 64, "e" * 64, "2026-11-30 10:00:00", "2026-11-27 09:00:00"),
        ("2", "t" * 64, "", "2026-11-30 11:00:00", None),
        ("3", "", "", None, None),
    ]
