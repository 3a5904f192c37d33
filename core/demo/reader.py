"""The demo's content is data: YAML files in each app's `demo/data/` folder, read here.

Everything an app's demo shows (titles, texts, dates, vocabularies, which files to generate)
lives in those files as records, which one loader (records.py) turns into pages, snippets,
rows and files, creating only what is missing, so loading the demo again changes nothing.

Dates in the data are ISO dates (`2019-06-18`), or `today-400d` / `today+60d`: so many days
before or after the day of loading, for content whose status depends on today (a protocol
version in force, one not yet in force, a review due).
"""

import datetime
import functools
import re
from pathlib import Path

import yaml

RELATIVE_DATE = re.compile(r"^today(?:([+-])(\d+)d)?$")


@functools.cache
def read(app_path, name):
    """The data file `name`.yaml of the app at `app_path` (its package folder), parsed safely:
    plain values only, never objects."""
    path = Path(app_path) / "demo" / "data" / f"{name}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def data_files(app_path):
    """Every data file of the app at `app_path`."""
    return sorted((Path(app_path) / "demo" / "data").glob("*.yaml"))


def day(value, today):
    """A date from the data: None, a date, an ISO string, or `today±Nd` counted from `today`."""
    if value is None or isinstance(value, datetime.date):
        return value
    match = RELATIVE_DATE.match(str(value).strip())
    if match is None:
        return datetime.date.fromisoformat(str(value))
    sign, days = match.groups()
    offset = datetime.timedelta(days=int(days or 0))
    return today - offset if sign == "-" else today + offset
