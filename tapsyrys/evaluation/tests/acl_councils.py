"""The councils part's rows of the X-ACL matrix (see tests/world_councils.py for the objects)."""

from django.urls import reverse
from django.utils import timezone

from tapsyrys.api.tests.acl_support import Row, url

# the council's body alone (the authorized body reads, never acts)
BODY_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member",
             "authorized_user")  # fmt: skip
# a signed notice: the member, the council's body and the authorized body
SIGNED_DENY = ("other_body_user", "ngo_user", "other_ngo_user", "expert")
READ_SIGNED = ("body_user", "authorized_user")
# a draft notice: its member alone
DRAFT_DENY = ("body_user", "authorized_user", *SIGNED_DENY)
NOT_THE_NOMINEE = ("body_user", "other_body_user", "other_ngo_user", "expert", "council_member",
                   "authorized_user")  # fmt: skip

NO = {"declares_conflict": "no", "member": "no", "governing": "no", "payments": "no",
      "family": "no", "other": "no"}  # fmt: skip
API_NO = {"declares_conflict": False, "member": False, "governing": False, "payments": False,
          "family": False, "other": False}  # fmt: skip


def eapi(path):
    return lambda w: "/api/evaluation/" + path.format(w=w)


def with_lang(name, attr, lang):
    return lambda w: reverse(name, args=[getattr(w, attr).pk]) + f"?lang={lang}"


def _this_year():
    return timezone.localdate().year


PAGES = [
    Row("EC.new.get", "evaluation:council_new", "GET", lambda w: reverse("evaluation:council_new"),
        "body_user", (200,), deny=("ngo_user", "other_ngo_user", "expert", "council_member",
                                   "authorized_user"), readers=("other_body_user",)),
    Row("EC.new.post", "evaluation:council_new", "POST",
        lambda w: reverse("evaluation:council_new"), "body_user", (302,),
        deny=("ngo_user", "other_ngo_user", "expert", "council_member", "authorized_user"),
        data=lambda w: {"announcement": "Объявление", "first_year": str(_this_year())}),
    Row("EC.form.post", "evaluation:council_form", "POST",
        url("evaluation:council_form", "council_formable"), "body_user", (302,), deny=BODY_DENY,
        data=lambda w: {"mode": "nominations", "include": [str(w.formable_nomination.pk)]}),
    Row("EC.approve.post", "evaluation:council_approve", "POST",
        url("evaluation:council_approve", "council_preliminary"), "body_user", (302,),
        deny=BODY_DENY,
        data=lambda w: {"approved_on": w.today.isoformat(), "approval_reference": "Протокол 2"}),
    Row("EC.notices", "evaluation:council_notices", "GET",
        url("evaluation:council_notices", "council"), "body_user", (200,),
        deny=("other_body_user", "ngo_user", "other_ngo_user", "expert", "council_member"),
        readers=("authorized_user",)),
    Row("EC.mine", "evaluation:my_councils", "GET", lambda w: reverse("evaluation:my_councils"),
        "council_member", (200,), deny=(), readers=("body_user", "ngo_user", "expert")),
    Row("EC.withdraw", "evaluation:nomination_withdraw", "POST",
        url("evaluation:nomination_withdraw", "open_nomination"), "ngo_user", (302,),
        deny=NOT_THE_NOMINEE),
    Row("EC.notice_new.get", "evaluation:member_notice_new", "GET",
        url("evaluation:member_notice_new", "membership"), "council_member", (302,),
        deny=DRAFT_DENY),
    Row("EC.notice.signed", "evaluation:member_notice", "GET",
        url("evaluation:member_notice", "member_notice"), "council_member", (200,),
        deny=SIGNED_DENY, readers=READ_SIGNED),
    Row("EC.notice.draft", "evaluation:member_notice", "GET",
        url("evaluation:member_notice", "member_draft"), "council_member", (200,),
        deny=DRAFT_DENY),
    Row("EC.notice.edit", "evaluation:member_notice", "POST",
        url("evaluation:member_notice", "member_draft"), "council_member", (302,),
        deny=DRAFT_DENY, data=lambda w: {**NO, "declares_conflict": "yes"}),
    Row("EC.notice_sign", "evaluation:member_notice_sign", "POST",
        url("evaluation:member_notice_sign", "member_draft"), "council_member", (302,),
        deny=DRAFT_DENY),
    Row("EC.notice_xlsx", "evaluation:member_notice_xlsx", "GET",
        with_lang("evaluation:member_notice_xlsx", "member_notice", "kk"), "council_member",
        (200,), deny=SIGNED_DENY, readers=READ_SIGNED),
    Row("EC.notice_pdf", "evaluation:member_notice_pdf", "GET",
        with_lang("evaluation:member_notice_pdf", "member_draft", "ru"), "council_member",
        (200,), deny=DRAFT_DENY),
]  # fmt: skip

