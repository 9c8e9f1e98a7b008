from importlib.util import find_spec

from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from .permissions import Public
from .token import TokenObtainApi

app_name = "api"

urlpatterns = [
    # Public on purpose (DRF's default is IsAuthenticated): signing in and the documentation.
    path("auth/token/", TokenObtainApi.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[Public]), name="schema"),
    # The split view serves its initialising script as a separate file (no inline script: CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[Public]),
        name="docs",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(
            url_name="api:schema", template_name="api/redoc.html", permission_classes=[Public]
        ),
        name="redoc",
    ),
    path("", include("tapsyrys.core.api_urls")),
    path("calendar/", include("tapsyrys.calendar.api_urls")),
]
# Each domain app's endpoints live in tapsyrys/<app>/api_urls.py under /api/<app>/.
for app in ("formation", "contracting", "monitoring", "evaluation", "publishing"):
    if find_spec(f"tapsyrys.{app}.api_urls") is not None:
        urlpatterns.append(path(f"{app}/", include(f"tapsyrys.{app}.api_urls")))
