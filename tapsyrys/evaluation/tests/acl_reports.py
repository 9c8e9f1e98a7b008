"""The reports part's rows of the X-ACL matrix (see tests/world_reports.py for the objects)."""

from django.utils import timezone

from tapsyrys.api.tests.acl_support import Row, url

# the body's own work on its project's evaluation: its staff alone act
ACT_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member",
            "authorized_user")  # fmt: skip
# an unposted report / the body's evaluation page: the body and the authorized body read
READ_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member")
# the council that scored the project reads its Annex 8 before the posting
REPORT_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "expert")


def eapi(path):
    return lambda w: "/api/evaluation/" + path.format(w=w)


def _posting(w):
    return {"posted_on": timezone.localdate().isoformat(), "portal_reference": "GZ-ACL"}


def _act(w):
    return {"signed_on": timezone.localdate().isoformat(), "portal_reference": "GZ-ACT-ACL"}


ROWS = [
    Row("ER.evaluation", "evaluation:evaluation", "GET", url("evaluation:evaluation", "ev_open"),
        "body_user", (200,), deny=READ_DENY, readers=("authorized_user",)),
    Row("ER.complete", "evaluation:evaluation_complete", "POST",
        url("evaluation:evaluation_complete", "ev_open"), "body_user", (302,), deny=ACT_DENY),
    Row("ER.report", "evaluation:report", "GET", url("evaluation:report", "ev_report"),
        "body_user", (200,), deny=REPORT_DENY, readers=("authorized_user", "council_member")),
    Row("ER.annex8", "evaluation:annex8", "GET", url("evaluation:annex8", "ev_report"),
        "body_user", (200,), deny=REPORT_DENY, readers=("authorized_user", "council_member")),
    Row("ER.report_post", "evaluation:report_post", "POST",
        url("evaluation:report_post", "ev_report"), "body_user", (302,), deny=ACT_DENY,
        data=_posting),
    Row("ERA.complete", "api:evaluation-evaluation-complete", "POST",
        eapi("evaluations/{w.ev_open.pk}/complete/"), "body_user", (201,), deny=ACT_DENY,
        api=True),
    Row("ERA.report", "api:evaluation-report", "GET", eapi("reports/{w.ev_report.pk}/"),
        "body_user", (200,), deny=REPORT_DENY, api=True, readers=("authorized_user", "council_member")),
    Row("ERA.posting", "api:evaluation-report-posting", "POST",
        eapi("reports/{w.ev_report.pk}/posting/"), "body_user", (200,), deny=ACT_DENY,
        api=True, data=_posting),
    # E-6: the act of services rendered, once the world's Annex 8 report is posted
    Row("CR.contract_act", "contracting:contract_act", "POST",
        url("contracting:contract_act", "act_contract"), "body_user", (302,), deny=ACT_DENY,
        data=_act),
    Row("CRA.act.post", "api:contracting-contract-act", "POST",
        lambda w: f"/api/contracting/contracts/{w.act_contract.pk}/act/", "body_user", (201,),
        deny=ACT_DENY, api=True, data=_act),
]  # fmt: skip

# the lists: posted reports for everybody, plus the caller's body's own (content tests)
SCOPED_URL_NAMES = {"evaluation:reports", "api:evaluation-reports"}
PUBLIC_URL_NAMES = set()
SNAPSHOT_MODELS = ("evaluation.EvaluationReport", "evaluation.Evaluation", "contracting.ServiceAct")
