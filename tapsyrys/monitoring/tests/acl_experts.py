"""The experts part's rows of the X-ACL matrix (see tests/world_experts.py for the objects)."""

from django.urls import reverse

from tapsyrys.api.tests.acl_support import Row, url

NOT_EXPERTS = ("body_user", "other_body_user", "ngo_user", "other_ngo_user", "council_member")
# a signed notice: the expert, the contract's body and the authorized body
SIGNED_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "assigned_expert",
               "council_member")  # fmt: skip
# a draft notice: its expert alone
DRAFT_DENY = ("body_user", "authorized_user", *SIGNED_DENY)
# the body's choice of the expert: the contract's body alone
ASSIGN_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "assigned_expert",
               "council_member", "authorized_user")  # fmt: skip
READ_SIGNED = ("body_user", "authorized_user")

NO = {"declares_conflict": "no", "member": "no", "governing": "no", "payments": "no",
      "family": "no", "other": "no"}  # fmt: skip
API_NO = {"declares_conflict": False, "member": False, "governing": False, "payments": False,
          "family": False, "other": False}  # fmt: skip


def mapi(path):
    return lambda w: "/api/monitoring/" + path.format(w=w)


def with_lang(name, attr, lang):
    return lambda w: reverse(name, args=[getattr(w, attr).pk]) + f"?lang={lang}"


PAGES = [
    Row("ME.desk", "monitoring:expert_desk", "GET", lambda w: reverse("monitoring:expert_desk"),
        "expert", (200,), deny=NOT_EXPERTS, readers=("assigned_expert",)),
    Row("ME.needs_expert", "monitoring:needs_expert", "GET",
        lambda w: reverse("monitoring:needs_expert"), "body_user", (200,),
        deny=("ngo_user", "other_ngo_user", "expert", "assigned_expert", "council_member"),
        readers=("authorized_user", "other_body_user")),
    Row("ME.notice_new.get", "monitoring:notice_new", "GET",
        url("monitoring:notice_new", "open_contract"), "assigned_expert", (200,),
        deny=NOT_EXPERTS),
    Row("ME.notice_new.post", "monitoring:notice_new", "POST",
        url("monitoring:notice_new", "open_contract"), "assigned_expert", (302,),
        deny=NOT_EXPERTS, data=lambda w: dict(NO)),
    Row("ME.notice.signed", "monitoring:notice", "GET", url("monitoring:notice", "expert_notice"),
        "expert", (200,), deny=SIGNED_DENY, readers=READ_SIGNED),
    Row("ME.notice.draft", "monitoring:notice", "GET", url("monitoring:notice", "expert_draft"),
        "expert", (200,), deny=DRAFT_DENY),
    Row("ME.notice.edit", "monitoring:notice", "POST", url("monitoring:notice", "expert_draft"),
        "expert", (302,), deny=DRAFT_DENY,
        data=lambda w: {**NO, "declares_conflict": "yes"}),
    Row("ME.notice_sign", "monitoring:notice_sign", "POST",
        url("monitoring:notice_sign", "expert_draft"), "expert", (302,), deny=DRAFT_DENY),
    Row("ME.notice_xlsx", "monitoring:notice_xlsx", "GET",
        with_lang("monitoring:notice_xlsx", "expert_notice", "kk"), "expert", (200,),
        deny=SIGNED_DENY, readers=READ_SIGNED),
    Row("ME.notice_pdf", "monitoring:notice_pdf", "GET",
        with_lang("monitoring:notice_pdf", "expert_draft", "ru"), "expert", (200,),
        deny=DRAFT_DENY),
    Row("ME.assign.get", "monitoring:assign", "GET", url("monitoring:assign", "open_contract"),
        "body_user", (200,), deny=ASSIGN_DENY),
    Row("ME.assign.post", "monitoring:assign", "POST", url("monitoring:assign", "open_contract"),
        "body_user", (302,), deny=ASSIGN_DENY, data=lambda w: {"expert": w.expert_user.pk}),
]  # fmt: skip

API = [
    Row("MEA.experts", "api:monitoring-experts", "GET",
        mapi("experts/?contract={w.open_contract.pk}"), "body_user", (200,),
        deny=("other_body_user", "ngo_user", "other_ngo_user", "expert", "assigned_expert",
              "council_member"), readers=("authorized_user",), api=True),
    Row("MEA.notices", "api:monitoring-notices", "GET", mapi("notices/"), "expert", (200,),
        deny=("ngo_user", "other_ngo_user", "council_member"),
        readers=("assigned_expert", "body_user", "other_body_user", "authorized_user"), api=True),
    Row("MEA.notices.post", "api:monitoring-notices", "POST", mapi("notices/"),
        "assigned_expert", (201,), deny=NOT_EXPERTS, api=True,
        data=lambda w: {**API_NO, "contract": w.open_contract.pk}),
    Row("MEA.notice.signed", "api:monitoring-notice", "GET",
        mapi("notices/{w.expert_notice.pk}/"), "expert", (200,), deny=SIGNED_DENY,
        readers=READ_SIGNED, api=True),
    Row("MEA.notice.patch", "api:monitoring-notice", "PATCH",
        mapi("notices/{w.expert_draft.pk}/"), "expert", (200,), deny=DRAFT_DENY, api=True,
        data=lambda w: {**API_NO, "other": True, "other_details": "Родство с главой акимата"}),
    Row("MEA.notice.sign", "api:monitoring-notice-sign", "POST",
        mapi("notices/{w.expert_draft.pk}/sign/"), "expert", (200,), deny=DRAFT_DENY, api=True),
    Row("MEA.assignments", "api:monitoring-assignments", "GET", mapi("assignments/"),
        "assigned_expert", (200,), deny=("council_member",),
        readers=("body_user", "ngo_user", "authorized_user"), api=True),
    Row("MEA.assignments.post", "api:monitoring-assignments", "POST", mapi("assignments/"),
        "body_user", (201,), deny=ASSIGN_DENY, api=True,
        data=lambda w: {"contract": w.open_contract.pk, "expert": w.expert_user.pk}),
]  # fmt: skip

ROWS = PAGES + API
PUBLIC_URL_NAMES = set()
# Lists scoped to the caller (their content is checked in test_experts_scoping.py).
SCOPED_URL_NAMES = {"api:monitoring-assignments", "api:monitoring-notices"}
SNAPSHOT_MODELS = (
    "monitoring.ExpertNotice", "monitoring.ExpertAssignment",
    "monitoring.ExpertNotice_named_ngos", "monitoring.ExpertNotice_member_ngos",
    "monitoring.ExpertNotice_governing_ngos", "monitoring.ExpertNotice_payments_ngos",
    "monitoring.ExpertNotice_family_ngos",
)  # fmt: skip
