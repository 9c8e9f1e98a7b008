"""Core's rows of the X-ACL matrix: stored files and object histories (pages and API)."""

from tapsyrys.api.tests.acl_support import (
    BODY_OUTSIDERS,
    CONTRACT_OUTSIDERS,
    Row,
    history,
    url,
)

CORE = [
    Row("X.file.evidence", "file", "GET", url("file", "evidence_file"), "body_user", (200,),
        readers=("authorized_user",)),
    Row("X.file.tech_spec", "file", "GET", url("file", "tech_spec"), "body_user", (200,)),
    Row("X.file.draft_report", "file", "GET", url("file", "draft_file"), "ngo_user", (200,),
        deny=("body_user", *CONTRACT_OUTSIDERS)),
    Row("X.file.submitted_report", "file", "GET", url("file", "submitted_file"), "ngo_user",
        (200,), deny=CONTRACT_OUTSIDERS, readers=("body_user",)),
    Row("X.file.passport", "file", "GET", url("file", "passport_file"), "ngo_user", (200,),
        deny=CONTRACT_OUTSIDERS, readers=("body_user",)),
    Row("X.history.cycle", "history", "GET", history("formation", "cycle", "c_plan"),
        "body_user", (200,), readers=("authorized_user",)),
    Row("X.history.topic", "history", "GET", history("formation", "topic", "plan_topic"),
        "body_user", (200,)),
    Row("X.history.comment", "history", "GET", history("formation", "comment", "c_hidden"),
        "body_user", (200,)),
    Row("X.history.evidence", "history", "GET", history("formation", "evidence", "evidence"),
        "body_user", (200,)),
    Row("X.history.draft_report", "history", "GET",
        history("contracting", "stagereport", "draft"), "ngo_user", (200,),
        deny=("body_user", *CONTRACT_OUTSIDERS)),
    Row("X.history.submitted_report", "history", "GET",
        history("contracting", "stagereport", "submitted"), "ngo_user", (200,),
        deny=CONTRACT_OUTSIDERS, readers=("body_user",)),
    Row("X.history.contract", "history", "GET", history("contracting", "contract", "contract"),
        "body_user", (200,), deny=CONTRACT_OUTSIDERS, readers=("ngo_user",)),
    Row("X.history.passport", "history", "GET", history("contracting", "passport", "passport"),
        "ngo_user", (200,), deny=CONTRACT_OUTSIDERS, readers=("body_user",)),
    Row("X.history.competition", "history", "GET",
        history("contracting", "competition", "competition"), "body_user", (200,),
        deny=BODY_OUTSIDERS),
    Row("X.api.history.cycle", "api:history-detail", "GET",
        lambda w: f"/api/history/formation/cycle/{w.c_plan.pk}/", "body_user", (200,), api=True,
        readers=("authorized_user",)),
    Row("X.api.history.draft_report", "api:history-detail", "GET",
        lambda w: f"/api/history/contracting/stagereport/{w.draft.pk}/", "ngo_user", (200,),
        api=True, deny=("body_user", *CONTRACT_OUTSIDERS)),
]  # fmt: skip

ROWS = CORE

# Reachable without an account on purpose: signing in and up, the language, reference data,
# the organisations' registry.
PUBLIC_URL_NAMES = {
    "set_language", "login", "accounts:signup", "accounts:confirm_email",
    "accounts:accept_invitation", "api:accounts-signup", "api:reference-editions",
    "api:reference-areas", "api:reference-regions", "api:reference-mci",
    "api:reference-evaluation-criteria", "api:reference-grant-criteria",
    "api:reference-monitoring-tools", "api:reference-service-types", "api:organisations",
    "api:organisation-detail",
}  # fmt: skip

# The caller's own notifications.
SCOPED_URL_NAMES = {"notifications", "notification_read"}
