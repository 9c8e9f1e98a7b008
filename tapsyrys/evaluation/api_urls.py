"""Evaluation API under /api/evaluation/: each part's `apis/<part>.py` defines `urlpatterns`."""

from tapsyrys.evaluation.parts import present

urlpatterns = [p for part in present("apis") for p in getattr(part, "urlpatterns", [])]
