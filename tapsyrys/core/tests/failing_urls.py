"""The site's URLs plus views that fail, for the error-page and outage tests."""

from django.db import OperationalError
from django.urls import path

from config import urls as site


def boom(request):
    raise RuntimeError("a bug")


def database_down(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


handler500 = site.handler500
urlpatterns = [
    path("test-boom/", boom),
    path("api/test-boom/", boom),
    path("test-database-down/", database_down),
    *site.urlpatterns,
]
