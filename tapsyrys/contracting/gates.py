"""Gates on the act of services rendered (§20, E-6), registered by other apps.

Contracting does not import the apps that decide whether the act may be signed: an app
registers a gate here (evaluation: "the Annex 8 report is posted on the portal") from a
module loaded at start-up (its `permissions`), and the act service asks every gate.

A gate is `gate(contract) -> Gate`: `refusal` (a message: the act is refused with 409) or
None, and `not_before` (the act may not be dated earlier), or None.
"""

import datetime as dt
from contextlib import contextmanager
from typing import NamedTuple


class Gate(NamedTuple):
    refusal: object = None  # a (lazy) message, or None when the act may be recorded
    not_before: dt.date | None = None


_GATES = {}


def act_gate(name):
    """Register `fn(contract) -> Gate` under `name` (re-registering replaces it)."""

    def register(fn):
        _GATES[name] = fn
        return fn

    return register


def registered():
    return dict(_GATES)


def check_act(contract):
    """The first refusal of the registered gates (in their names' order), and the latest
    `not_before` of them all."""
    refusal, not_before = None, None
    for name in sorted(_GATES):
        gate = _GATES[name](contract)
        if gate.refusal is not None and refusal is None:
            refusal = gate.refusal
        if gate.not_before is not None and (not_before is None or gate.not_before > not_before):
            not_before = gate.not_before
    return Gate(refusal, not_before)


@contextmanager
def without_gates():
    """Tests of contracting alone (and its demo) record acts with no other app's gate."""
    saved = dict(_GATES)
    _GATES.clear()
    try:
        yield
    finally:
        _GATES.clear()
        _GATES.update(saved)
