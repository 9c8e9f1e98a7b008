"""Demo data of each evaluation part, in the parts' order (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present


def seed(ctx):
    for part in present("demo"):
        part.seed(ctx)
