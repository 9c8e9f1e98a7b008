"""`make bench` scenarios of each evaluation part (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present


def scenarios():
    return [s for part in present("bench") for s in part.scenarios()]
