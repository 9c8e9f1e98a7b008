"""Registers each evaluation part's permissions (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present

PARTS = list(present("permissions"))
