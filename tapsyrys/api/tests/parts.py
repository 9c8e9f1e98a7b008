"""The X-ACL matrix's rows and world of an app built in parts (`<app>/parts.py`)."""

from importlib import import_module
from importlib.util import find_spec


def acl_of_parts(package, parts):
    """(ROWS, PUBLIC_URL_NAMES, SCOPED_URL_NAMES, SNAPSHOT_MODELS) of an app built in parts,
    from each part's `<package>.tests.acl_<part>` module."""
    modules = [
        import_module(f"{package}.tests.acl_{part}")
        for part in parts
        if find_spec(f"{package}.tests.acl_{part}") is not None
    ]
    return (
        [row for m in modules for row in m.ROWS],
        set().union(*(getattr(m, "PUBLIC_URL_NAMES", set()) for m in modules)),
        set().union(*(getattr(m, "SCOPED_URL_NAMES", set()) for m in modules)),
        tuple(label for m in modules for label in getattr(m, "SNAPSHOT_MODELS", ())),
    )


def extend_world_by_parts(package, parts, w, actors):
    """Each part's `<package>.tests.world_<part>.extend(w, actors)`, in the parts' order."""
    for part in parts:
        name = f"{package}.tests.world_{part}"
        if find_spec(name) is not None:
            import_module(name).extend(w, actors)
