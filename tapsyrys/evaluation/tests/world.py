"""Evaluation's objects in the X-ACL test world: each part's `world_<part>.py` adds its own."""

from importlib import import_module
from importlib.util import find_spec

from tapsyrys.evaluation.parts import PARTS


def extend(w, actors):
    for part in PARTS:
        name = f"tapsyrys.evaluation.tests.world_{part}"
        if find_spec(name) is not None:
            import_module(name).extend(w, actors)
