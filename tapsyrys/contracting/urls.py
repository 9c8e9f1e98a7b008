from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "contracting"

urlpatterns = [
    # Public: the NGO registry, NGO pages, competitions and lots, contracts and passports.
    path("ngos/", views.registry, name="registry"),
    path("ngos/register/", views.register, name="register"),
    # Accounts moved to core (/accounts/…): links e-mailed before still lead there.
    path(
        "ngos/confirm/<str:token>/",
        RedirectView.as_view(pattern_name="accounts:confirm_email", permanent=True),
        name="confirm_email",
    ),
    path(
        "ngos/invitation/<str:token>/",
        RedirectView.as_view(pattern_name="accounts:accept_invitation", permanent=True),
        name="accept_invitation",
    ),
    path("ngos/verification/", views.verification_queue, name="verification"),
    path("ngos/<int:pk>/", views.ngo_detail, name="ngo"),
    path("ngos/<int:pk>/verify/", views.ngo_verify, name="ngo_verify"),
    path("ngos/<int:pk>/reject/", views.ngo_reject, name="ngo_reject"),
    path("competitions/", views.competition_list, name="competitions"),
    path("competitions/new/", views.competition_create, name="competition_new"),
    path("competitions/<int:pk>/", views.competition_detail, name="competition"),
    path("competitions/<int:pk>/lots/new/", views.lot_create, name="lot_new"),
    path("lots/<int:pk>/status/", views.lot_status, name="lot_status"),
    path("lots/<int:lot_pk>/contract/new/", views.contract_create, name="contract_new"),
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract"),
    path("contracts/<int:pk>/status/", views.contract_status, name="contract_status"),
    path("contracts/<int:pk>/act/", views.contract_act, name="contract_act"),
    path("contracts/<int:pk>/passport/", views.passport_detail, name="passport"),
    path("contracts/<int:pk>/passport/edit/", views.passport_edit, name="passport_edit"),
    # The NGO's desk and its reports.
    path("my/", views.my_ngo, name="my_ngo"),
    path("stages/<int:stage_pk>/report/", views.report_start, name="report_start"),
    path("reports/", views.report_inbox, name="reports"),
    path("reports/stages/", views.report_stages, name="report_stages"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/correct/", views.report_correct, name="report_correct"),
    # Import from the public procurement portal.
    path("import/", views.import_upload, name="import"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
]
