"""Navigation entries of each evaluation part (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present


def items(request):
    return [item for part in present("nav") for item in part.items(request)]
