"""Finding demo files again on later runs, whatever name the storage gave them."""

import re


def stored_name_pattern(filename):
    """Matches a demo file as stored, even if the storage added a suffix to avoid a clash."""
    stem, extension = filename.rsplit(".", 1)
    return rf"(^|/){re.escape(stem)}(_[A-Za-z0-9]{{7}})?\.{extension}$"
