"""Demo data of each monitoring part, in the parts' order (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present


def seed(ctx):
    for part in present("demo"):
        part.seed(ctx)