API = [
    Row("ECA.councils.post", "api:evaluation-councils", "POST", eapi("councils/"), "body_user",
        (201,), deny=("ngo_user", "other_ngo_user", "expert", "council_member", "authorized_user"),
        api=True, data=lambda w: {"announcement": "Объявление", "first_year": _this_year()}),
    Row("ECA.form", "api:evaluation-council-form", "POST",
        eapi("councils/{w.council_formable.pk}/form/"), "body_user", (200,), deny=BODY_DENY,
        api=True, data=lambda w: {"include": [w.formable_nomination.pk]}),
    Row("ECA.approve", "api:evaluation-council-approve", "POST",
        eapi("councils/{w.council_preliminary.pk}/approve/"), "body_user", (200,),
        deny=BODY_DENY, api=True,
        data=lambda w: {"approved_on": w.today.isoformat(), "approval_reference": "Протокол 2"}),
    Row("ECA.nominations", "api:evaluation-nominations", "GET", eapi("nominations/"),
        "ngo_user", (200,), deny=(), readers=("body_user", "authorized_user", "council_member"),
        api=True),
    Row("ECA.nominations.post", "api:evaluation-nominations", "POST", eapi("nominations/"),
        "other_ngo_user", (201,), deny=("body_user", "other_body_user", "authorized_user"),
        api=True, data=lambda w: {"council": w.council_open.pk, "about": "Волонтёр"}),
    Row("ECA.withdraw", "api:evaluation-nomination-withdraw", "POST",
        eapi("nominations/{w.open_nomination.pk}/withdraw/"), "ngo_user", (200,),
        deny=NOT_THE_NOMINEE, api=True),
    Row("ECA.notices", "api:evaluation-member-notices", "GET", eapi("member-notices/"),
        "council_member", (200,), deny=(), readers=("body_user", "authorized_user", "ngo_user"),
        api=True),
    Row("ECA.notices.post", "api:evaluation-member-notices", "POST", eapi("member-notices/"),
        "council_member", (201,), deny=DRAFT_DENY, api=True,
        data=lambda w: {**API_NO, "membership": w.membership.pk, "other": True,
                        "other_details": "Родство"}),
    Row("ECA.notice.signed", "api:evaluation-member-notice", "GET",
        eapi("member-notices/{w.member_notice.pk}/"), "council_member", (200,),
        deny=SIGNED_DENY, readers=READ_SIGNED, api=True),
    Row("ECA.notice.patch", "api:evaluation-member-notice", "PATCH",
        eapi("member-notices/{w.member_draft.pk}/"), "council_member", (200,), deny=DRAFT_DENY,
        api=True, data=lambda w: {**API_NO, "other": True, "other_details": "Родство"}),
    Row("ECA.notice.sign", "api:evaluation-member-notice-sign", "POST",
        eapi("member-notices/{w.member_draft.pk}/sign/"), "council_member", (200,),
        deny=DRAFT_DENY, api=True),
]  # fmt: skip

ROWS = PAGES + API
# The announcement, the term, the composition and the approval are public (§16: published);
# the self-nomination page shows a signed-out visitor the sign-up link.
PUBLIC_URL_NAMES = {
    "evaluation:councils", "evaluation:council", "evaluation:council_nominate",
    "api:evaluation-councils", "api:evaluation-council",
}  # fmt: skip
# Lists scoped to the caller (their content is checked in test_councils_api.py).
SCOPED_URL_NAMES = {"api:evaluation-nominations", "api:evaluation-member-notices",
                    "evaluation:my_councils"}  # fmt: skip
SNAPSHOT_MODELS = (
    "evaluation.ExpertCouncil", "evaluation.Nomination", "evaluation.CouncilMember",
    "evaluation.MemberNotice", "evaluation.MemberNotice_named_ngos",
    "evaluation.MemberNotice_member_ngos", "evaluation.MemberNotice_governing_ngos",
    "evaluation.MemberNotice_payments_ngos", "evaluation.MemberNotice_family_ngos",
    "core.RoleAssignment",
)  # fmt: skip
