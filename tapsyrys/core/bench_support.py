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
    # the floor a page is read against: "page" (base.html), "api" (DRF), "plain" (a Django
    # view); by default "api" for /api/ URLs, "page" for other URLs, none for func scenarios
    floor: str | None = None
    is_floor: bool = False  # this scenario is the floor named `floor` (e.g. openpyxl's, "xlsx")
    setup: Callable | None = None  # run before each timed run, outside the timing
    teardown: Callable | None = None  # run once after the last run, outside the timing

    def floor_name(self):
        if self.floor or not self.url:
            return self.floor
        return "api" if self.url.startswith("/api/") else "page"


FLOORS = {
    "plain": ('Floor: a Django view returning "ok"', "/bench-floor/plain/"),
    "api": ('Floor: a DRF view returning {"ok": true}', "/bench-floor/api/"),
    "page": ("Floor: an empty page on base.html", "/bench-floor/page/"),
}
