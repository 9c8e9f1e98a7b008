"""What an app's bench.py returns: scenarios that `make bench` measures (median, queries)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Scenario:
    name: str
    url: str | None = None  # a GET of this URL with Django's test client
    username: str | None = None  # sign in as this user first (None: anonymous)
    func: Callable | None = None  # or: func() -> units processed (e.g. rows imported)
    unit: str = ""  # the unit func() counts, for a throughput figure (rows/s)
    runs: int = 15
