"""Navigation entries of each monitoring part (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present


def items(request):
    return [item for part in present("nav") for item in part.items(request)]
