from django.urls import path

from . import apis

urlpatterns = [
    path("ngos/", apis.NgoListApi.as_view(), name="contracting-ngos"),
    path("ngos/register/", apis.NgoRegisterApi.as_view(), name="contracting-ngo-register"),
    path("ngos/invitations/", apis.InvitationCreateApi.as_view(), name="contracting-invitations"),
    path("ngos/<int:pk>/", apis.NgoDetailApi.as_view(), name="contracting-ngo"),
    path("ngos/<int:pk>/verify/", apis.NgoVerifyApi.as_view(), name="contracting-ngo-verify"),
    path("competitions/", apis.CompetitionListApi.as_view(), name="contracting-competitions"),
    path("lots/", apis.LotListApi.as_view(), name="contracting-lots"),
    path("contracts/", apis.ContractListApi.as_view(), name="contracting-contracts"),
    path("contracts/<int:pk>/", apis.ContractDetailApi.as_view(), name="contracting-contract"),
    path(
        "contracts/<int:pk>/transition/",
        apis.ContractTransitionApi.as_view(),
        name="contracting-contract-transition",
    ),
    path("contracts/<int:pk>/act/", apis.ServiceActApi.as_view(), name="contracting-contract-act"),
    path("contracts/<int:pk>/passport/", apis.PassportApi.as_view(), name="contracting-passport"),
    path(
        "stages/<int:stage_pk>/report/",
        apis.ReportStartApi.as_view(),
        name="contracting-report-start",
    ),
    path("reports/", apis.ReportListApi.as_view(), name="contracting-reports"),
    path("reports/<int:pk>/", apis.ReportDetailApi.as_view(), name="contracting-report"),
    path(
        "reports/<int:pk>/submit/", apis.ReportSubmitApi.as_view(), name="contracting-report-submit"
    ),
    path(
        "reports/<int:pk>/correct/",
        apis.ReportCorrectApi.as_view(),
        name="contracting-report-correct",
    ),
    path("reports/<int:pk>/files/", apis.ReportFileApi.as_view(), name="contracting-report-files"),
    path("imports/", apis.ImportApi.as_view(), name="contracting-imports"),
    path("imports/<int:pk>/", apis.ImportJobApi.as_view(), name="contracting-import"),
]
