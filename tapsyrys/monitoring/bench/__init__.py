"""`make bench` scenarios of each monitoring part (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present


def scenarios():
    return [s for part in present("bench") for s in part.scenarios()]
