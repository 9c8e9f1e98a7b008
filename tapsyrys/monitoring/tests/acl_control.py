"""Control's rows of the X-ACL matrix (M-5, M-7)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tapsyrys.api.tests.acl_support import (
    BODY_ONLY,
    CONTRACT_OUTSIDERS,
    NGO_ONLY,
    NOT_AUTHORIZED,
    Row,
    url,
)

READERS = ("ngo_user", "authorized_user", "assigned_expert")
BODY_DECIDES = ("ngo_user", "authorized_user", "assigned_expert", *CONTRACT_OUTSIDERS)


def mapi(path):
    return lambda w: "/api/monitoring/" + path.format(w=w)


def _due(_w=None):
    return (timezone.localdate() + dt.timedelta(days=7)).strftime("%d.%m.%Y")


CONTROL_PAGES = [
    Row("MC.request", "monitoring:request", "GET", url("monitoring:request", "mon_request"),
        "body_user", (200,), deny=CONTRACT_OUTSIDERS, readers=READERS),
    Row("MC.request.answer", "monitoring:request", "POST",
        url("monitoring:request", "mon_request"), "ngo_user", (302,), deny=NGO_ONLY,
        data=lambda w: {"answer": "Списки прилагаются"}),
    Row("MC.request_new.get", "monitoring:request_new", "GET",
        url("monitoring:request_new", "contract"), "body_user", (200,), deny=BODY_ONLY,
        readers=("assigned_expert",)),
    Row("MC.request_new.post", "monitoring:request_new", "POST",
        url("monitoring:request_new", "contract"), "body_user", (302,), deny=BODY_ONLY,
        data=lambda w: {"subject": "Фото", "text": "Фотоотчёт", "due_date": _due()}),
    Row("MC.control_form", "monitoring:control_form", "GET",
        url("monitoring:control_form", "contract"), "body_user", (200,),
        deny=CONTRACT_OUTSIDERS, readers=READERS),
    Row("MC.report_review.get", "monitoring:report_review", "GET",
        url("monitoring:report_review", "submitted"), "body_user", (200,),
        deny=CONTRACT_OUTSIDERS, readers=READERS),
    Row("MC.report_review.post", "monitoring:report_review", "POST",
        url("monitoring:report_review", "submitted"), "body_user", (302,), deny=BODY_DECIDES,
        data=lambda w: {"decision": "returned", "remarks": "Нет списков участников"}),
    Row("MC.national", "monitoring:special_control_national", "GET",
        lambda w: reverse("monitoring:special_control_national"), "authorized_user", (200,),
        deny=NOT_AUTHORIZED),
    Row("MC.case.get", "monitoring:case", "GET", url("monitoring:case", "mon_case"),
        "body_user", (200,), deny=CONTRACT_OUTSIDERS, readers=READERS),
    Row("MC.case.post", "monitoring:case", "POST", url("monitoring:case", "mon_case"),
        "body_user", (302,), deny=BODY_DECIDES,
        data=lambda w: {"kind": "refund", "refund_amount": "1000", "remarks": "Возврат"}),
]  # fmt: skip

CONTROL_API = [
    Row("MCA.requests.post", "api:monitoring-requests", "POST", mapi("requests/"), "body_user",
        (201,), deny=BODY_ONLY, api=True,
        data=lambda w: {"contract": w.contract.pk, "subject": "Фото", "text": "Фотоотчёт",
                        "due_date": (timezone.localdate() + dt.timedelta(days=7)).isoformat()}),
    Row("MCA.request", "api:monitoring-request", "GET", mapi("requests/{w.mon_request.pk}/"),
        "body_user", (200,), deny=CONTRACT_OUTSIDERS, readers=READERS, api=True),
    Row("MCA.request.answer", "api:monitoring-request-answer", "POST",
        mapi("requests/{w.mon_request.pk}/answer/"), "ngo_user", (200,), deny=NGO_ONLY,
        api=True, data=lambda w: {"answer": "Списки прилагаются"}),
    Row("MCA.review.get", "api:monitoring-report-review", "GET",
        mapi("reports/{w.submitted.pk}/review/"), "body_user", (200,), deny=CONTRACT_OUTSIDERS,
        readers=READERS, api=True),
    Row("MCA.review.post", "api:monitoring-report-review", "POST",
        mapi("reports/{w.submitted.pk}/review/"), "body_user", (201,), deny=BODY_DECIDES,
        api=True, data=lambda w: {"decision": "accepted"}),
    Row("MCA.control", "api:monitoring-contract-control", "GET",
        mapi("contracts/{w.contract.pk}/control/"), "body_user", (200,),
        deny=CONTRACT_OUTSIDERS, readers=READERS, api=True),
    Row("MCA.case", "api:monitoring-case", "GET", mapi("special-control/{w.mon_case.pk}/"),
        "body_user", (200,), deny=CONTRACT_OUTSIDERS, readers=READERS, api=True),
    Row("MCA.decisions", "api:monitoring-case-decisions", "POST",
        mapi("special-control/{w.mon_case.pk}/decisions/"), "body_user", (201,),
        deny=BODY_DECIDES, api=True,
        data=lambda w: {"kind": "refund", "refund_amount": "1000", "remarks": "Возврат"}),
]  # fmt: skip

ROWS = CONTROL_PAGES + CONTROL_API

PUBLIC_URL_NAMES = set()

# Lists scoped to the caller (an expert: assigned projects; an NGO, a body: its own; the
# authorized body: all): covered by test_control_scope.py.
SCOPED_URL_NAMES = {
    "monitoring:requests", "monitoring:reviews", "monitoring:special_control",
    "api:monitoring-requests", "api:monitoring-special-control",
}  # fmt: skip

SNAPSHOT_MODELS = (
    "monitoring.InformationRequest", "monitoring.InformationRequestFile",
    "monitoring.ReportReview", "monitoring.SpecialControlCase", "monitoring.ControlDecision",
)  # fmt: skip
