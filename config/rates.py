"""Rate limits as written in settings and the environment: "30/min burst 20".

Plain Python, so settings can check every limit when they load (config/settings/base.py).
"""

import functools
import re
from dataclasses import dataclass

_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hour": 3600,
    "hours": 3600,
    "d": 86400,
    "day": 86400,
    "days": 86400,
}
_RATE = re.compile(
    r"^\s*(?P<count>\d+)\s*/\s*(?P<amount>\d+(?:\.\d+)?)?\s*(?P<unit>[a-z]+)"
    r"(?:\s+burst\s+(?P<burst>\d+))?\s*$"
)


@dataclass(frozen=True)
class Rate:
    """`per_second` tokens flow into a bucket that holds at most `burst`."""

    burst: int
    per_second: float


@functools.lru_cache(maxsize=64)
def parse_rate(text):
    """'30/min burst 20' -> Rate; 'off' (or '0/min') -> None. Raises ValueError when unreadable.

    The period may carry a number ('100/10min'); without 'burst', the burst is the count.
    """
    text = (text or "").strip().lower()
    if text in {"", "off", "none", "0"}:
        return None
    match = _RATE.match(text)
    if not match or match["unit"] not in _UNITS:
        raise ValueError(
            f"rate limit {text!r} not understood; write it as 'N/period burst B', "
            "for example '30/min burst 20', or 'off'"
        )
    count = int(match["count"])
    seconds = float(match["amount"] or 1) * _UNITS[match["unit"]]
    if count == 0:
        return None
    if seconds <= 0:
        raise ValueError(f"rate limit {text!r} has an empty period")
    burst = int(match["burst"]) if match["burst"] is not None else count
    return Rate(burst=max(burst, 1), per_second=count / seconds)
