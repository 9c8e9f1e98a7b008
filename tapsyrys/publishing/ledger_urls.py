"""The public ledger: `/ledger/`, `/ledger/<seq>/download/`, `/api/ledger/`,
`/api/ledger/<seq>/` (mounted at the root by config/urls.py, namespace `ledger`)."""

from django.urls import path

from . import apis, views

app_name = "ledger"

urlpatterns = [
    path("ledger/", views.ledger, name="index"),
    path("ledger/<int:seq>/download/", views.entry_download, name="download"),
    path("api/ledger/", apis.LedgerListApi.as_view(), name="api-list"),
    path("api/ledger/<int:seq>/", apis.LedgerDetailApi.as_view(), name="api-detail"),
]
