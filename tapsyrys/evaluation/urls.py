"""Evaluation pages under /evaluation/: each part's `views/<part>.py` defines `urlpatterns`."""

from tapsyrys.evaluation.parts import present

app_name = "evaluation"
urlpatterns = [p for part in present("views") for p in getattr(part, "urlpatterns", [])]
