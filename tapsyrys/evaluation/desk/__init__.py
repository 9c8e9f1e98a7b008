"""Desk cards of each evaluation part (see tapsyrys/evaluation/parts.py)."""

from tapsyrys.evaluation.parts import present


def cards(request, *, now):
    return [card for part in present("desk") for card in part.cards(request, now=now)]
