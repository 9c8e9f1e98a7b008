"""Monitoring API under /api/monitoring/: each part's `apis/<part>.py` defines `urlpatterns`."""

from tapsyrys.monitoring.parts import present

urlpatterns = [p for part in present("apis") for p in getattr(part, "urlpatterns", [])]
