"""Desk cards of each monitoring part (see tapsyrys/monitoring/parts.py)."""

from tapsyrys.monitoring.parts import present


def cards(request, *, now):
    return [card for part in present("desk") for card in part.cards(request, now=now)]
