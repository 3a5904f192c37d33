"""The progress lines of long commands (backup, restore, search_index)."""

from core.progress import Progress


def test_a_line_at_most_every_two_seconds_and_the_last_one(monkeypatch):
    clock = iter([0.0, 0.5, 2.5, 3.0, 3.5, 4.0])
    monkeypatch.setattr("core.progress.time.monotonic", lambda: next(clock))
    lines = []
    progress = Progress(lines.append, "Media", 4, " files")
    progress.update(1)
    progress.update(2)
    progress.advance()
    progress.advance()
    progress.finish(", 4 files")
    assert lines == [
        "Media: 2/4 files (50%)",
        "Media: 4/4 files (100%)",
        "Media: done in 4.0 s, 4 files",
    ]


def test_nothing_is_written_without_a_writer():
    progress = Progress(None, "Database", 0)
    progress.advance()
    progress.finish()
