"""Evaluation's rows of the X-ACL matrix, from each part's `acl_<part>.py` (ROWS,
PUBLIC_URL_NAMES, SCOPED_URL_NAMES, SNAPSHOT_MODELS)."""

from importlib import import_module
from importlib.util import find_spec

from tapsyrys.evaluation.parts import PARTS

_modules = [
    import_module(f"tapsyrys.evaluation.tests.acl_{part}")
    for part in PARTS
    if find_spec(f"tapsyrys.evaluation.tests.acl_{part}") is not None
]
ROWS = [row for m in _modules for row in m.ROWS]
PUBLIC_URL_NAMES = set().union(*(getattr(m, "PUBLIC_URL_NAMES", set()) for m in _modules))
SCOPED_URL_NAMES = set().union(*(getattr(m, "SCOPED_URL_NAMES", set()) for m in _modules))
SNAPSHOT_MODELS = tuple(label for m in _modules for label in getattr(m, "SNAPSHOT_MODELS", ()))
