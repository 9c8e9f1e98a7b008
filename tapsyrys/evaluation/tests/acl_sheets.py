"""The sheets part's rows of the X-ACL matrix (see tests/world_sheets.py for the objects)."""

from django.urls import reverse

from tapsyrys.api.tests.acl_support import Row, url

OUTSIDERS = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "assigned_expert")
# the member's own draft: the member alone
MEMBER_ONLY = ("body_user", "authorized_user", *OUTSIDERS)
# a signed sheet, the materials: the member, the contract's body, the authorized body
READ_BODY = ("body_user", "authorized_user")
NOT_MEMBERS = ("body_user", "ngo_user", "other_ngo_user", "expert", "assigned_expert",
               "other_body_user")  # fmt: skip
PENDING_DENY = ("ngo_user", "other_ngo_user", "expert", "assigned_expert", "council_member")
SCORES = {"results": "5", "positive_effect": "4", "continuation": "3", "long_term_effect": "4"}


def eapi(path):
    return lambda w: "/api/evaluation/" + path.format(w=w)


def with_lang(name, attr, lang):
    return lambda w: reverse(name, args=[getattr(w, attr).pk]) + f"?lang={lang}"


PAGES = [
    Row("ES.my", "evaluation:my", "GET", lambda w: reverse("evaluation:my"), "council_member",
        (200,), deny=NOT_MEMBERS),
    Row("ES.pending", "evaluation:pending", "GET", lambda w: reverse("evaluation:pending"),
        "body_user", (200,), deny=PENDING_DENY, readers=("authorized_user", "other_body_user")),
    Row("ES.materials", "evaluation:materials", "GET", url("evaluation:materials", "ev_draft"),
        "council_member", (200,), deny=OUTSIDERS, readers=READ_BODY),
    Row("ES.sheet_form.get", "evaluation:sheet_form", "GET",
        url("evaluation:sheet_form", "ev_draft"), "council_member", (200,), deny=MEMBER_ONLY),
    Row("ES.sheet_form.post", "evaluation:sheet_form", "POST",
        url("evaluation:sheet_form", "ev_empty"), "council_member", (302,), deny=MEMBER_ONLY,
        data=lambda w: dict(SCORES)),
    Row("ES.declare", "evaluation:declare", "POST", url("evaluation:declare", "ev_empty"),
        "council_member", (302,), deny=MEMBER_ONLY, data=lambda w: {"details": "Родственник"}),
    Row("ES.sheet.draft", "evaluation:sheet", "GET", url("evaluation:sheet", "sheet_draft"),
        "council_member", (200,), deny=MEMBER_ONLY),
    Row("ES.sheet.signed", "evaluation:sheet", "GET", url("evaluation:sheet", "sheet_signed"),
        "council_member", (200,), deny=OUTSIDERS, readers=READ_BODY),
    Row("ES.sheet_sign", "evaluation:sheet_sign", "POST",
        url("evaluation:sheet_sign", "sheet_draft"), "council_member", (302,), deny=MEMBER_ONLY),
    Row("ES.sheet_xlsx", "evaluation:sheet_xlsx", "GET",
        with_lang("evaluation:sheet_xlsx", "sheet_signed", "kk"), "council_member", (200,),
        deny=OUTSIDERS, readers=READ_BODY),
    Row("ES.sheet_pdf", "evaluation:sheet_pdf", "GET",
        with_lang("evaluation:sheet_pdf", "sheet_draft", "ru"), "council_member", (200,),
        deny=MEMBER_ONLY),
]  # fmt: skip

API = [
    Row("ESA.evaluations", "api:evaluation-evaluations", "GET", eapi("evaluations/"),
        "council_member", (200,), deny=(), api=True,
        readers=("body_user", "authorized_user", "other_body_user", "ngo_user")),
    Row("ESA.materials", "api:evaluation-materials", "GET",
        eapi("evaluations/{w.ev_draft.pk}/materials/"), "council_member", (200,),
        deny=OUTSIDERS, readers=READ_BODY, api=True),
    Row("ESA.conflict", "api:evaluation-conflict", "POST",
        eapi("evaluations/{w.ev_empty.pk}/conflict/"), "council_member", (201,),
        deny=MEMBER_ONLY, api=True, data=lambda w: {"details": "Член НКО"}),
    Row("ESA.pending", "api:evaluation-pending", "GET", eapi("pending/"), "body_user", (200,),
        deny=PENDING_DENY, readers=("authorized_user", "other_body_user"), api=True),
    Row("ESA.sheets", "api:evaluation-sheets", "GET", eapi("sheets/"), "council_member",
        (200,), deny=(), readers=("body_user", "authorized_user", "other_body_user", "ngo_user"),
        api=True),
    Row("ESA.sheets.post", "api:evaluation-sheets", "POST", eapi("sheets/"), "council_member",
        (201,), deny=MEMBER_ONLY, api=True,
        data=lambda w: {"evaluation": w.ev_empty.pk, "results": 4}),
    Row("ESA.sheet.draft", "api:evaluation-sheet", "GET", eapi("sheets/{w.sheet_draft.pk}/"),
        "council_member", (200,), deny=MEMBER_ONLY, api=True),
    Row("ESA.sheet.signed", "api:evaluation-sheet", "GET", eapi("sheets/{w.sheet_signed.pk}/"),
        "council_member", (200,), deny=OUTSIDERS, readers=READ_BODY, api=True),
    Row("ESA.sheet.patch", "api:evaluation-sheet", "PATCH", eapi("sheets/{w.sheet_draft.pk}/"),
        "council_member", (200,), deny=MEMBER_ONLY, api=True, data=lambda w: {"results": 2}),
    Row("ESA.sheet.sign", "api:evaluation-sheet-sign", "POST",
        eapi("sheets/{w.sheet_draft.pk}/sign/"), "council_member", (200,), deny=MEMBER_ONLY,
        api=True),
]  # fmt: skip

ROWS = PAGES + API
PUBLIC_URL_NAMES = set()
# lists scoped to the caller (a member: their councils'; a body: its own; the authorized
# body: all)
SCOPED_URL_NAMES = {"api:evaluation-evaluations", "api:evaluation-sheets"}
SNAPSHOT_MODELS = ("evaluation.Evaluation", "evaluation.AssessmentSheet", "evaluation.Exclusion")
