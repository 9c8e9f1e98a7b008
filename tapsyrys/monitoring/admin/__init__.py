"""Admin of each monitoring part (`admin/<part>.py`, see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present

PARTS = list(present("admin"))
