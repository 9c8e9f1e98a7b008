"""The site's URLs plus the bench's three floors (`tapsyrys/core/bench_floors.py`)."""

from django.urls import path

from tapsyrys.core import bench_floors

from .urls import handler500  # noqa: F401
from .urls import urlpatterns as site

urlpatterns = [
    path("bench-floor/plain/", bench_floors.plain),
    path("bench-floor/api/", bench_floors.ApiFloor.as_view()),
    path("bench-floor/page/", bench_floors.page),
    *site,
]
