"""Monitoring pages under /monitoring/: each part's `views/<part>.py` defines `urlpatterns`."""

from tapsyrys.monitoring.parts import present

app_name = "monitoring"
urlpatterns = [p for part in present("views") for p in getattr(part, "urlpatterns", [])]
