from django.urls import include, path

from . import apis

urlpatterns = [
    path("accounts/", include("tapsyrys.core.accounts.api_urls")),
    path("reference/editions/", apis.EditionListApi.as_view(), name="reference-editions"),
    path("reference/areas/", apis.AreaListApi.as_view(), name="reference-areas"),
    path("reference/regions/", apis.RegionListApi.as_view(), name="reference-regions"),
    path("reference/mci/", apis.MCIApi.as_view(), name="reference-mci"),
    path(
        "reference/evaluation-criteria/",
        apis.EvaluationCriterionListApi.as_view(),
        name="reference-evaluation-criteria",
    ),
    path(
        "reference/grant-criteria/",
        apis.GrantCriterionListApi.as_view(),
        name="reference-grant-criteria",
    ),
    path(
        "reference/monitoring-tools/",
        apis.MonitoringToolListApi.as_view(),
        name="reference-monitoring-tools",
    ),
    path(
        "reference/service-types/",
        apis.ServiceTypeListApi.as_view(),
        name="reference-service-types",
    ),
    path("organisations/", apis.OrganisationListApi.as_view(), name="organisations"),
    path(
        "organisations/<int:pk>/", apis.OrganisationDetailApi.as_view(), name="organisation-detail"
    ),
    path(
        "history/<str:app_label>/<str:model>/<str:pk>/",
        apis.HistoryApi.as_view(),
        name="history-detail",
    ),
]
