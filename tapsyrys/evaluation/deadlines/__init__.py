"""Registers each evaluation part's deadlines (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present

PARTS = list(present("deadlines"))
