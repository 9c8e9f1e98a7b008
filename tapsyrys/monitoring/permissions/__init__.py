"""Registers each monitoring part's permissions (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present

PARTS = list(present("permissions"))
