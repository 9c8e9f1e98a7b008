"""X-ACL matrix: every non-public URL of formation and contracting (pages and API) and core's
file and history pages, called by every kind of outsider with the ids of one realistic world.

Outsiders get 401/403 (API), the sign-in page (pages) or 403/404, and the database does not
change; the owners get 200/201/302 so that the table cannot pass vacuously. A walk over the
URL resolver fails when a formation or contracting URL is neither here nor declared public."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tapsyrys.formation import services as fs

from . import world as W

pytestmark = pytest.mark.django_db

# --- The world and its people -------------------------------------------------------------------

ACTOR_NAMES = (
    "body_user", "other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member",
    "authorized_user", "admin_user",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def w(body, other_body, ngo, other_ngo, body_user, other_body_user, ngo_user, other_ngo_user,
      authorized_user):  # fmt: skip
    return W.build(
        body=body, other_body=other_body, ngo=ngo, other_ngo=other_ngo, body_user=body_user,
        other_body_user=other_body_user, ngo_user=ngo_user, other_ngo_user=other_ngo_user,
        authorized_user=authorized_user,
    )  # fmt: skip


@pytest.fixture
def actors(request):
    return {name: request.getfixturevalue(name) for name in ACTOR_NAMES}


# Every business table the URLs below could touch (M2M tables included).
SNAPSHOT_MODELS = (
    "formation.Cycle", "formation.Topic", "formation.Comment", "formation.CommentDecision",
    "formation.Evidence", "formation.Publication", "formation.TopicProposal",
    "contracting.Competition", "contracting.Lot", "contracting.Contract", "contracting.Activity",
    "contracting.Indicator", "contracting.TargetGroup", "contracting.ReportStage",
    "contracting.StageReport", "contracting.ReportFile", "contracting.Passport",
    "contracting.TeamMember", "contracting.Partner", "contracting.MediaPublication",
    "contracting.PassportFile", "contracting.ImportJob", "contracting.Invitation",
    "core.AuditEvent", "core.StoredFile", "core.Notification", "core.Organisation",
)  # fmt: skip


def snapshot():
    rows = {}
    for label in SNAPSHOT_MODELS:
        model = apps.get_model(label)
        rows[label] = list(model.objects.order_by("pk").values())
    topic = apps.get_model("formation.Topic")
    for through in (topic.sources.through, topic.service_types.through):
        rows[through._meta.label] = list(through.objects.order_by("pk").values())
    return rows


def assert_unchanged(before, who):
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"{who} changed {changed}"


# --- The table ----------------------------------------------------------------------------------

BODY_OUTSIDERS = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member")
CONTRACT_OUTSIDERS = ("other_body_user", "other_ngo_user", "expert", "council_member")
NOT_STATE_BODIES = ("ngo_user", "other_ngo_user", "expert", "council_member")
ALL_BUT_AUTHORIZED = ("body_user", *BODY_OUTSIDERS)


@dataclass(frozen=True)
class Row:
    id: str
    name: str  # the URL name, for the coverage walk
    method: str
    url: Callable
    owner: str
    ok: tuple
    deny: tuple = BODY_OUTSIDERS
    api: bool = False
    data: Callable | None = None
    multipart: bool = False
    prepare: Callable | None = None
    readers: tuple = field(default=())  # other actors allowed to GET (checked for 200)


def url(name, *attrs, extra=()):
    """url("formation:cycle", "c_plan") → lambda w: reverse(name, [w.c_plan.pk, *extra])."""

    def build(w):
        return reverse(name, args=[getattr(w, a).pk for a in attrs] + list(extra))

    return build


def history(app_label, model, attr):
    return lambda w: reverse("history", args=[app_label, model, getattr(w, attr).pk])


def topic_data(w, **kw):
    data = {
        "theme_kk": "Тақырып", "theme_ru": "Тема", "area": w.area.pk, "financing": "250,5",
        "sources": [w.evidence.pk], "justification": "J", "target_group": "T",
        "expected_result": "R",
    }  # fmt: skip
    data.update(kw)
    return data


def decide_pending_during_discussion(w):
    fs.comment_decide(comment=w.c_pending, actor=w.c_pending_owner, accepted=True, now=W.DURING)


def to_reported(w):
    decide_pending_during_discussion(w)
    fs.cycle_report_publish(cycle=w.c_disc, actor=w.c_pending_owner, now=W.AFTER)


def csv_upload(_w=None):
    return SimpleUploadedFile("lots.csv", b"lotNumber\n1\n", content_type="text/csv")


FORMATION_PAGES = [
    Row("F.index.post", "formation:index", "POST", lambda w: reverse("formation:index"),
        "body_user", (302,), deny=NOT_STATE_BODIES, data=lambda w: {"year": 2028}),
    Row("F.cycle", "formation:cycle", "GET", url("formation:cycle", "c_plan"), "body_user", (200,),
        readers=("authorized_user",)),
    Row("F.limit", "formation:limit", "POST", url("formation:limit", "c_plan"), "body_user",
        (302,), data=lambda w: {"budget_limit": "999999"}),
    Row("F.topic_new.get", "formation:topic_new", "GET", url("formation:topic_new", "c_plan"),
        "body_user", (200,)),
    Row("F.topic_new.post", "formation:topic_new", "POST", url("formation:topic_new", "c_plan"),
        "body_user", (302,), data=topic_data),
    Row("F.publish", "formation:publish", "POST", url("formation:publish", "c_plan"), "body_user",
        (302,)),
    Row("F.comments", "formation:comments", "GET", url("formation:comments", "c_disc"),
        "body_user", (200,), readers=("authorized_user",)),
    Row("F.report", "formation:report", "POST", url("formation:report", "c_disc"), "body_user",
        (302,), prepare=decide_pending_during_discussion),
    Row("F.submit", "formation:submit", "POST", url("formation:submit", "c_disc"), "body_user",
        (302,), prepare=to_reported),
    Row("F.fix", "formation:fix", "POST", url("formation:fix", "c_council"), "body_user", (302,)),
    Row("F.budget.get", "formation:budget", "GET", url("formation:budget", "c_fixed"),
        "body_user", (200,)),
    Row("F.budget.post", "formation:budget", "POST", url("formation:budget", "c_fixed"),
        "body_user", (302,),
        data=lambda w: {"approved_on": "2025-06-01", f"amount_{w.fixed_topic.pk}": "900"}),
    Row("F.annex3_publish", "formation:annex3_publish", "POST",
        url("formation:annex3_publish", "c_fixed"), "body_user", (302,)),
    Row("F.annex1.unpublished", "formation:annex", "GET",
        url("formation:annex", "c_plan", extra=[1, "xlsx"]), "body_user", (200,),
        readers=("authorized_user",)),
    Row("F.annex2.unpublished", "formation:annex", "GET",
        url("formation:annex", "c_disc", extra=[2, "pdf"]), "body_user", (200,)),
    Row("F.annex3.unpublished", "formation:annex", "GET",
        url("formation:annex", "c_council", extra=[3, "xlsx"]), "body_user", (200,)),
    Row("F.topic_edit.get", "formation:topic_edit", "GET",
        url("formation:topic_edit", "plan_topic"), "body_user", (200,)),
    Row("F.topic_edit.post", "formation:topic_edit", "POST",
        url("formation:topic_edit", "plan_topic"), "body_user", (302,), data=topic_data),
    Row("F.topic_delete", "formation:topic_delete", "POST",
        url("formation:topic_delete", "plan_topic"), "body_user", (302,)),
    Row("F.recommend", "formation:recommend", "POST", url("formation:recommend", "council_topic"),
        "authorized_user", (302,), deny=("body_user", *BODY_OUTSIDERS),
        data=lambda w: {"recommendation": "revise", "recommendation_text": "Изменить"}),
    Row("F.spec", "formation:spec", "POST", url("formation:spec", "council_topic"), "body_user",
        (302,), data=lambda w: {"included": "on", "service_types": [w.service_type.pk]}),
    Row("F.decide", "formation:decide", "POST", url("formation:decide", "c_pending"), "body_user",
        (302,), data=lambda w: {"outcome": "accepted"}),
    Row("F.hide", "formation:hide", "POST", url("formation:hide", "c_pending"), "body_user",
        (302,), data=lambda w: {"reason": "spam"}),
    Row("F.evidence.post", "formation:evidence", "POST", lambda w: reverse("formation:evidence"),
        "body_user", (302,), deny=NOT_STATE_BODIES,
        data=lambda w: {"kind": "statistics", "title": "Новый", "date": "2025-01-01"}),
    Row("F.proposals", "formation:proposals", "GET", lambda w: reverse("formation:proposals"),
        "body_user", (200,), deny=NOT_STATE_BODIES),
    Row("F.national", "formation:national", "GET", lambda w: reverse("formation:national"),
        "authorized_user", (200,), deny=ALL_BUT_AUTHORIZED),
    Row("F.national_annex3", "formation:national_annex3", "GET",
        lambda w: reverse("formation:national_annex3"), "authorized_user", (200,),
        deny=ALL_BUT_AUTHORIZED),
]  # fmt: skip


def api(path):
    return lambda w: "/api/formation/" + path.format(w=w)


def capi(path):
    return lambda w: "/api/contracting/" + path.format(w=w)


FORMATION_API = [
    Row("FA.cycles.post", "api:formation-cycles", "POST", api("cycles/"), "body_user", (201,),
        deny=NOT_STATE_BODIES, api=True, data=lambda w: {"year": 2028}),
    Row("FA.cycle", "api:formation-cycle", "GET", api("cycles/{w.c_plan.pk}/"), "body_user",
        (200,), api=True, readers=("authorized_user",)),
    Row("FA.topics.get", "api:formation-topics", "GET", api("cycles/{w.c_plan.pk}/topics/"),
        "body_user", (200,), api=True, readers=("authorized_user",)),
    Row("FA.topics.post", "api:formation-topics", "POST", api("cycles/{w.c_plan.pk}/topics/"),
        "body_user", (201,), api=True, data=topic_data),
    Row("FA.publish", "api:formation-publish", "POST", api("cycles/{w.c_plan.pk}/publish/"),
        "body_user", (200,), api=True),
    Row("FA.comments.unpublished", "api:formation-comments", "GET",
        api("cycles/{w.c_plan.pk}/comments/"), "body_user", (200,), api=True),
    Row("FA.budget", "api:formation-budget", "POST", api("cycles/{w.c_fixed.pk}/budget/"),
        "body_user", (200,), api=True,
        data=lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.fixed_topic.pk): "900"}}),
    Row("FA.annex1.unpublished", "api:formation-annex", "GET",
        api("cycles/{w.c_plan.pk}/annex/1/"), "body_user", (200,), api=True),
    Row("FA.annex3.unpublished", "api:formation-annex", "GET",
        api("cycles/{w.c_council.pk}/annex/3/?output=pdf&lang=kk"), "body_user", (200,),
        api=True),
    Row("FA.action.report", "api:formation-action", "POST", api("cycles/{w.c_disc.pk}/report/"),
        "body_user", (200,), api=True, prepare=decide_pending_during_discussion),
    Row("FA.action.submit", "api:formation-action", "POST", api("cycles/{w.c_disc.pk}/submit/"),
        "body_user", (200,), api=True, prepare=to_reported),
    Row("FA.action.fix", "api:formation-action", "POST", api("cycles/{w.c_council.pk}/fix/"),
        "body_user", (200,), api=True),
    Row("FA.action.annex3", "api:formation-action", "POST",
        api("cycles/{w.c_fixed.pk}/annex3-publish/"), "body_user", (200,), api=True),
    Row("FA.recommend", "api:formation-recommend", "POST",
        api("topics/{w.council_topic.pk}/recommend/"), "authorized_user", (200,),
        deny=("body_user", *BODY_OUTSIDERS), api=True,
        data=lambda w: {"recommendation": "revise", "recommendation_text": "Изменить"}),
    Row("FA.spec", "api:formation-spec", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", (200,), api=True,
        data=lambda w: {"included": True, "service_types": [w.service_type.pk]}),
    Row("FA.decide", "api:formation-decide", "POST", api("comments/{w.c_pending.pk}/decide/"),
        "body_user", (200,), api=True, data=lambda w: {"outcome": "accepted"}),
    Row("FA.hide", "api:formation-hide", "POST", api("comments/{w.c_pending.pk}/hide/"),
        "body_user", (200,), api=True, data=lambda w: {"reason": "spam"}),
    Row("FA.evidence.get", "api:formation-evidence", "GET", api("evidence/"), "body_user", (200,),
        deny=NOT_STATE_BODIES, api=True),
    Row("FA.evidence.post", "api:formation-evidence", "POST", api("evidence/"), "body_user",
        (201,), deny=NOT_STATE_BODIES, api=True,
        data=lambda w: {"kind": "statistics", "title": "Новый", "date": "2025-01-01"}),
    Row("FA.national", "api:formation-national", "GET", api("national/"), "authorized_user",
        (200,), deny=ALL_BUT_AUTHORIZED, api=True),
    Row("FA.national_annex3", "api:formation-national-annex3", "GET", api("national/annex3/"),
        "authorized_user", (200,), deny=ALL_BUT_AUTHORIZED, api=True),
]  # fmt: skip

NGO_ONLY = ("body_user", *CONTRACT_OUTSIDERS)  # the NGO's own work: the body may not act
BODY_ONLY = ("ngo_user", *CONTRACT_OUTSIDERS)  # the body's own work: the NGO may not act
DRAFT_DENY = ("body_user", "authorized_user", *CONTRACT_OUTSIDERS)  # a draft is the NGO's alone
NOT_AUTHORIZED = ("body_user", "other_body_user", "ngo_user", "other_ngo_user", "expert",
                  "council_member")  # fmt: skip


CONTRACTING_PAGES = [
    Row("C.verification", "contracting:verification", "GET",
        lambda w: reverse("contracting:verification"), "authorized_user", (200,),
        deny=NOT_AUTHORIZED),
    Row("C.ngo_verify", "contracting:ngo_verify", "POST",
        url("contracting:ngo_verify", "unverified_ngo"), "authorized_user", (302,),
        deny=NOT_AUTHORIZED),
    Row("C.competition_new", "contracting:competition_new", "POST",
        lambda w: reverse("contracting:competition_new"), "body_user", (302,),
        deny=NOT_STATE_BODIES, data=lambda w: {"procurement_number": "N-2", "year": 2025}),
    Row("C.lot_new.get", "contracting:lot_new", "GET", url("contracting:lot_new", "competition"),
        "body_user", (200,), deny=BODY_ONLY),
    Row("C.lot_new.post", "contracting:lot_new", "POST", url("contracting:lot_new", "competition"),
        "body_user", (302,), deny=BODY_ONLY,
        data=lambda w: {"number": "L-9", "name_ru": "Лот", "amount": "100"}),
    Row("C.lot_status", "contracting:lot_status", "POST", url("contracting:lot_status", "lot2"),
        "body_user", (302,), deny=BODY_ONLY, data=lambda w: {"status": "not_held"}),
    Row("C.contract_new.get", "contracting:contract_new", "GET",
        url("contracting:contract_new", "lot2"), "body_user", (200,), deny=BODY_ONLY),
    Row("C.contract_new.post", "contracting:contract_new", "POST",
        url("contracting:contract_new", "lot2"), "body_user", (302,), deny=BODY_ONLY,
        data=lambda w: {
            "supplier_bin": w.ngo.bin, "number": "C-9", "signed_on": "2025-02-01",
            "year": 2025, "amount": "1000", "starts_on": "2025-02-01", "ends_on": "2025-11-30",
            "activities": "Семинары", "indicators": "Семинары; ед.; 3",
            "target_groups": "Молодёжь; 10",
        }),
    Row("C.contract_status", "contracting:contract_status", "POST",
        url("contracting:contract_status", "contract"), "body_user", (302,), deny=BODY_ONLY,
        data=lambda w: {"status": "suspended", "reason": "Проверка"}),
    Row("C.passport_edit.get", "contracting:passport_edit", "GET",
        url("contracting:passport_edit", "contract"), "ngo_user", (200,), deny=NGO_ONLY),
    Row("C.passport_edit.post", "contracting:passport_edit", "POST",
        url("contracting:passport_edit", "contract"), "ngo_user", (302,), deny=NGO_ONLY,
        data=lambda w: {"goals_tasks": "Новые цели", "budget": "4900000.50"}),
    Row("C.my_ngo", "contracting:my_ngo", "GET", lambda w: reverse("contracting:my_ngo"),
        "ngo_user", (200,), deny=("body_user", "other_body_user", "expert", "council_member")),
    Row("C.report_start", "contracting:report_start", "POST",
        url("contracting:report_start", "stage_final"), "ngo_user", (302,), deny=NGO_ONLY),
    Row("C.reports", "contracting:reports", "GET", lambda w: reverse("contracting:reports"),
        "body_user", (200,), deny=NOT_STATE_BODIES),
    Row("C.report.draft", "contracting:report", "GET", url("contracting:report", "draft"),
        "ngo_user", (200,), deny=DRAFT_DENY),
    Row("C.report.submitted", "contracting:report", "GET", url("contracting:report", "submitted"),
        "ngo_user", (200,), deny=CONTRACT_OUTSIDERS, readers=("body_user", "authorized_user")),
    Row("C.report.save", "contracting:report", "POST", url("contracting:report", "draft"),
        "ngo_user", (302,), deny=DRAFT_DENY, data=lambda w: {"main_work": "Новый текст"}),
    Row("C.report_correct", "contracting:report_correct", "POST",
        url("contracting:report_correct", "submitted"), "ngo_user", (302,), deny=NGO_ONLY),
    Row("C.import.get", "contracting:import", "GET", lambda w: reverse("contracting:import"),
        "body_user", (200,), deny=NOT_STATE_BODIES),
    Row("C.import.post", "contracting:import", "POST", lambda w: reverse("contracting:import"),
        "body_user", (302,), deny=NOT_STATE_BODIES,
        data=lambda w: {"file": csv_upload(), "dry_run": "on"}),
    Row("C.import_job.get", "contracting:import_job", "GET",
        url("contracting:import_job", "import_job"), "body_user", (200,), deny=BODY_OUTSIDERS),
    Row("C.import_job.post", "contracting:import_job", "POST",
        url("contracting:import_job", "import_job"), "body_user", (302,), deny=BODY_OUTSIDERS),
    Row("C.import_progress", "contracting:import_progress", "GET",
        url("contracting:import_progress", "import_job"), "body_user", (200,),
        deny=BODY_OUTSIDERS),
]  # fmt: skip

CONTRACTING_API = [
    Row("CA.invitations", "api:contracting-invitations", "POST", capi("ngos/invitations/"),
        "ngo_user", (201,), deny=("body_user", "other_body_user", "expert", "council_member"),
        api=True, data=lambda w: {"email": "new@example.kz", "full_name": "Коллега"}),
    Row("CA.ngo_verify", "api:contracting-ngo-verify", "POST",
        capi("ngos/{w.unverified_ngo.pk}/verify/"), "authorized_user", (200,),
        deny=NOT_AUTHORIZED, api=True),
    Row("CA.competitions.post", "api:contracting-competitions", "POST", capi("competitions/"),
        "body_user", (201,), deny=NOT_STATE_BODIES, api=True,
        data=lambda w: {"procurement_number": "N-3", "year": 2025}),
    Row("CA.lots.post", "api:contracting-lots", "POST", capi("lots/"), "body_user", (201,),
        deny=BODY_ONLY, api=True,
        data=lambda w: {"competition": w.competition.pk, "number": "L-9", "name_ru": "Лот",
                        "amount": "100"}),
    Row("CA.contracts.post", "api:contracting-contracts", "POST", capi("contracts/"),
        "body_user", (201,), deny=BODY_ONLY, api=True,
        data=lambda w: {
            "lot": w.lot2.pk, "supplier_bin": w.ngo.bin, "number": "C-9",
            "signed_on": "2025-02-01", "amount": "1000", "starts_on": "2025-02-01",
            "ends_on": "2025-11-30",
        }),
    Row("CA.transition", "api:contracting-contract-transition", "POST",
        capi("contracts/{w.contract.pk}/transition/"), "body_user", (200,), deny=BODY_ONLY,
        api=True, data=lambda w: {"status": "suspended"}),
    Row("CA.passport.put", "api:contracting-passport", "PUT",
        capi("contracts/{w.contract.pk}/passport/"), "ngo_user", (200,), deny=NGO_ONLY,
        api=True, data=lambda w: {"goals_tasks": "Новые цели"}),
    Row("CA.report_start", "api:contracting-report-start", "POST",
        capi("stages/{w.stage_final.pk}/report/"), "ngo_user", (201,), deny=NGO_ONLY, api=True),
    Row("CA.report.draft", "api:contracting-report", "GET", capi("reports/{w.draft.pk}/"),
        "ngo_user", (200,), deny=DRAFT_DENY, api=True),
    Row("CA.report.submitted", "api:contracting-report", "GET",
        capi("reports/{w.submitted.pk}/"), "ngo_user", (200,), deny=CONTRACT_OUTSIDERS,
        api=True, readers=("body_user", "authorized_user")),
    Row("CA.report.patch", "api:contracting-report", "PATCH", capi("reports/{w.draft.pk}/"),
        "ngo_user", (200,), deny=DRAFT_DENY, api=True,
        data=lambda w: {"main_work": "Новый текст"}),
    Row("CA.report.submit", "api:contracting-report-submit", "POST",
        capi("reports/{w.draft.pk}/submit/"), "ngo_user", (200,), deny=DRAFT_DENY, api=True),
    Row("CA.report.correct", "api:contracting-report-correct", "POST",
        capi("reports/{w.submitted.pk}/correct/"), "ngo_user", (201,), deny=NGO_ONLY, api=True),
    Row("CA.report.files", "api:contracting-report-files", "POST",
        capi("reports/{w.draft.pk}/files/"), "ngo_user", (201,), deny=DRAFT_DENY, api=True,
        multipart=True, data=lambda w: {"file": W.pdf("more.pdf")}),
    Row("CA.imports.post", "api:contracting-imports", "POST", capi("imports/"), "body_user",
        (201,), deny=NOT_STATE_BODIES, api=True, multipart=True,
        data=lambda w: {"file": csv_upload(), "dry_run": "true"}),
    Row("CA.import", "api:contracting-import", "GET", capi("imports/{w.import_job.pk}/"),
        "body_user", (200,), deny=BODY_OUTSIDERS, api=True),
]  # fmt: skip

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
]  # fmt: skip

ROWS = FORMATION_PAGES + FORMATION_API + CONTRACTING_PAGES + CONTRACTING_API + CORE

# Reachable without an account on purpose (published data, registration, public comments).
# Their contents are checked for leaks in the tests below.
PUBLIC = {
    "formation:public_comment", "formation:discussions", "formation:public_body",
    "formation:public_cycle",
    "api:formation-comment", "api:formation-approved-topics",
    "contracting:registry", "contracting:register", "contracting:confirm_email",
    "contracting:accept_invitation", "contracting:ngo", "contracting:competitions",
    "contracting:competition", "contracting:contract", "contracting:passport",
    "api:contracting-ngos", "api:contracting-ngo-register", "api:contracting-ngo",
    "api:contracting-competitions", "api:contracting-lots", "api:contracting-contract",
    "api:contracting-passport",
}  # fmt: skip
# Lists scoped to the caller's own organisation: covered by the content tests below.
SCOPED_LISTS = {
    "formation:index", "formation:evidence", "api:formation-cycles",
    "api:formation-comments", "api:formation-evidence",
    "contracting:contracts", "contracting:reports", "contracting:import",
    "api:contracting-contracts", "api:contracting-reports",
}  # fmt: skip


# --- Calling ------------------------------------------------------------------------------------


def client(row, user):
    if row.api:
        c = APIClient()
        if user is not None:
            c.force_authenticate(user)
        return c
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def call(row, user, w, path):
    c = client(row, user)
    data = row.data(w) if row.data else {}
    method = getattr(c, row.method.lower())
    if row.method == "GET":
        return c.get(path)
    if row.api:
        return method(path, data, format="multipart" if row.multipart else "json")
    return method(path, data)


def _world_aliases(w, actors):
    w.evidence_file = w.evidence.document
    w.c_pending_owner = actors["body_user"]


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_acl_matrix(row, w, actors):
    _world_aliases(w, actors)
    if row.prepare:
        row.prepare(w)
    path = row.url(w)
    before = snapshot()

    response = call(row, None, w, path)
    if row.api:
        assert response.status_code in (401, 403), ("anonymous", response.status_code)
    else:
        login = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert login or response.status_code == 403, ("anonymous", response.status_code)
    assert_unchanged(before, "anonymous")

    for name in row.deny:
        response = call(row, actors[name], w, path)
        assert response.status_code in (403, 404), (name, response.status_code)
        assert_unchanged(before, name)
        if row.api:
            assert "detail" in response.json()

    for name in row.readers:
        response = call(row, actors[name], w, path)
        assert response.status_code == 200, (name, response.status_code)

    response = call(row, actors[row.owner], w, path)
    assert response.status_code in row.ok, (row.owner, response.status_code, _text(response))
    if row.method != "GET" and row.id != "C.import_job.post":
        assert snapshot() != before, "the owner's call changed nothing"


def _text(response):
    try:
        return response.json()
    except Exception:  # noqa: BLE001 - only for the assertion message
        return response.content[:300]


def test_matrix_size():
    denied = sum(len(r.deny) + 1 for r in ROWS)
    assert len(ROWS) >= 100 and denied >= 500


# --- Every formation / contracting URL is in the table or declared public --------------------


def _walk(patterns, namespace="", module=""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if p.namespace and namespace:
                ns = f"{namespace}:{p.namespace}"
            urlconf = p.urlconf_name if isinstance(p.urlconf_name, str) else ""
            yield from _walk(p.url_patterns, ns, urlconf or module)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}:{p.name}" if namespace else p.name), module


def test_every_url_is_in_the_matrix_or_public():
    covered = {r.name for r in ROWS} | PUBLIC | SCOPED_LISTS
    missing = []
    for name, module in _walk(get_resolver().url_patterns):
        if module.startswith(("tapsyrys.formation", "tapsyrys.contracting")) and (
            name not in covered
        ):
            missing.append(name)
    assert not missing, f"URLs neither in the ACL matrix nor declared public: {missing}"
    for name in ("file", "history"):
        assert name in covered


# --- Lists and public pages never show another organisation's unpublished data ----------------

OUTSIDERS = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member")


def _api(user=None):
    c = APIClient()
    if user is not None:
        c.force_authenticate(user)
    return c


def _page(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _ids(response):
    assert response.status_code == 200, response.content[:300]
    data = response.json()
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    return {r["id"] for r in rows}


def test_formation_lists_are_scoped(w, actors):
    own = {w.c_plan.pk, w.c_disc.pk, w.c_council.pk, w.c_fixed.pk}
    assert own <= _ids(_api(actors["body_user"]).get("/api/formation/cycles/"))
    for name in OUTSIDERS:
        response = _api(actors[name]).get("/api/formation/cycles/")
        assert not own & _ids(response), name
    page = _page(actors["other_body_user"]).get(reverse("formation:index"))
    assert page.status_code == 200
    assert reverse("formation:cycle", args=[w.c_plan.pk]).encode() not in page.content
    # the other body's register and proposals show its own rows only
    rows = _api(actors["other_body_user"]).get("/api/formation/evidence/").json()
    titles = {r["title"] for r in (rows["results"] if isinstance(rows, dict) else rows)}
    assert titles == {"Чужой источник"}
    for name in ("formation:evidence", "formation:proposals"):
        page = _page(actors["other_body_user"]).get(reverse(name))
        assert page.status_code == 200
        assert "Секретн".encode() not in page.content, name


def test_comment_lists_hide_contacts_and_hidden_comments_from_outsiders(w, actors):
    path = f"/api/formation/cycles/{w.c_disc.pk}/comments/"
    for user in (None, *(actors[n] for n in OUTSIDERS)):
        response = _api(user).get(path)
        assert w.c_hidden.pk not in _ids(response)
        assert b"aigul-secret" not in response.content
    staff = _api(actors["body_user"]).get(path)
    assert w.c_hidden.pk in _ids(staff) and b"aigul-secret" in staff.content
    page = _page().get(reverse("formation:public_cycle", args=[w.body.pk, w.c_disc.year]))
    assert page.status_code == 200
    assert b"aigul-secret" not in page.content
    assert "Оскорбительный".encode() not in page.content


def test_unpublished_cycles_and_topics_are_not_public(w, actors):
    secret = "Неопубликованная тема".encode()
    for path in (
        reverse("formation:discussions"),
        reverse("formation:public_body", args=[w.body.pk]),
        f"/api/formation/approved-topics/?body={w.body.pk}",
    ):
        response = _page().get(path)
        assert response.status_code == 200 and secret not in response.content, path
    public = reverse("formation:public_cycle", args=[w.body.pk, w.c_plan.year])
    assert _page().get(public).status_code == 404
    assert _api().get(f"/api/formation/cycles/{w.c_plan.pk}/topics/").status_code in (401, 403)
    assert _api().get(f"/api/formation/cycles/{w.c_plan.pk}/annex/1/").status_code in (401, 403)
    before = snapshot()
    comment = {"author_name": "A", "author_contact": "a@b.kz", "remark": "Текст"}
    page = _page().post(reverse("formation:public_comment", args=[w.plan_topic.pk]), comment)
    assert page.status_code == 404
    response = _api().post(f"/api/formation/topics/{w.plan_topic.pk}/comments/", comment)
    assert response.status_code == 404
    keep = {**comment, "keep_as_proposal": True}
    response = _api().post(f"/api/formation/topics/{w.plan_topic.pk}/comments/", keep)
    assert response.status_code == 404
    assert_unchanged(before, "anonymous commenter")


def test_contracting_lists_are_scoped(w, actors):
    for name in ("other_body_user", "other_ngo_user"):
        assert w.contract.pk not in _ids(_api(actors[name]).get("/api/contracting/contracts/"))
        page = _page(actors[name]).get(reverse("contracting:contracts"))
        assert reverse("contracting:contract", args=[w.contract.pk]).encode() not in page.content
    assert w.contract.pk in _ids(_api(actors["ngo_user"]).get("/api/contracting/contracts/"))
    # reports: drafts are the NGO's alone; submitted ones go to the contracting body only
    reports = "/api/contracting/reports/"
    assert {w.draft.pk, w.submitted.pk} <= _ids(_api(actors["ngo_user"]).get(reports))
    for name in ("body_user", "authorized_user"):
        ids = _ids(_api(actors[name]).get(reports))
        assert w.submitted.pk in ids and w.draft.pk not in ids, name
    for name in ("other_body_user", "other_ngo_user"):
        assert not {w.draft.pk, w.submitted.pk} & _ids(_api(actors[name]).get(reports)), name
    draft_url = reverse("contracting:report", args=[w.draft.pk]).encode()
    inbox = _page(actors["body_user"]).get(reverse("contracting:reports"))
    assert reverse("contracting:report", args=[w.submitted.pk]).encode() in inbox.content
    assert draft_url not in inbox.content
    other_inbox = _page(actors["other_body_user"]).get(reverse("contracting:reports"))
    assert reverse("contracting:report", args=[w.submitted.pk]).encode() not in other_inbox.content
    # the public contract page and API: no drafts, no schedule for outsiders
    for user in (None, actors["body_user"], actors["other_body_user"], actors["authorized_user"]):
        page = _page(user).get(reverse("contracting:contract", args=[w.contract.pk]))
        assert page.status_code == 200
        assert draft_url not in page.content and "Черновик".encode() not in page.content
    for user in (None, actors["other_body_user"], actors["other_ngo_user"], actors["expert"]):
        data = _api(user).get(f"/api/contracting/contracts/{w.contract.pk}/").json()
        assert "stages" not in data
    # the passport in public: the team's names and roles, not their experience
    for user in (None, actors["other_ngo_user"]):
        response = _api(user).get(f"/api/contracting/contracts/{w.contract.pk}/passport/")
        assert response.status_code == 200 and "Секретный опыт".encode() not in response.content
        page = _page(user).get(reverse("contracting:passport", args=[w.contract.pk]))
        assert page.status_code == 200 and "Секретный опыт".encode() not in page.content
    # imports and the NGO desk show the caller's own organisation only
    page = _page(actors["other_body_user"]).get(reverse("contracting:import"))
    assert page.status_code == 200 and b"secret-lots.csv" not in page.content
    page = _page(actors["other_ngo_user"]).get(reverse("contracting:my_ngo"))
    assert page.status_code == 200 and w.ngo.name_ru.encode() not in page.content


# --- Bad input, everywhere: 400/404/409 naming the field, never a 500, never a partial write ---

LONG = "x" * 100_000
HUGE = 10**30


@dataclass(frozen=True)
class Bad:
    id: str
    method: str
    path: Callable
    owner: str
    data: Callable
    field: str | None = None  # the field the JSON answer must name
    ok: tuple = (400,)
    multipart: bool = False


def _topic(w, **kw):
    return topic_data(w, **kw)


BAD_INPUT = [
    # formation
    Bad("cycle.year.text", "POST", api("cycles/"), "body_user", lambda w: {"year": "abc"}, "year"),
    Bad("cycle.year.negative", "POST", api("cycles/"), "body_user", lambda w: {"year": -5}, "year"),
    Bad("cycle.year.huge", "POST", api("cycles/"), "body_user", lambda w: {"year": HUGE}, "year"),
    Bad("cycle.missing", "POST", api("cycles/"), "body_user", lambda w: {}, "year"),
    Bad("cycle.list_body", "POST", api("cycles/"), "body_user", lambda w: [1, 2], None),
    Bad("cycle.limit.long", "POST", api("cycles/"), "body_user",
        lambda w: {"year": 2028, "budget_limit": LONG}, "budget_limit"),
    Bad("cycle.limit.negative", "POST", api("cycles/"), "body_user",
        lambda w: {"year": 2028, "budget_limit": "-5"}, "budget_limit"),
    Bad("cycle.limit.nan", "POST", api("cycles/"), "body_user",
        lambda w: {"year": 2028, "budget_limit": "NaN"}, "budget_limit"),
    Bad("cycle.missing_id", "GET", api("cycles/999999999/"), "body_user", lambda w: None,
        ok=(404,)),
    Bad("cycle.unknown_action", "POST", api("cycles/{w.c_plan.pk}/explode/"), "body_user",
        lambda w: {}, ok=(404,)),
    Bad("topic.financing.text", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing="abc"), "financing"),
    Bad("topic.financing.negative", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing="-1"), "financing"),
    Bad("topic.financing.nan", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing="NaN"), "financing"),
    Bad("topic.financing.huge", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, financing=str(HUGE)), "financing"),
    Bad("topic.area.text", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, area="abc"), "area"),
    Bad("topic.area.huge", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, area=HUGE), "area"),
    Bad("topic.area.missing_id", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, area=999999), "area"),
    Bad("topic.sources.foreign", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, sources=[w.other_evidence.pk]), "sources"),
    Bad("topic.sources.huge", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, sources=[HUGE]), "sources"),
    Bad("topic.sources.text", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, sources="abc"), "sources"),
    Bad("topic.theme.long", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: _topic(w, theme_kk=LONG), "theme_kk"),
    Bad("topic.missing", "POST", api("cycles/{w.c_plan.pk}/topics/"), "body_user",
        lambda w: {}, "theme_kk"),
    Bad("budget.date", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-13-45", "amounts": {}}, "approved_on"),
    Bad("budget.future", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2999-01-01", "amounts": {}}, "approved_on"),
    Bad("budget.key.text", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {"abc": "1"}}, "amounts"),
    Bad("budget.key.huge", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(HUGE): "1"}}, "amounts"),
    Bad("budget.key.foreign", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.other_topics[0].pk): "1"}},
        "amounts"),
    Bad("budget.amount.negative", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.fixed_topic.pk): "-1"}},
        "amount_{w.fixed_topic.pk}"),
    Bad("budget.amount.nan", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": {str(w.fixed_topic.pk): "NaN"}},
        "amount_{w.fixed_topic.pk}"),
    Bad("budget.amounts.list", "POST", api("cycles/{w.c_fixed.pk}/budget/"), "body_user",
        lambda w: {"approved_on": "2025-06-01", "amounts": [1]}, "amounts"),
    Bad("decide.outcome", "POST", api("comments/{w.c_pending.pk}/decide/"), "body_user",
        lambda w: {"outcome": "maybe"}, "outcome"),
    Bad("decide.reject_unjustified", "POST", api("comments/{w.c_pending.pk}/decide/"),
        "body_user", lambda w: {"outcome": "rejected"}, "justification"),
    Bad("decide.long", "POST", api("comments/{w.c_pending.pk}/decide/"), "body_user",
        lambda w: {"outcome": "rejected", "justification": LONG}, "justification"),
    Bad("decide.missing_id", "POST", api("comments/999999999/decide/"), "body_user",
        lambda w: {"outcome": "accepted"}, ok=(404,)),
    Bad("hide.empty", "POST", api("comments/{w.c_pending.pk}/hide/"), "body_user",
        lambda w: {"reason": ""}, "reason"),
    Bad("hide.long", "POST", api("comments/{w.c_pending.pk}/hide/"), "body_user",
        lambda w: {"reason": LONG}, "reason"),
    Bad("recommend.choice", "POST", api("topics/{w.council_topic.pk}/recommend/"),
        "authorized_user", lambda w: {"recommendation": "x"}, "recommendation"),
    Bad("recommend.long", "POST", api("topics/{w.council_topic.pk}/recommend/"),
        "authorized_user",
        lambda w: {"recommendation": "revise", "recommendation_text": LONG},
        "recommendation_text"),
    Bad("spec.service_types.huge", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", lambda w: {"service_types": [HUGE]}, "service_types"),
    Bad("spec.service_types.missing", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", lambda w: {"service_types": [-1]}, "service_types"),
    Bad("spec.service_types.text", "POST", api("topics/{w.council_topic.pk}/spec/"),
        "body_user", lambda w: {"service_types": "abc"}, "service_types"),
    Bad("spec.file.not_a_file", "POST", api("topics/{w.council_topic.pk}/spec/"), "body_user",
        lambda w: {"tech_spec": "abc"}, "tech_spec"),
    Bad("spec.file.type", "POST", api("topics/{w.council_topic.pk}/spec/"), "body_user",
        lambda w: {"tech_spec": SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 100)},
        "tech_spec", multipart=True),
    Bad("evidence.kind", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "x", "title": "t", "date": "2025-01-01"}, "kind"),
    Bad("evidence.date", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "statistics", "title": "t", "date": "31.02.2025"}, "date"),
    Bad("evidence.title.long", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "statistics", "title": LONG, "date": "2025-01-01"}, "title"),
    Bad("evidence.description.long", "POST", api("evidence/"), "body_user",
        lambda w: {"kind": "statistics", "title": "t", "date": "2025-01-01",
                   "description": LONG}, "description"),
    Bad("comment.long", "POST", api("topics/{w.disc_topic.pk}/comments/"), "anonymous",
        lambda w: {"author_name": "A", "author_contact": "a@b.kz", "remark": LONG}, "remark"),
    Bad("comment.no_author", "POST", api("topics/{w.disc_topic.pk}/comments/"), "anonymous",
        lambda w: {"remark": "R"}, "author_name"),
    Bad("comment.closed", "POST", api("topics/{w.disc_topic.pk}/comments/"), "anonymous",
        lambda w: {"author_name": "A", "author_contact": "a@b.kz", "remark": "R"}, ok=(409,)),
    Bad("comment.missing_topic", "POST", api("topics/999999999/comments/"), "anonymous",
        lambda w: {"author_name": "A", "author_contact": "a@b.kz", "remark": "R"}, ok=(404,)),
    Bad("annex.lang", "GET", api("cycles/{w.c_plan.pk}/annex/1/?lang=xx"), "body_user",
        lambda w: None, "lang"),
    Bad("annex.output", "GET", api("cycles/{w.c_plan.pk}/annex/1/?output=exe"), "body_user",
        lambda w: None, "output"),
    Bad("annex.number", "GET", api("cycles/{w.c_plan.pk}/annex/9/"), "body_user",
        lambda w: None, ok=(404,)),
    Bad("national.year", "GET", api("national/?year=abc"), "authorized_user", lambda w: None,
        "year"),
    Bad("national.year.huge", "GET", api(f"national/?year={HUGE}"), "authorized_user",
        lambda w: None, "year"),
    Bad("approved.body.text", "GET", api("approved-topics/?body=abc"), "anonymous",
        lambda w: None, "body"),
    Bad("approved.body.superscript", "GET", api("approved-topics/?body=²"), "anonymous",
        lambda w: None, "body"),
    # contracting
    Bad("lot.competition.text", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": "abc", "number": "L", "name_ru": "N", "amount": "1"},
        "competition", ok=(400, 404)),
    Bad("lot.competition.foreign", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.other_competition.pk, "number": "L", "name_ru": "N",
                   "amount": "1"}, ok=(403, 404)),
    Bad("lot.body.list", "POST", capi("lots/"), "body_user", lambda w: [1], None,
        ok=(400, 404)),
    Bad("lot.amount.negative", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.competition.pk, "number": "L", "name_ru": "N",
                   "amount": "-1"}, "amount"),
    Bad("lot.amount.huge", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.competition.pk, "number": "L", "name_ru": "N",
                   "amount": str(HUGE)}, "amount"),
    Bad("lot.name.long", "POST", capi("lots/"), "body_user",
        lambda w: {"competition": w.competition.pk, "number": "L", "name_ru": LONG,
                   "amount": "1"}, "name_ru"),
    Bad("competition.year", "POST", capi("competitions/"), "body_user",
        lambda w: {"procurement_number": "N", "year": "abc"}, "year"),
    Bad("competition.long", "POST", capi("competitions/"), "body_user",
        lambda w: {"procurement_number": LONG, "year": 2025}, "procurement_number"),
    Bad("competition.date", "POST", capi("competitions/"), "body_user",
        lambda w: {"procurement_number": "N", "year": 2025, "held_on": "yesterday"}, "held_on"),
    Bad("contract.lot.text", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, lot="abc"), "lot"),
    Bad("contract.lot.foreign", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, lot=w.other_lot.pk), ok=(403, 404)),
    Bad("contract.lot.missing", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, lot=999999999), "lot"),
    Bad("contract.supplier", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, supplier_bin="000000000000"), "supplier_bin"),
    Bad("contract.amount.zero", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, amount="0"), "amount"),
    Bad("contract.amount.huge", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, amount=str(HUGE)), "amount"),
    Bad("contract.dates.reversed", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, ends_on="2025-01-01"), "ends_on"),
    Bad("contract.date.bad", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, signed_on="2025-02-30"), "signed_on"),
    Bad("contract.indicator.nan", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, indicators=[{"no": 1, "name": "I", "unit": "u",
                                             "planned": "NaN"}]), "indicators"),
    Bad("contract.target.huge", "POST", capi("contracts/"), "body_user",
        lambda w: _contract(w, target_groups=[{"no": 1, "name": "G", "planned": HUGE}]),
        "target_groups"),
    Bad("transition.status", "POST", capi("contracts/{w.contract.pk}/transition/"), "body_user",
        lambda w: {"status": "xyz"}, "status"),
    Bad("transition.same", "POST", capi("contracts/{w.contract.pk}/transition/"), "body_user",
        lambda w: {"status": "active"}, ok=(400, 409)),
    Bad("passport.reached.text_key", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user", lambda w: {"reached": {"abc": 1}}, "target_groups"),
    Bad("passport.reached.foreign", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user",
        lambda w: {"reached": {str(w.other_contract.target_groups.get().pk): 1}},
        "target_groups"),
    Bad("passport.reached.negative", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user",
        lambda w: {"reached": {str(w.contract.target_groups.get().pk): -1}}, "reached"),
    Bad("passport.budget.negative", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user", lambda w: {"budget": "-1"}, "budget"),
    Bad("passport.budget.nan", "PUT", capi("contracts/{w.contract.pk}/passport/"), "ngo_user",
        lambda w: {"budget": "NaN"}, "budget"),
    Bad("passport.team.long", "PUT", capi("contracts/{w.contract.pk}/passport/"), "ngo_user",
        lambda w: {"team": [{"name": LONG, "role": "r"}]}, "team"),
    Bad("passport.team.type", "PUT", capi("contracts/{w.contract.pk}/passport/"), "ngo_user",
        lambda w: {"team": "abc"}, "team"),
    Bad("passport.publication.url", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user",
        lambda w: {"publications": [{"outlet": "o", "title": "t", "published_on": "2025-01-01",
                                     "url": "not a url"}]}, "publications"),
    Bad("passport.proposals.long", "PUT", capi("contracts/{w.contract.pk}/passport/"),
        "ngo_user", lambda w: {"proposals": [LONG]}, "proposals"),
    Bad("report.actuals.string", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": "abc"}, "indicator_actuals"),
    Bad("report.actuals.list", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": [1, 2]}, "indicator_actuals"),
    Bad("report.actuals.nan", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": {str(w.contract.indicators.get().pk): "NaN"}},
        "indicator_actuals"),
    Bad("report.actuals.infinity", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": {str(w.contract.indicators.get().pk): "Infinity"}},
        "indicator_actuals"),
    Bad("report.actuals.foreign", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"indicator_actuals": {"999999": "1"}}, "indicator_actuals"),
    Bad("report.coverage.list_value", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"coverage_reached": {str(w.contract.target_groups.get().pk): [1]}},
        "coverage_reached"),
    Bad("report.coverage.negative", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"coverage_reached": {str(w.contract.target_groups.get().pk): -1}},
        "coverage_reached"),
    Bad("report.coverage.foreign", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: {"coverage_reached": {str(w.other_contract.target_groups.get().pk): 1}},
        "coverage_reached"),
    Bad("report.body.list", "PATCH", capi("reports/{w.draft.pk}/"), "ngo_user",
        lambda w: [1], None),
    Bad("report.submitted.patch", "PATCH", capi("reports/{w.submitted.pk}/"), "ngo_user",
        lambda w: {"main_work": "x"}, ok=(403, 409)),
    Bad("report.submit.twice", "POST", capi("reports/{w.submitted.pk}/submit/"), "ngo_user",
        lambda w: {}, ok=(403, 409)),
    Bad("report.files.none", "POST", capi("reports/{w.draft.pk}/files/"), "ngo_user",
        lambda w: {}, "files", multipart=True),
    Bad("report.files.type", "POST", capi("reports/{w.draft.pk}/files/"), "ngo_user",
        lambda w: {"file": SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 100)}, "files",
        multipart=True),
    Bad("report.missing", "GET", capi("reports/999999999/"), "ngo_user", lambda w: None,
        ok=(404,)),
    Bad("import.none", "POST", capi("imports/"), "body_user", lambda w: {}, "file",
        multipart=True),
    Bad("import.ext", "POST", capi("imports/"), "body_user",
        lambda w: {"file": SimpleUploadedFile("a.exe", b"MZ")}, "file", multipart=True),
    Bad("import.fake_xlsx", "POST", capi("imports/"), "body_user",
        lambda w: {"file": SimpleUploadedFile("a.xlsx", b"not a workbook")}, "file",
        multipart=True),
    Bad("invitation.email", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: {"email": "not-an-email", "full_name": "A"}, "email"),
    Bad("invitation.email.object", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: {"email": {"a": 1}, "full_name": "A"}, "email"),
    Bad("invitation.name.long", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: {"email": "a@b.kz", "full_name": LONG}, "full_name"),
    Bad("invitation.body.list", "POST", capi("ngos/invitations/"), "ngo_user",
        lambda w: [1], None),
    Bad("register.bin", "POST", capi("ngos/register/"), "anonymous",
        lambda w: _registration(w, bin="123456789012"), "bin"),
    Bad("ngo.missing", "GET", capi("ngos/999999999/"), "anonymous", lambda w: None, ok=(404,)),
]  # fmt: skip


def _contract(w, **kw):
    data = {
        "lot": w.lot2.pk, "supplier_bin": w.ngo.bin, "number": "C-9", "signed_on": "2025-02-01",
        "amount": "1000", "starts_on": "2025-02-01", "ends_on": "2025-11-30",
    }  # fmt: skip
    data.update(kw)
    return data


def _registration(w, **kw):
    data = {
        "bin": "", "name_kk": "N", "name_ru": "N", "short_name_kk": "N", "short_name_ru": "N",
        "legal_form": "public_association", "areas": ["youth"], "region": "astana",
        "address": "A", "phones": "1", "email": "new-ngo@example.kz", "description": "D",
        "full_name": "F", "username": "newngo", "password": "pass-1234-word-long",
    }  # fmt: skip
    data.update(kw)
    return data


@pytest.mark.parametrize("bad", BAD_INPUT, ids=[b.id for b in BAD_INPUT])
def test_bad_input_is_refused_with_the_field(bad, w, actors):
    _world_aliases(w, actors)
    user = None if bad.owner == "anonymous" else actors[bad.owner]
    c = _api(user)
    path = bad.path(w)
    before = snapshot()
    data = bad.data(w)
    if bad.method == "GET":
        response = c.get(path)
    else:
        fmt = "multipart" if bad.multipart else "json"
        response = getattr(c, bad.method.lower())(path, data, format=fmt)
    assert response.status_code in bad.ok, (response.status_code, _text(response))
    body = response.json()
    assert body.get("detail"), body
    if bad.field:
        expected = bad.field.format(w=w)
        named = {body.get("field"), *(body.get("errors") or {})}
        assert expected in named, body
    assert_unchanged(before, bad.id)


# Query strings with junk never answer 500 (a filter that matches nothing is fine).
JUNK_QUERIES = [
    "/api/contracting/contracts/?year=²", "/api/contracting/contracts/?year=99999999999999999999",
    "/api/contracting/competitions/?year=²", "/api/contracting/lots/?competition=²",
    "/api/contracting/lots/?competition=99999999999999999999",
    "/api/contracting/ngos/?q=" + "x" * 5000, "/api/contracting/ngos/?region=nowhere",
    "/contracting/contracts/?year=²", "/contracting/contracts/?year=99999999999999999999",
    "/contracting/competitions/?year=²", "/contracting/ngos/?q=%00&region=abc&area=-1",
    "/contracting/reports/?timing=xyz&page=-1", "/formation/national/?year=²",
    "/formation/?page=abc", "/api/formation/national/?year=²",
]  # fmt: skip


@pytest.mark.parametrize("path", JUNK_QUERIES)
def test_junk_queries_never_fail(path, actors, body_user):
    user = actors["authorized_user"] if "national" in path else body_user
    for c in (_api(user), _page(user)):
        response = c.get(path)
        assert response.status_code in (200, 302, 400, 404), (path, response.status_code)


def test_contract_page_refuses_bad_lines_without_writing(w, actors):
    before = snapshot()
    client = _page(actors["body_user"])
    path = reverse("contracting:contract_new", args=[w.lot2.pk])
    base = {
        "supplier_bin": w.ngo.bin, "number": "C-9", "signed_on": "2025-02-01", "year": 2025,
        "amount": "1000", "starts_on": "2025-02-01", "ends_on": "2025-11-30",
    }  # fmt: skip
    for field_name, value in (
        ("target_groups", "Молодёжь; ²"),
        ("target_groups", f"Молодёжь; {HUGE}"),
        ("indicators", "Семинары; ед.; NaN"),
        ("indicators", "Семинары; ед.; Infinity"),
        ("indicators", f"Семинары; ед.; {HUGE}"),
        ("amount", "-1"),
        ("signed_on", "2025-02-30"),
    ):
        response = client.post(path, {**base, field_name: value})
        assert response.status_code == 200, (field_name, value, response.status_code)
        assert response.context["form"].errors, (field_name, value)
    assert_unchanged(before, "body_user")


def test_ngo_verify_does_not_redirect_off_site(w, actors):
    response = _page(actors["authorized_user"]).post(
        reverse("contracting:ngo_verify", args=[w.unverified_ngo.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response.status_code == 302 and not response["Location"].startswith("http")


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(section=st.sampled_from(["indicator_actuals", "coverage_reached"]), value=JSON_VALUES,
       use_real_key=st.booleans())  # fmt: skip
def test_report_sections_take_any_json_without_a_500(w, actors, section, value, use_real_key):
    rows = w.contract.indicators if section == "indicator_actuals" else w.contract.target_groups
    payload = {str(rows.get().pk): value} if use_real_key else value
    response = _api(actors["ngo_user"]).patch(
        f"/api/contracting/reports/{w.draft.pk}/", {section: payload}, format="json"
    )
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert response.json().get("field") == section
