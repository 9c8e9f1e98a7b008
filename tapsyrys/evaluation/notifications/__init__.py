"""Registers each evaluation part's notifications (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present

PARTS = list(present("notifications"))
