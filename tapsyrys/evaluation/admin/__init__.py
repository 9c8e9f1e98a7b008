"""Registers each evaluation part's admin (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present

PARTS = list(present("admin"))
