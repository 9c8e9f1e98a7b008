from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from tapsyrys.core import views as core_views

# Domain apps' pages and API endpoints, each under its own prefix.
APP_PREFIXES = {
    "formation": "formation/",
    "contracting": "contracting/",
    "monitoring": "monitoring/",
    "evaluation": "evaluation/",
    "publishing": "publishing/",
}

# Our own error pages (kk/ru/en, the site layout); 500 and 503 render without the database.
handler500 = "tapsyrys.core.views.server_error"

urlpatterns = [
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("tapsyrys.core.urls")),
    path("api/", include("tapsyrys.api.urls")),
    path("", include("tapsyrys.publishing.ledger_urls")),  # /ledger/ and /api/ledger/ (public)
]
for app, prefix in APP_PREFIXES.items():
    if find_spec(f"tapsyrys.{app}.urls") is not None:
        urlpatterns.append(path(prefix, include(f"tapsyrys.{app}.urls")))
urlpatterns.append(path("", include("tapsyrys.portal.urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
