"""Monitoring's objects in the X-ACL test world: each part's `world_<part>.py` adds its own."""

from tapsyrys.api.tests.parts import extend_world_by_parts
from tapsyrys.monitoring.parts import PARTS


def extend(w, actors):
    extend_world_by_parts("tapsyrys.monitoring", PARTS, w, actors)
