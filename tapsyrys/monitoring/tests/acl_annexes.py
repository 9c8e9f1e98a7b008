"""The annexes' rows of the X-ACL matrix: Annex 5 publication, the body's Annex 9, the authorized
body's overview and national consolidation, the national summary (pages and API)."""

from django.urls import reverse

from tapsyrys.api.tests.acl_support import (
    BODY_OUTSIDERS,
    CONTRACT_OUTSIDERS,
    NOT_AUTHORIZED,
    NOT_STATE_BODIES,
    Row,
    url,
)

NOT_THE_BODY = ("ngo_user", "authorized_user", "assigned_expert", *CONTRACT_OUTSIDERS)
REPORT_OUTSIDERS = (*BODY_OUTSIDERS, "assigned_expert")
REPORT_WRITERS_DENY = (*REPORT_OUTSIDERS, "authorized_user")
NOT_BODIES = (*NOT_STATE_BODIES, "assigned_expert")
AUTHORIZED_ONLY = (*NOT_AUTHORIZED, "assigned_expert")


def mapi(path):
    return lambda w: "/api/monitoring/" + path.format(w=w)


def _report_page(name):
    return url(f"monitoring:{name}", "annex9_report")


ROWS = [
    Row("MA.annex5_publish", "monitoring:annex5_publish", "POST",
        url("monitoring:annex5_publish", "contract"), "body_user", (302,), deny=NOT_THE_BODY),
    Row("MA.annex9_list", "monitoring:annex9_list", "GET", lambda w: reverse("monitoring:annex9_list"),
        "body_user", (200,), deny=NOT_BODIES, readers=("other_body_user", "authorized_user")),
    Row("MA.annex9_open", "monitoring:annex9_open", "POST",
        lambda w: reverse("monitoring:annex9_open"), "body_user", (302,),
        deny=(*NOT_BODIES, "authorized_user"),
        data=lambda w: {"year": w.annex_year, "period": "year"}),
    Row("MA.annex9.get", "monitoring:annex9", "GET", _report_page("annex9"), "body_user", (200,),
        deny=REPORT_OUTSIDERS, readers=("authorized_user",)),
    Row("MA.annex9.post", "monitoring:annex9", "POST", _report_page("annex9"), "body_user", (302,),
        deny=REPORT_WRITERS_DENY,
        data=lambda w: {"head_name": "Жаңа Басшы", "head_position": "Аким"}),
    Row("MA.annex9_submit", "monitoring:annex9_submit", "POST", _report_page("annex9_submit"),
        "body_user", (302,), deny=REPORT_WRITERS_DENY, data=lambda w: {"confirmed": "yes"}),
    Row("MA.annex9_download", "monitoring:annex9_download", "GET",
        _report_page("annex9_download"), "body_user", (200,), deny=REPORT_OUTSIDERS,
        readers=("authorized_user",)),
    Row("MA.annex9_overview", "monitoring:annex9_overview", "GET",
        lambda w: reverse("monitoring:annex9_overview"), "authorized_user", (200,),
        deny=AUTHORIZED_ONLY),
    Row("MA.annex9_national", "monitoring:annex9_national", "GET",
        lambda w: reverse("monitoring:annex9_national") + f"?year={w.annex_year}",
        "authorized_user", (200,), deny=AUTHORIZED_ONLY),
    Row("MA.annex9_track", "monitoring:annex9_track", "POST",
        lambda w: reverse("monitoring:annex9_track"), "authorized_user", (302,),
        deny=AUTHORIZED_ONLY, data=lambda w: {"year": w.annex_year, "period": "year"}),
    Row("MA.summary_track", "monitoring:summary_track", "POST",
        lambda w: reverse("monitoring:summary_track"), "authorized_user", (302,),
        deny=AUTHORIZED_ONLY, data=lambda w: {"year": w.annex_year}),
    Row("MA.summary", "monitoring:summary", "GET",
        lambda w: reverse("monitoring:summary") + f"?year={w.annex_year}", "authorized_user",
        (200,), deny=AUTHORIZED_ONLY),
    Row("MA.summary_download", "monitoring:summary_download", "GET",
        lambda w: reverse("monitoring:summary_download") + f"?year={w.annex_year}",
        "authorized_user", (200,), deny=AUTHORIZED_ONLY),
    Row("MA.summary_send", "monitoring:summary_send", "POST",
        lambda w: reverse("monitoring:summary_send"), "authorized_user", (302,),
        deny=AUTHORIZED_ONLY, data=lambda w: {"year": w.annex_year}),
    # --- API ---
    Row("MAA.annex5_publish", "api:monitoring-annex5-publish", "POST",
        mapi("contracts/{w.contract.pk}/annex5/publish/"), "body_user", (201,),
        deny=NOT_THE_BODY, api=True),
    Row("MAA.annex9_list", "api:monitoring-annex9-list", "GET", mapi("annex9/"), "body_user",
        (200,), deny=NOT_BODIES, readers=("other_body_user", "authorized_user"), api=True),
    Row("MAA.annex9_open", "api:monitoring-annex9-list", "POST", mapi("annex9/"), "body_user",
        (201,), deny=(*NOT_BODIES, "authorized_user"), api=True,
        data=lambda w: {"year": str(w.annex_year), "period": "year"}),
    Row("MAA.annex9.get", "api:monitoring-annex9-detail", "GET",
        mapi("annex9/{w.annex9_report.pk}/"), "body_user", (200,), deny=REPORT_OUTSIDERS,
        readers=("authorized_user",), api=True),
    Row("MAA.annex9.file", "api:monitoring-annex9-detail", "GET",
        mapi("annex9/{w.annex9_report.pk}/?output=xlsx&lang=kk"), "body_user", (200,),
        deny=REPORT_OUTSIDERS, readers=("authorized_user",), api=True),
    Row("MAA.annex9.patch", "api:monitoring-annex9-detail", "PATCH",
        mapi("annex9/{w.annex9_report.pk}/"), "body_user", (200,), deny=REPORT_WRITERS_DENY,
        api=True, data=lambda w: {"head_name": "Жаңа Басшы"}),
    Row("MAA.annex9_submit", "api:monitoring-annex9-submit", "POST",
        mapi("annex9/{w.annex9_report.pk}/submit/"), "body_user", (200,),
        deny=REPORT_WRITERS_DENY, api=True),
    Row("MAA.annex9_national", "api:monitoring-annex9-national", "GET",
        mapi("annex9/national/?year={w.annex_year}"), "authorized_user", (200,),
        deny=AUTHORIZED_ONLY, api=True),
    Row("MAA.annex9_national.file", "api:monitoring-annex9-national", "GET",
        mapi("annex9/national/?year={w.annex_year}&output=pdf&lang=ru"), "authorized_user",
        (200,), deny=AUTHORIZED_ONLY, api=True),
    Row("MAA.annex9_track", "api:monitoring-annex9-track", "POST", mapi("annex9/track/"),
        "authorized_user", (201,), deny=AUTHORIZED_ONLY, api=True,
        data=lambda w: {"year": str(w.annex_year), "period": "year"}),
    Row("MAA.summary_track", "api:monitoring-summary-track", "POST", mapi("summary/track/"),
        "authorized_user", (201,), deny=AUTHORIZED_ONLY, api=True,
        data=lambda w: {"year": str(w.annex_year)}),
    Row("MAA.summary", "api:monitoring-summary", "GET", mapi("summary/?year={w.annex_year}"),
        "authorized_user", (200,), deny=AUTHORIZED_ONLY, api=True),
    Row("MAA.summary_send", "api:monitoring-summary-send", "POST", mapi("summary/send/"),
        "authorized_user", (200,), deny=AUTHORIZED_ONLY, api=True,
        data=lambda w: {"year": str(w.annex_year)}),
]  # fmt: skip

# Annex 5 is published information on the public project page (§12).
PUBLIC_URL_NAMES = {"monitoring:annex5", "monitoring:annex5_download", "api:monitoring-annex5"}
SCOPED_URL_NAMES = set()
SNAPSHOT_MODELS = ("monitoring.Annex9Report", "monitoring.NationalSummary")
