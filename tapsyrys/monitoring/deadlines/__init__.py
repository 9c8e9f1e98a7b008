"""Registers each monitoring part's deadlines (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present

PARTS = list(present("deadlines"))
