"""Registers each monitoring part's notifications (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present

PARTS = list(present("notifications"))
