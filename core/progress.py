"""How far a long command has got, written as it goes (backup, restore, search_index)."""

import time


class Progress:
    """A line now and then on long runs: never more than one every two seconds, and the last.

    `write` takes one line; None writes nothing.
    """

    def __init__(self, write, label, total, unit=""):
        self.write = write
        self.label = label
        self.total = total
        self.unit = unit
        self.started = self.last = time.monotonic()
        self.done = 0
        self.shown = None

    def advance(self):
        self.update(self.done + 1)

    def update(self, done, detail=""):
        self.done = done
        now = time.monotonic()
        if self.write and done != self.shown and (now - self.last >= 2 or done == self.total):
            self.last = now
            self.shown = done
            share = f" ({100 * done // self.total}%)" if self.total else ""
            self.write(f"{self.label}: {done}/{self.total}{self.unit}{share}{detail}")

    def finish(self, detail=""):
        if self.write:
            self.write(f"{self.label}: done in {time.monotonic() - self.started:.1f} s{detail}")
